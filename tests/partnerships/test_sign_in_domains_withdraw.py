"""Site staff withdraw a confirmation from the staff page (confirmed for the wrong
partnership, say): after a confirmation page, the domain is refused, routes and signs in
nobody, and its history says who withdrew it and when. Only site staff may."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from partnerships import sso
from partnerships.models import SignInDomain
from tests.partnerships.sign_in_domains import PROVIDERS

URL = reverse("sign_in_domains")
CLAIMS = {"email": "kim@westshire.gov.uk", "email_verified": True}


@pytest.fixture(autouse=True)
def providers(settings):
    settings.OIDC_PROVIDERS = PROVIDERS


@pytest.fixture
def held(partnership, priya, staff, sam):
    """westshire.gov.uk, confirmed for the partnership; sam@westshire.gov.uk is a member."""
    sso.save_single_sign_on(
        partnership=partnership, provider="westshire", domains=["westshire.gov.uk"], by=priya
    )
    domain = SignInDomain.objects.get()
    sso.confirm_domain(domain=domain, by=staff)
    sam.email = "kim@westshire.gov.uk"
    sam.save()
    return domain


def _withdraw_url(domain):
    return reverse("sign_in_domain_withdraw", args=[domain.pk])


def test_staff_see_confirmed_domains_with_who_confirmed_them_and_when(client_as, staff, held):
    page = client_as(staff).get(URL).content.decode()

    confirmed = page.split("<h2>Confirmed domains</h2>")[1]
    assert '<th scope="row">westshire.gov.uk</th>' in confirmed
    assert "Central Bedfordshire CSP" in confirmed and "Westshire Council" in confirmed
    assert "Hana Support" in confirmed
    held.refresh_from_db()
    assert held.decided_at.strftime("%-d %B %Y") in confirmed
    assert f'href="{_withdraw_url(held)}">Withdraw<span' in confirmed


def test_staff_withdraw_after_being_asked_and_the_domain_stops_routing(client_as, staff, held):
    client = client_as(staff)
    assert sso.provider_for_email("kim@westshire.gov.uk").key == "westshire"
    provider = sso.providers()["westshire"]
    assert sso.account_for(provider=provider, claims=CLAIMS).email == "kim@westshire.gov.uk"

    asked = client.get(_withdraw_url(held)).content.decode()
    assert "Withdraw the confirmation of westshire.gov.uk?" in asked
    held.refresh_from_db()
    assert held.status == SignInDomain.Status.CONFIRMED  # asking changes nothing
    # A post without the yes asks again, and changes nothing either.
    assert "Yes, withdraw the confirmation" in client.post(_withdraw_url(held)).content.decode()
    held.refresh_from_db()
    assert held.status == SignInDomain.Status.CONFIRMED

    response = client.post(_withdraw_url(held), {"confirm": "yes"}, follow=True)

    page = response.content.decode()
    assert (
        "Confirmation withdrawn: westshire.gov.uk no longer signs anyone in to "
        "Central Bedfordshire CSP." in page
    )
    assert "No domain is confirmed." in page
    held.refresh_from_db()
    assert held.status == SignInDomain.Status.REFUSED
    assert held.decided_by == staff
    assert sso.provider_for_email("kim@westshire.gov.uk") is None
    with pytest.raises(sso.Refused, match="do not sign in through Westshire Council"):
        sso.account_for(provider=provider, claims=CLAIMS)


def test_the_history_keeps_who_confirmed_and_who_withdrew(client_as, staff, held):
    other_staff = User.objects.create_user(username="ops@service.example", is_staff=True)

    client_as(other_staff).post(_withdraw_url(held), {"confirm": "yes"})

    latest, confirmed = held.history.order_by("-history_id")[:2]
    assert latest.status == SignInDomain.Status.REFUSED
    assert latest.history_change_reason == "Confirmation withdrawn"
    assert latest.history_user == other_staff
    assert (latest.decided_by, latest.decided_at is not None) == (other_staff, True)
    assert (confirmed.status, confirmed.decided_by) == (SignInDomain.Status.CONFIRMED, staff)


def test_a_domain_not_confirmed_is_not_withdrawn(client_as, staff, partnership, priya):
    sso.save_single_sign_on(
        partnership=partnership, provider="westshire", domains=["westshire.gov.uk"], by=priya
    )
    waiting = SignInDomain.objects.get()
    client = client_as(staff)

    for response in (
        client.get(_withdraw_url(waiting), follow=True),
        client.post(_withdraw_url(waiting), {"confirm": "yes"}, follow=True),
    ):
        assert "westshire.gov.uk is not confirmed. Nothing was changed." in (
            response.content.decode()
        )
    waiting.refresh_from_db()
    assert waiting.status == SignInDomain.Status.WAITING
    assert waiting.history.count() == 1


def test_a_domain_removed_meanwhile_is_not_withdrawn(client_as, staff, held, partnership, priya):
    sso.save_single_sign_on(partnership=partnership, provider="", domains=[], by=priya)

    response = client_as(staff).post(_withdraw_url(held), {"confirm": "yes"}, follow=True)

    assert "That domain is no longer asked for. Nothing was changed." in (response.content.decode())


@pytest.mark.parametrize("who", ["admin", "analyst"])
def test_members_who_are_not_staff_are_refused(client_as, cast, held, who):
    """The partnership's own admin included: owning the claim is not vouching for it."""
    client = client_as(cast[who])

    assert client.get(_withdraw_url(held)).status_code == 403
    assert client.post(_withdraw_url(held), {"confirm": "yes"}).status_code == 403
    assert "Withdraw" not in client.get(URL).content.decode()  # the page itself is refused
    held.refresh_from_db()
    assert held.status == SignInDomain.Status.CONFIRMED


def test_another_partnerships_admin_is_refused(client_as, lee, held):
    assert client_as(lee).post(_withdraw_url(held), {"confirm": "yes"}).status_code == 403
    held.refresh_from_db()
    assert held.status == SignInDomain.Status.CONFIRMED


def test_someone_signed_out_is_sent_to_sign_in(client, held):
    response = client.post(_withdraw_url(held), {"confirm": "yes"})

    assert response["Location"].startswith(f"{reverse('accounts:login')}?next=")
    held.refresh_from_db()
    assert held.status == SignInDomain.Status.CONFIRMED


def _signed_in_through(client, user, provider):
    client.force_login(user)
    session = client.session
    if provider:
        session["sso"] = {"provider": provider, "id_token": ""}
    session.save()
    return client


def test_withdrawing_ends_the_sessions_opened_through_the_provider_at_once(
    client_as, staff, held, sam, priya
):
    from django.test import Client

    home = reverse("home")
    through_provider = _signed_in_through(Client(), sam, "westshire")
    with_password = _signed_in_through(Client(), sam, None)
    someone_else = _signed_in_through(Client(), priya, "westshire")
    for client in (through_provider, with_password, someone_else):
        assert client.get(home).status_code in (200, 302)
        assert "_auth_user_id" in client.session

    client_as(staff).post(_withdraw_url(held), {"confirm": "yes"})

    assert "_auth_user_id" not in through_provider.session  # ended: signs in again
    assert "_auth_user_id" in with_password.session  # a password session stands
    assert "_auth_user_id" in someone_else.session  # not at that domain


def test_after_withdrawal_a_member_with_no_password_can_set_one(client, client_as, staff, held):
    """Someone who joined through the provider has no password. While the domain is
    confirmed, a reset sends nothing (they sign in through it); once withdrawn, the
    reset link lets them back in."""
    from django.core import mail

    kim = User.objects.get(email="kim@westshire.gov.uk")
    kim.set_unusable_password()
    kim.save()
    reset = reverse("accounts:password_reset")
    client.post(reset, {"email": "kim@westshire.gov.uk"})
    assert mail.outbox == []

    client_as(staff).post(_withdraw_url(held), {"confirm": "yes"})
    client.logout()
    client.post(reset, {"email": "kim@westshire.gov.uk"})
    assert [m.to for m in mail.outbox] == [["kim@westshire.gov.uk"]]
    assert "/accounts/set-password/" in mail.outbox[0].body
