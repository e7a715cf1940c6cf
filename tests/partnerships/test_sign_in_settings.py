"""The partnership's admin chooses which identity provider its people sign in through,
and for which email domains. Each domain waits for site staff to confirm it; naming a
domain another partnership asked for (and staff have not confirmed) blocks nobody. No
provider is contacted here: the page only names them."""

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from partnerships import sso
from partnerships.models import SignInDomain, SingleSignOn

SLUG = "central-bedfordshire"
URL = reverse("partnerships:sign_in", kwargs={"slug": SLUG})
PROVIDERS = {
    "westshire": {
        "name": "Westshire Council",
        "discovery_url": "https://login.example.org/westshire/.well-known/openid-configuration",
        "client_id": "id",
        "client_secret": "secret",
    },
    "police": {
        "name": "Bedfordshire Police",
        "discovery_url": "https://login.example.org/police/.well-known/openid-configuration",
        "client_id": "id",
        "client_secret": "secret",
    },
}


SETTINGS = reverse("partnerships:settings", kwargs={"slug": SLUG})
WAITING = "Waiting for the service&#x27;s support team to confirm"


@pytest.fixture(autouse=True)
def providers(settings):
    settings.OIDC_PROVIDERS = PROVIDERS


@pytest.fixture
def staff(db):
    return User.objects.create_user(
        username="help@service.example", email="help@service.example", is_staff=True
    )


def _asks(partnership, provider, *domains, status=SignInDomain.Status.WAITING):
    row, _ = SingleSignOn.objects.update_or_create(
        partnership=partnership, defaults={"provider": provider}
    )
    for domain in domains:
        SignInDomain.objects.create(
            single_sign_on=row, domain=domain, status=status, asked_at=timezone.now()
        )
    return row


def _states(partnership) -> dict[str, str]:
    return dict(
        SignInDomain.objects.filter(single_sign_on__partnership=partnership).values_list(
            "domain", "status"
        )
    )


def test_the_admin_chooses_a_provider_and_domains_which_wait_for_confirming(
    client_as, cast, partnership
):
    client = client_as(cast["admin"])
    assert "Westshire Council" in client.get(URL).content.decode()

    typed = "Westshire.gov.uk\n@westshire.gov.uk, wfrs.org.uk"
    response = client.post(URL, {"provider": "westshire", "domains": typed})

    assert response.status_code == 302
    row = SingleSignOn.objects.get(partnership=partnership)
    assert row.provider == "westshire"
    asked = list(row.sign_in_domains.order_by("domain"))
    assert [d.domain for d in asked] == ["westshire.gov.uk", "wfrs.org.uk"]
    assert {d.status for d in asked} == {SignInDomain.Status.WAITING}
    assert {d.asked_by for d in asked} == {cast["admin"]}
    page = client.get(SETTINGS).content.decode()
    assert page.count(WAITING) == 2
    assert "can sign in with their Westshire Council account" not in page
    assert "once the service's support team confirms a domain" in page


def test_the_settings_page_shows_each_domains_state(client_as, cast, partnership, staff):
    _asks(partnership, "westshire", "westshire.gov.uk", "wfrs.org.uk")
    sso.confirm_domain(domain=SignInDomain.objects.get(domain="westshire.gov.uk"), by=staff)

    page = client_as(cast["admin"]).get(SETTINGS).content.decode()

    assert "People with an address at westshire.gov.uk can sign in with their " in page
    assert '<th scope="row">westshire.gov.uk</th><td>Confirmed</td>' in page
    assert f'<th scope="row">wfrs.org.uk</th><td>{WAITING}</td>' in page


def test_removing_a_domain_drops_its_confirmation_and_adding_it_again_asks_again(
    client_as, cast, partnership, staff
):
    client = client_as(cast["admin"])
    client.post(URL, {"provider": "westshire", "domains": "westshire.gov.uk wfrs.org.uk"})
    for domain in SignInDomain.objects.all():
        sso.confirm_domain(domain=domain, by=staff)

    client.post(URL, {"provider": "westshire", "domains": "westshire.gov.uk"})
    assert _states(partnership) == {"westshire.gov.uk": "confirmed"}

    client.post(URL, {"provider": "westshire", "domains": "westshire.gov.uk wfrs.org.uk"})
    assert _states(partnership) == {"westshire.gov.uk": "confirmed", "wfrs.org.uk": "waiting"}
    assert sso.provider_for_email("fire@wfrs.org.uk") is None
    # The confirmation and its withdrawal are kept in the history.
    statuses = SignInDomain.history.filter(domain="wfrs.org.uk").values_list("status", flat=True)
    assert "confirmed" in statuses


def test_choosing_another_provider_asks_again_for_every_domain(client_as, cast, partnership, staff):
    client = client_as(cast["admin"])
    client.post(URL, {"provider": "westshire", "domains": "westshire.gov.uk"})
    first = SignInDomain.objects.get()
    sso.confirm_domain(domain=first, by=staff)

    client.post(URL, {"provider": "police", "domains": "westshire.gov.uk"})

    assert _states(partnership) == {"westshire.gov.uk": "waiting"}
    assert sso.provider_for_email("a@westshire.gov.uk") is None
    # Staff confirmed it for the provider they saw: that button confirms nothing now.
    with pytest.raises(ValidationError, match="no longer asked for"):
        sso.confirm_domain(domain=first, by=staff)


def test_choosing_none_goes_back_to_passwords_only(client_as, cast, partnership):
    _asks(partnership, "westshire", "a.gov.uk", status=SignInDomain.Status.CONFIRMED)
    response = client_as(cast["admin"]).post(URL, {"provider": "", "domains": ""})
    assert response.status_code == 302
    assert not SingleSignOn.objects.filter(partnership=partnership).exists()
    assert not SignInDomain.objects.exists()


def test_a_provider_needs_a_domain(client_as, cast, partnership):
    response = client_as(cast["admin"]).post(URL, {"provider": "westshire", "domains": ""})
    assert response.status_code == 200
    assert "Enter at least one email domain." in response.content.decode()
    assert not SingleSignOn.objects.exists() and not SignInDomain.objects.exists()


def test_a_domain_that_is_not_one_is_refused(client_as, cast, partnership):
    response = client_as(cast["admin"]).post(URL, {"provider": "westshire", "domains": "westshire"})
    assert "westshire is not an email domain, like westshire.gov.uk." in response.content.decode()
    assert not SingleSignOn.objects.exists() and not SignInDomain.objects.exists()


def test_a_domain_confirmed_for_another_partnership_elsewhere_is_refused(
    client_as, cast, partnership, other_partnership
):
    _asks(other_partnership, "police", "beds.police.uk", status=SignInDomain.Status.CONFIRMED)
    response = client_as(cast["admin"]).post(
        URL, {"provider": "westshire", "domains": "beds.police.uk"}
    )
    page = response.content.decode()
    assert "beds.police.uk already signs in through another provider." in page
    assert "Luton" not in page  # one partnership's page never names another
    assert not SingleSignOn.objects.filter(partnership=partnership).exists()


def test_another_partnership_asking_for_your_domain_does_not_stop_you(
    client_as, cast, partnership, other_partnership, staff
):
    """The attack: Luton's admin names Central Bedfordshire's domain for Luton's provider
    first. Nobody is routed by it, Central Bedfordshire's admin still chooses its own
    provider for it, and once staff confirm that, Luton's claim cannot be confirmed."""
    _asks(other_partnership, "police", "centralbedfordshire.gov.uk")
    assert sso.provider_for_email("kim@centralbedfordshire.gov.uk") is None

    response = client_as(cast["admin"]).post(
        URL, {"provider": "westshire", "domains": "centralbedfordshire.gov.uk"}
    )

    assert response.status_code == 302
    assert _states(partnership) == {"centralbedfordshire.gov.uk": "waiting"}
    ours = SignInDomain.objects.get(single_sign_on__partnership=partnership)
    theirs = SignInDomain.objects.get(single_sign_on__partnership=other_partnership)
    sso.confirm_domain(domain=ours, by=staff)
    assert sso.provider_for_email("kim@centralbedfordshire.gov.uk").key == "westshire"
    with pytest.raises(ValidationError, match="already confirmed for Central Bedfordshire CSP"):
        sso.confirm_domain(domain=theirs, by=staff)
    assert _states(other_partnership) == {"centralbedfordshire.gov.uk": "waiting"}
    assert sso.provider_for_email("kim@centralbedfordshire.gov.uk").key == "westshire"
    # And Luton's admin, saving again, is told it is taken, without our name.
    page = client_as(cast["outsider"]).post(
        reverse("partnerships:sign_in", kwargs={"slug": "luton"}),
        {"provider": "police", "domains": "centralbedfordshire.gov.uk"},
    )
    assert "already signs in through another provider" in page.content.decode()
    assert "Central Bedfordshire" not in page.content.decode()


def test_an_analyst_may_not_change_how_people_sign_in(client_as, cast, partnership):
    client = client_as(cast["analyst"])
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"provider": "westshire", "domains": "a.gov.uk"}).status_code == 403
    assert not SingleSignOn.objects.exists() and not SignInDomain.objects.exists()


def test_another_partnerships_admin_gets_a_404(client_as, cast, partnership):
    client = client_as(cast["outsider"])
    assert client.get(URL).status_code == 404
    assert client.post(URL, {"provider": "westshire", "domains": "a.gov.uk"}).status_code == 404
    assert not SingleSignOn.objects.exists() and not SignInDomain.objects.exists()
