"""Joining a county: the district asks, the county's admin decides, nothing changes
before that (issue 11, 1b). The partnership in the cast starts inside the county, so
most tests first take it out."""

import pytest
from django.urls import reverse

from partnerships.models import CountyRequest, Membership, Partnership, Role

from ..conftest import make_user

SLUG = "central-bedfordshire"


@pytest.fixture
def outside(partnership):
    partnership.parent = None
    partnership.save()
    return partnership


@pytest.fixture
def county_admin(county):
    user = make_user("casey@example.org", "Casey", "Clarke")
    Membership.objects.create(user=user, partnership=county, role=Role.ADMIN)
    return user


@pytest.fixture
def other_county(db):
    return Partnership.objects.create(
        name="Safer Hertfordshire", slug="safer-hertfordshire", kind=Partnership.Kind.COUNTY
    )


def _ask(client, county):
    return client.post(reverse("partnerships:county_request", args=[SLUG]), {"county": county.pk})


def test_asking_changes_nothing_until_the_county_accepts(
    client_as, cast, outside, county, county_admin
):
    response = _ask(client_as(cast["admin"]), county)
    assert response.status_code == 302
    outside.refresh_from_db()
    assert outside.parent is None
    ask = CountyRequest.objects.get()
    assert (ask.status, ask.requested_by) == (CountyRequest.Status.PENDING, cast["admin"])

    county_page = client_as(county_admin).get(reverse("partnerships:settings", args=[county.slug]))
    assert "Central Bedfordshire CSP" in county_page.content.decode()
    client_as(county_admin).post(reverse("partnerships:county_accept", args=[county.slug, ask.pk]))
    outside.refresh_from_db()
    ask.refresh_from_db()
    assert outside.parent == county
    assert (ask.status, ask.decided_by) == (CountyRequest.Status.ACCEPTED, county_admin)


def test_a_declined_request_leaves_the_partnership_outside(
    client_as, cast, outside, county, county_admin
):
    _ask(client_as(cast["admin"]), county)
    ask = CountyRequest.objects.get()
    client_as(county_admin).post(reverse("partnerships:county_decline", args=[county.slug, ask.pk]))
    outside.refresh_from_db()
    assert outside.parent is None
    assert CountyRequest.objects.get().status == CountyRequest.Status.DECLINED


def test_the_district_cannot_accept_its_own_request(client_as, cast, outside, county):
    _ask(client_as(cast["admin"]), county)
    ask = CountyRequest.objects.get()
    # Its own slug: the request is not the county's there, so there is nothing to accept.
    response = client_as(cast["admin"]).post(
        reverse("partnerships:county_accept", args=[SLUG, ask.pk])
    )
    assert response.status_code == 404
    outside.refresh_from_db()
    assert outside.parent is None


def test_another_countys_admin_cannot_decide_it(client_as, cast, outside, county, other_county):
    stranger = make_user("sky@example.org", "Sky", "Patel")
    Membership.objects.create(user=stranger, partnership=other_county, role=Role.ADMIN)
    _ask(client_as(cast["admin"]), county)
    ask = CountyRequest.objects.get()
    for name in ("county_accept", "county_decline"):
        url = reverse(f"partnerships:{name}", args=[other_county.slug, ask.pk])
        assert client_as(stranger).post(url).status_code == 404
        assert (
            client_as(stranger)
            .post(reverse(f"partnerships:{name}", args=[county.slug, ask.pk]))
            .status_code
            == 404
        )
    assert CountyRequest.objects.get().status == CountyRequest.Status.PENDING


def test_only_admins_ask(client_as, cast, outside, county):
    for role in ("analyst", "theme_specialist", "board_member"):
        assert _ask(client_as(cast[role]), county).status_code == 403
    assert _ask(client_as(cast["outsider"]), county).status_code == 404
    assert not CountyRequest.objects.exists()


def test_a_second_request_and_a_non_county_are_refused(
    client_as, cast, outside, county, other_county
):
    client = client_as(cast["admin"])
    _ask(client, county)
    response = _ask(client, other_county)
    assert "A request is already waiting for a county." in _messages(client, response)
    assert CountyRequest.objects.count() == 1
    client.post(
        reverse("partnerships:county_withdraw", args=[SLUG, CountyRequest.objects.get().pk])
    )
    response = _ask(client, outside)  # itself, not a county
    assert "Choose one of the options listed." in _messages(client, response)
    assert not CountyRequest.objects.filter(status=CountyRequest.Status.PENDING).exists()


def test_the_settings_form_cannot_set_a_parent(client_as, cast, outside, county):
    client_as(cast["admin"]).post(
        reverse("partnerships:settings", args=[SLUG]),
        {"name": outside.name, "kind": "district", "parent": county.pk},
    )
    outside.refresh_from_db()
    assert outside.parent is None


def test_a_district_leaves_its_county(client_as, cast, partnership, county):
    client_as(cast["admin"]).post(reverse("partnerships:county_leave", args=[SLUG]))
    partnership.refresh_from_db()
    assert partnership.parent is None


def _messages(client, response):
    return client.get(response["Location"]).content.decode()
