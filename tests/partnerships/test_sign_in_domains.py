"""Site staff confirm or refuse the email domains partnerships ask to sign in through:
only a confirmed domain sends anyone to a provider. A partnership's admin who is not
site staff is refused the page, and someone signed out is sent to sign in."""

import pytest
from django.urls import reverse

from partnerships import sso
from partnerships.models import SignInDomain, SingleSignOn
from tests.partnerships.sign_in_domains import PROVIDERS

URL = reverse("sign_in_domains")


@pytest.fixture(autouse=True)
def providers(settings):
    settings.OIDC_PROVIDERS = PROVIDERS


def _ask(partnership, by, provider, *domains) -> list[SignInDomain]:
    sso.save_single_sign_on(partnership=partnership, provider=provider, domains=domains, by=by)
    return list(SignInDomain.objects.filter(single_sign_on__partnership=partnership))


def _decide(client, domain, decision):
    return client.post(reverse(f"sign_in_domain_{decision}", args=[domain.pk]), follow=True)


def test_staff_see_each_domain_waiting_with_who_asked_and_when(
    client_as, staff, partnership, priya
):
    (asked,) = _ask(partnership, priya, "westshire", "westshire.gov.uk")

    page = client_as(staff).get(URL).content.decode()

    assert '<th scope="row">westshire.gov.uk</th>' in page
    assert "Central Bedfordshire CSP" in page
    assert "Westshire Council" in page
    assert "Priya Shah" in page
    assert asked.asked_at.strftime("%-d %B %Y") in page
    assert "Confirm<span" in page and "Refuse<span" in page


def test_staff_confirm_a_domain_and_it_routes(client_as, staff, partnership, priya):
    (asked,) = _ask(partnership, priya, "westshire", "westshire.gov.uk")
    assert sso.provider_for_email("kim@westshire.gov.uk") is None

    response = _decide(client_as(staff), asked, "confirm")

    assert "westshire.gov.uk confirmed for Central Bedfordshire CSP." in response.content.decode()
    asked.refresh_from_db()
    assert asked.status == SignInDomain.Status.CONFIRMED
    assert (asked.decided_by, asked.decided_at is not None) == (staff, True)
    assert sso.provider_for_email("kim@westshire.gov.uk").key == "westshire"
    assert "No domain is waiting to be confirmed." in response.content.decode()


def test_staff_refuse_a_domain_and_the_admin_sees_it(client_as, staff, partnership, priya):
    (asked,) = _ask(partnership, priya, "westshire", "westshire.gov.uk")

    response = _decide(client_as(staff), asked, "refuse")

    assert "westshire.gov.uk refused for Central Bedfordshire CSP." in response.content.decode()
    asked.refresh_from_db()
    assert asked.status == SignInDomain.Status.REFUSED
    assert sso.provider_for_email("kim@westshire.gov.uk") is None
    settings_page = client_as(priya).get(reverse("partnerships:settings", args=[partnership.slug]))
    assert "Refused by the service&#x27;s support team" in settings_page.content.decode()
    # With every domain refused, nothing is waiting: the page does not promise otherwise.
    assert "No domain here can sign in" in settings_page.content.decode()
    assert "once the service&#x27;s support team confirms" not in settings_page.content.decode()


def test_a_domain_confirmed_for_another_partnership_cannot_be_confirmed_again(
    client_as, staff, partnership, other_partnership, priya, lee
):
    (luton,) = _ask(other_partnership, lee, "police", "westshire.gov.uk")
    (ours,) = _ask(partnership, priya, "westshire", "westshire.gov.uk")
    client = client_as(staff)
    before = client.get(URL).content.decode()
    # Each waiting claim names its rival, so the first one asked is not taken as the only one.
    assert "Already confirmed for" not in before
    assert "Also asked for by Central Bedfordshire CSP, through" in before
    assert "Also asked for by Luton CSP, through" in before
    _decide(client, ours, "confirm")
    assert (
        "Already confirmed for Central Bedfordshire CSP, through"
        in client.get(URL).content.decode()
    )

    response = _decide(client, luton, "confirm")

    page = response.content.decode()
    assert "westshire.gov.uk is already confirmed for Central Bedfordshire CSP" in page
    assert "It cannot also be confirmed for Luton CSP." in page
    luton.refresh_from_db()
    assert luton.status == SignInDomain.Status.WAITING
    assert sso.provider_for_email("kim@westshire.gov.uk").key == "westshire"


def test_partnerships_may_share_a_domain_through_the_same_provider(
    client_as, staff, partnership, county, priya
):
    """A county and its district whose police staff sign in through the force's provider."""
    (district,) = _ask(partnership, priya, "police", "beds.police.uk")
    (at_county,) = _ask(county, priya, "police", "beds.police.uk")
    client = client_as(staff)

    _decide(client, district, "confirm")
    _decide(client, at_county, "confirm")

    confirmed = sso.confirmed("beds.police.uk")
    assert set(confirmed.values_list("single_sign_on__partnership", flat=True)) == {
        partnership.pk,
        county.pk,
    }


def test_a_decided_domain_is_not_decided_twice(client_as, staff, partnership, priya):
    (asked,) = _ask(partnership, priya, "westshire", "westshire.gov.uk")
    client = client_as(staff)
    _decide(client, asked, "confirm")

    response = _decide(client, asked, "refuse")

    assert "westshire.gov.uk was already confirmed." in response.content.decode()
    asked.refresh_from_db()
    assert asked.status == SignInDomain.Status.CONFIRMED


def test_a_domain_the_admin_removed_meanwhile_is_not_confirmed(
    client_as, staff, partnership, priya
):
    (asked,) = _ask(partnership, priya, "westshire", "westshire.gov.uk")
    _ask(partnership, priya, "westshire", "wfrs.org.uk")

    response = _decide(client_as(staff), asked, "confirm")

    assert "That domain is no longer asked for. Nothing was changed." in (response.content.decode())
    assert not sso.confirmed().exists()


def test_a_partnership_admin_who_is_not_staff_is_refused(client_as, cast, partnership, priya):
    (asked,) = _ask(partnership, priya, "westshire", "westshire.gov.uk")
    client = client_as(cast["admin"])

    assert client.get(URL).status_code == 403
    for decision in ("confirm", "refuse"):
        url = reverse(f"sign_in_domain_{decision}", args=[asked.pk])
        assert client.post(url).status_code == 403
    asked.refresh_from_db()
    assert asked.status == SignInDomain.Status.WAITING
    assert "Confirm sign-in domains" not in client.get(reverse("status:page")).content.decode()


def test_someone_signed_out_is_sent_to_sign_in(client, partnership, priya):
    (asked,) = _ask(partnership, priya, "westshire", "westshire.gov.uk")
    login = reverse("accounts:login")

    assert client.get(URL)["Location"].startswith(f"{login}?next=")
    response = client.post(reverse("sign_in_domain_confirm", args=[asked.pk]))
    assert response["Location"].startswith(f"{login}?next=")
    asked.refresh_from_db()
    assert asked.status == SignInDomain.Status.WAITING


def test_the_status_page_tells_staff_how_many_wait(client_as, staff, partnership, priya):
    _ask(partnership, priya, "westshire", "westshire.gov.uk", "wfrs.org.uk")

    page = client_as(staff).get(reverse("status:page")).content.decode()

    assert "2 email domains waiting for you to confirm." in page
    assert f'<a href="{URL}">Confirm sign-in domains</a>' in page
    assert page.count("Confirm sign-in domains") == 1  # in the page, not its title too


def test_only_a_get_or_post_of_a_real_decision_is_answered(client_as, staff):
    client = client_as(staff)
    assert client.get(reverse("sign_in_domain_confirm", args=[1])).status_code == 405
    assert not SingleSignOn.objects.exists()
