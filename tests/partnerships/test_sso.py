"""Signing in through an organisation's identity provider, against a real OpenID Connect
provider (tests/oidc_provider) running in its own process: an invited person signs in,
an address at a refused domain, an address nobody invited, an unverified address, and
signing out here and at the provider. A domain routes only once site staff confirm it,
so one partnership naming another's domain routes nobody."""

from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from partnerships import services, sso
from partnerships.models import Membership, Role, SignInDomain, SingleSignOn
from tests.oidc import PROVIDER_KEY, provider_user, running_provider

LOGIN = "/accounts/sign-in/"


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    users = [
        provider_user("alex", "Alex.Smith@westshire.gov.uk"),
        provider_user("kim", "kim@westshire.gov.uk"),
        provider_user("pat", "pat@westshire.gov.uk"),
        provider_user("una", "una@westshire.gov.uk", verified=False),
        provider_user("rob", "rob@elsewhere.org.uk"),
        provider_user("eve", "eve@westshire.gov.uk", entra=True),
        provider_user("ned", "ned@westshire.gov.uk", entra=True, verified=False),
    ]
    with running_provider(tmp_path_factory.mktemp("provider"), users=users) as running:
        yield running


def confirmed_domain(partnership, domain):
    """The partnership signs in through the provider at `domain`, as site staff confirmed."""
    row, _ = SingleSignOn.objects.get_or_create(partnership=partnership, provider=PROVIDER_KEY)
    return SignInDomain.objects.create(
        single_sign_on=row,
        domain=domain,
        status=SignInDomain.Status.CONFIRMED,
        asked_at=timezone.now(),
        decided_at=timezone.now(),
    )


@pytest.fixture
def westshire(settings, provider, partnership):
    settings.OIDC_PROVIDERS = provider.settings()
    confirmed_domain(partnership, "westshire.gov.uk")
    return provider


def _invite(partnership, admin, email):
    return services.invite_person(
        partnership=partnership,
        email=email,
        first_name="",
        last_name="",
        role=Role.ANALYST,
        agency=None,
        invited_by=admin,
        request_base="http://testserver",
    )


def _through_provider(client, provider, *, typed, username, browser=None):
    """Type the address on our sign-in page, sign in at the provider, come back."""
    sent = client.get(LOGIN, {"sso-email": typed})
    assert sent.status_code == 302
    assert sent["Location"].startswith(provider.url)
    back = provider.sign_in_at(sent["Location"], username, browser)
    return client.get(back.removeprefix("http://testserver"))


def _signed_in_as(client):
    return client.session.get("_auth_user_id")


def test_the_sign_in_page_offers_organisation_accounts(client, westshire):
    page = client.get(LOGIN).content.decode()
    assert "Sign in with your organisation account" in page
    assert "Sign in with your password" in page


def test_the_request_carries_state_nonce_and_a_pkce_challenge(client, westshire):
    sent = client.get(LOGIN, {"sso-email": "alex.smith@westshire.gov.uk"})
    query = parse_qs(urlsplit(sent["Location"]).query)
    assert query["code_challenge_method"] == ["S256"]
    assert query["state"] and query["nonce"] and query["code_challenge"]
    assert query["scope"] == ["openid email profile"]
    assert query["login_hint"] == ["alex.smith@westshire.gov.uk"]


def test_an_invited_person_signs_in_with_their_organisation_account(
    client, westshire, partnership, priya
):
    membership = _invite(partnership, priya, "alex.smith@westshire.gov.uk")
    assert membership.is_pending

    response = _through_provider(
        client, westshire, typed="ALEX.SMITH@westshire.gov.uk", username="alex"
    )

    assert response.status_code == 302
    assert _signed_in_as(client) == str(membership.user.pk)
    membership.refresh_from_db()
    assert not membership.is_pending  # signing in is joining, as setting a password is
    home = client.get(response["Location"], follow=True)
    assert home.status_code == 200


def test_someone_with_an_account_is_taken_to_their_waiting_invitation(
    client, westshire, partnership, other_partnership, priya, lee
):
    kim = User.objects.create_user(username="kim@westshire.gov.uk", email="kim@westshire.gov.uk")
    Membership.objects.create(user=kim, partnership=other_partnership, role=Role.ANALYST)
    _invite(partnership, priya, "kim@westshire.gov.uk")

    response = _through_provider(client, westshire, typed="kim@westshire.gov.uk", username="kim")

    assert response["Location"] == reverse("home")
    assert _signed_in_as(client) == str(kim.pk)
    page = client.get(reverse("home")).content.decode()
    assert "Central Bedfordshire CSP" in page
    assert "You have been invited to a partnership. Accept it to join." in page


def test_an_address_nobody_invited_is_refused_and_no_account_is_made(client, westshire):
    response = _through_provider(client, westshire, typed="pat@westshire.gov.uk", username="pat")

    assert response["Location"] == LOGIN
    assert _signed_in_as(client) is None
    assert not User.objects.filter(email__iexact="pat@westshire.gov.uk").exists()
    page = client.get(LOGIN).content.decode()
    assert "There is no invitation for pat@westshire.gov.uk." in page


def test_an_address_the_provider_has_not_verified_is_refused(client, westshire, partnership, priya):
    _invite(partnership, priya, "una@westshire.gov.uk")

    response = _through_provider(client, westshire, typed="una@westshire.gov.uk", username="una")

    assert response["Location"] == LOGIN
    assert _signed_in_as(client) is None
    page = client.get(LOGIN).content.decode()
    assert "has not confirmed the address una@westshire.gov.uk" in page


def test_entra_ids_verified_domain_claim_counts_as_a_verified_address(
    client, westshire, partnership, priya
):
    eve = _invite(partnership, priya, "eve@westshire.gov.uk").user
    _invite(partnership, priya, "ned@westshire.gov.uk")

    _through_provider(client, westshire, typed="eve@westshire.gov.uk", username="eve")
    assert _signed_in_as(client) == str(eve.pk)

    client.logout()
    _through_provider(client, westshire, typed="ned@westshire.gov.uk", username="ned")
    assert _signed_in_as(client) is None


def test_an_address_at_a_domain_the_provider_does_not_serve_is_refused(
    client, westshire, partnership, priya
):
    # Invited, but rob@elsewhere.org.uk is not at a domain any partnership sends here.
    _invite(partnership, priya, "rob@elsewhere.org.uk")

    response = _through_provider(client, westshire, typed="rob@westshire.gov.uk", username="rob")

    assert response["Location"] == LOGIN
    assert _signed_in_as(client) is None
    page = client.get(LOGIN).content.decode()
    assert "Addresses ending @elsewhere.org.uk do not sign in through Westshire Council." in page


def test_a_provider_signs_in_only_the_people_of_partnerships_that_chose_it(
    client, westshire, partnership, other_partnership, lee
):
    """Luton's people are at westshire.gov.uk too, but Luton never chose this provider:
    Central Bedfordshire's confirmed domain must not let its provider sign them in."""
    luton_person = _invite(other_partnership, lee, "kim@westshire.gov.uk")

    response = _through_provider(client, westshire, typed="kim@westshire.gov.uk", username="kim")

    assert response["Location"] == LOGIN
    assert _signed_in_as(client) is None
    assert luton_person.user.last_login is None
    page = client.get(LOGIN).content.decode()
    assert "Your partnership does not sign in through" in page


def test_an_account_locked_by_failed_passwords_stays_locked(
    client, westshire, partnership, priya, settings
):
    settings.AXES_FAILURE_LIMIT = 5
    _invite(partnership, priya, "alex.smith@westshire.gov.uk")
    for _ in range(5):
        client.post(LOGIN, {"username": "alex.smith@westshire.gov.uk", "password": "not-it"})

    response = _through_provider(
        client, westshire, typed="alex.smith@westshire.gov.uk", username="alex"
    )

    assert response["Location"] == LOGIN
    assert _signed_in_as(client) is None
    assert "This account is locked" in client.get(LOGIN).content.decode()


def test_a_domain_no_partnership_set_up_is_told_to_use_a_password(client, westshire):
    response = client.get(LOGIN, {"sso-email": "rob@elsewhere.org.uk"})

    assert response.status_code == 200
    assert "Your organisation does not sign in here with its own accounts." in (
        response.content.decode()
    )


def test_a_forged_return_without_our_state_is_refused(client, westshire, partnership, priya):
    _invite(partnership, priya, "alex.smith@westshire.gov.uk")
    sent = client.get(LOGIN, {"sso-email": "alex.smith@westshire.gov.uk"})
    back = westshire.sign_in_at(sent["Location"], "alex")
    code = parse_qs(urlsplit(back).query)["code"][0]

    response = client.get(
        reverse("accounts:sso_callback", args=[PROVIDER_KEY]), {"code": code, "state": "forged"}
    )

    assert response["Location"] == LOGIN
    assert _signed_in_as(client) is None


def test_signing_out_ends_the_session_here_and_at_the_provider(
    client, westshire, partnership, priya
):
    _invite(partnership, priya, "alex.smith@westshire.gov.uk")
    browser = requests.Session()  # the provider's cookies
    _through_provider(
        client, westshire, typed="alex.smith@westshire.gov.uk", username="alex", browser=browser
    )
    assert _signed_in_as(client) is not None

    response = client.post(reverse("accounts:logout"))

    assert _signed_in_as(client) is None
    end_session = response["Location"]
    assert end_session.startswith(f"{westshire.url}/o/logout/")
    assert "id_token_hint" in parse_qs(urlsplit(end_session).query)
    at_provider = browser.get(end_session, allow_redirects=False, timeout=10)
    assert at_provider.status_code == 302
    assert at_provider.headers["Location"] == f"http://testserver{LOGIN}"
    # Signed out at the provider too: it asks for a password again.
    again = client.get(LOGIN, {"sso-email": "alex.smith@westshire.gov.uk"})
    assert "/login/" in browser.get(again["Location"], timeout=10).url


def test_a_password_sign_out_stays_here(client_as, priya, settings):
    settings.OIDC_PROVIDERS = {}
    response = client_as(priya).post(reverse("accounts:logout"))
    assert response["Location"] == LOGIN


def test_someone_who_has_left_is_refused_and_told_why(client, westshire, partnership, priya):
    membership = _invite(partnership, priya, "alex.smith@westshire.gov.uk")
    _through_provider(client, westshire, typed="alex.smith@westshire.gov.uk", username="alex")
    client.logout()
    services.mark_left(membership=membership)

    response = _through_provider(
        client, westshire, typed="alex.smith@westshire.gov.uk", username="alex"
    )

    assert response["Location"] == LOGIN
    assert _signed_in_as(client) is None
    page = client.get(LOGIN).content.decode()
    assert "alex.smith@westshire.gov.uk no longer has access to a partnership here." in page


def test_a_domain_waiting_to_be_confirmed_routes_nobody(
    client, settings, provider, partnership, priya
):
    settings.OIDC_PROVIDERS = provider.settings()
    sso.save_single_sign_on(
        partnership=partnership, provider=PROVIDER_KEY, domains=["westshire.gov.uk"], by=priya
    )
    _invite(partnership, priya, "alex.smith@westshire.gov.uk")

    response = client.get(LOGIN, {"sso-email": "alex.smith@westshire.gov.uk"})

    assert response.status_code == 200  # not sent to the provider
    assert "Your organisation does not sign in here with its own accounts." in (
        response.content.decode()
    )
    # Nor does the provider's word count for it, were someone to come back from it.
    claims = {"email": "alex.smith@westshire.gov.uk", "email_verified": True}
    with pytest.raises(sso.Refused, match="do not sign in through Westshire Council"):
        sso.account_for(provider=sso.providers()[PROVIDER_KEY], claims=claims)


def test_naming_another_partnerships_domain_sends_none_of_its_people_anywhere(
    client, settings, provider, partnership, other_partnership, priya, lee
):
    """Central Bedfordshire's admin names Luton's domain for Central Bedfordshire's
    provider. Luton's people are not sent there, and their sign-in is untouched."""
    settings.OIDC_PROVIDERS = provider.settings()
    sso.save_single_sign_on(
        partnership=partnership, provider=PROVIDER_KEY, domains=["luton.gov.uk"], by=priya
    )
    _invite(other_partnership, lee, "kim@luton.gov.uk")

    response = client.get(LOGIN, {"sso-email": "kim@luton.gov.uk"})

    assert response.status_code == 200
    assert sso.provider_for_email("kim@luton.gov.uk") is None
    claims = {"email": "kim@luton.gov.uk", "email_verified": True}
    with pytest.raises(sso.Refused):
        sso.account_for(provider=sso.providers()[PROVIDER_KEY], claims=claims)


def test_once_confirmed_the_domain_routes_to_its_provider(
    client, settings, provider, partnership, priya
):
    settings.OIDC_PROVIDERS = provider.settings()
    sso.save_single_sign_on(
        partnership=partnership, provider=PROVIDER_KEY, domains=["westshire.gov.uk"], by=priya
    )
    staff = User.objects.create_user(username="help@service.example", is_staff=True)
    sso.confirm_domain(domain=SignInDomain.objects.get(), by=staff)
    membership = _invite(partnership, priya, "alex.smith@westshire.gov.uk")

    _through_provider(client, provider, typed="alex.smith@westshire.gov.uk", username="alex")

    assert _signed_in_as(client) == str(membership.user.pk)
