"""The partnership's admin chooses which identity provider its people sign in through,
and for which e-mail domains. No provider is contacted here: the page only names them."""

import pytest
from django.urls import reverse

from partnerships.models import SingleSignOn

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


@pytest.fixture(autouse=True)
def providers(settings):
    settings.OIDC_PROVIDERS = PROVIDERS


def test_the_admin_chooses_a_provider_and_domains(client_as, cast, partnership):
    client = client_as(cast["admin"])
    assert "Westshire Council" in client.get(URL).content.decode()

    typed = "Westshire.gov.uk\n@westshire.gov.uk, wfrs.org.uk"
    response = client.post(URL, {"provider": "westshire", "domains": typed})

    assert response.status_code == 302
    row = SingleSignOn.objects.get(partnership=partnership)
    assert row.provider == "westshire"
    assert row.domain_list == ["westshire.gov.uk", "wfrs.org.uk"]
    page = client.get(reverse("partnerships:settings", kwargs={"slug": SLUG})).content.decode()
    assert "westshire.gov.uk, wfrs.org.uk" in page
    assert "Westshire Council account" in page


def test_choosing_none_goes_back_to_passwords_only(client_as, cast, partnership):
    SingleSignOn.objects.create(partnership=partnership, provider="westshire", domains="a.gov.uk")
    response = client_as(cast["admin"]).post(URL, {"provider": "", "domains": ""})
    assert response.status_code == 302
    assert not SingleSignOn.objects.filter(partnership=partnership).exists()


def test_a_provider_needs_a_domain(client_as, cast, partnership):
    response = client_as(cast["admin"]).post(URL, {"provider": "westshire", "domains": ""})
    assert response.status_code == 200
    assert "Enter at least one email domain." in response.content.decode()
    assert not SingleSignOn.objects.exists()


def test_a_domain_that_is_not_one_is_refused(client_as, cast, partnership):
    response = client_as(cast["admin"]).post(URL, {"provider": "westshire", "domains": "westshire"})
    assert "westshire is not an email domain, like westshire.gov.uk." in response.content.decode()
    assert not SingleSignOn.objects.exists()


def test_a_domain_another_partnership_sends_elsewhere_is_refused(
    client_as, cast, partnership, other_partnership
):
    SingleSignOn.objects.create(
        partnership=other_partnership, provider="police", domains="beds.police.uk"
    )
    response = client_as(cast["admin"]).post(
        URL, {"provider": "westshire", "domains": "beds.police.uk"}
    )
    page = response.content.decode()
    assert "beds.police.uk already signs in through another provider." in page
    assert "Luton" not in page  # one partnership's page never names another
    assert not SingleSignOn.objects.filter(partnership=partnership).exists()


def test_an_analyst_may_not_change_how_people_sign_in(client_as, cast, partnership):
    client = client_as(cast["analyst"])
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"provider": "westshire", "domains": "a.gov.uk"}).status_code == 403
    assert not SingleSignOn.objects.exists()


def test_another_partnerships_admin_gets_a_404(client_as, cast, partnership):
    client = client_as(cast["outsider"])
    assert client.get(URL).status_code == 404
    assert client.post(URL, {"provider": "westshire", "domains": "a.gov.uk"}).status_code == 404
    assert not SingleSignOn.objects.exists()
