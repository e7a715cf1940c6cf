"""Every partnership page, for every role: allowed roles get the page, other roles 403,
a member of another partnership 404, and a signed-out visitor goes to sign in."""

import pytest
from django.urls import reverse

from cycles.models import Activity
from cycles.services import create_cycle_from_template
from partnerships.models import Membership

ADMIN = {"admin"}
MANAGERS = {"admin", "analyst"}
EVERYONE = {"admin", "analyst", "theme_specialist", "board_member"}


@pytest.fixture
def objects(partnership, cast, police):
    cycle = create_cycle_from_template(
        partnership=partnership, template_key="four-year", start_year=2026
    )
    year = cycle.years.get(number=1)
    stage = year.stages.get(kind="consultation")
    # Owned by the analyst, so no other role may change it as its owner.
    activity = stage.activities.filter(owner__role="analyst").first()
    district = partnership.districts.first()
    person = Membership.objects.get(user=cast["board_member"], partnership=partnership)
    return {
        "cycle_id": cycle.pk,
        "year_id": year.pk,
        "stage_id": stage.pk,
        "activity_id": activity.pk,
        "district": district.pk,
        "agency": police.pk,
        "person": person.pk,
        "theme_id": partnership.themes.first().pk,
    }


# (url name, kwargs from objects, method, roles allowed, POST data)
PAGES = [
    ("cycles:dashboard", {}, "get", EVERYONE, None),
    ("cycles:list", {}, "get", EVERYONE, None),
    ("cycles:new", {}, "get", ADMIN, None),
    ("cycles:detail", {"cycle_id": "cycle_id"}, "get", EVERYONE, None),
    ("cycles:timeline", {"cycle_id": "cycle_id"}, "get", EVERYONE, None),
    ("cycles:year_edit", {"year_id": "year_id"}, "get", ADMIN, None),
    ("cycles:stage_edit", {"stage_id": "stage_id"}, "get", ADMIN, None),
    ("cycles:activity_new", {"stage_id": "stage_id"}, "get", MANAGERS, None),
    ("cycles:activity_edit", {"activity_id": "activity_id"}, "get", MANAGERS, None),
    (
        "cycles:activity_status",
        {"activity_id": "activity_id"},
        "post",
        MANAGERS,
        {"status": Activity.Status.DONE},
    ),
    ("cycles:activity_delete", {"activity_id": "activity_id"}, "get", MANAGERS, None),
    ("cycles:activity_delete", {"activity_id": "activity_id"}, "post", MANAGERS, {}),
    ("cycles:themes", {}, "get", MANAGERS, None),
    ("cycles:theme_edit", {"theme_id": "theme_id"}, "get", MANAGERS, None),
    ("partnerships:settings", {}, "get", ADMIN, None),
    ("partnerships:sign_in", {}, "get", ADMIN, None),
    ("partnerships:district_new", {}, "get", ADMIN, None),
    ("partnerships:district_edit", {"pk": "district"}, "get", ADMIN, None),
    ("partnerships:agency_new", {}, "get", ADMIN, None),
    ("partnerships:agency_edit", {"pk": "agency"}, "get", ADMIN, None),
    ("partnerships:people", {}, "get", ADMIN, None),
    ("partnerships:person_invite", {}, "get", ADMIN, None),
    ("partnerships:person_edit", {"pk": "person"}, "get", ADMIN, None),
    ("partnerships:person_resend", {"pk": "person"}, "post", ADMIN, {}),
    ("partnerships:person_remove", {"pk": "person"}, "post", ADMIN, {}),
]
ROLES = ["admin", "analyst", "theme_specialist", "board_member", "outsider"]


def _url(name, kwargs, objects, slug="central-bedfordshire"):
    return reverse(name, kwargs={"slug": slug, **{k: objects[v] for k, v in kwargs.items()}})


@pytest.mark.parametrize("name,kwargs,method,allowed,data", PAGES, ids=[p[0] for p in PAGES])
@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_what_it_should(
    client_as, cast, objects, role, name, kwargs, method, allowed, data
):
    client = client_as(cast[role])
    url = _url(name, kwargs, objects)
    response = getattr(client, method)(url, data or {})
    if role == "outsider":
        assert response.status_code == 404
    elif role in allowed:
        assert response.status_code in (200, 302), response.content[:500]
        if response.status_code == 302:
            assert "/accounts/sign-in/" not in response["Location"]
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("name,kwargs,method,allowed,data", PAGES, ids=[p[0] for p in PAGES])
def test_signed_out_visitors_are_sent_to_sign_in(
    client, objects, name, kwargs, method, allowed, data
):
    response = getattr(client, method)(_url(name, kwargs, objects), data or {})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_objects_of_another_partnership_are_404_even_under_your_own_slug(
    client_as, cast, objects, other_partnership
):
    """Lee is an admin of Luton: Central Bedfordshire's objects under Luton's slug are 404."""
    client = client_as(cast["outsider"])
    for name, kwargs, method, _allowed, data in PAGES:
        if not kwargs:
            continue
        url = _url(name, kwargs, objects, slug=other_partnership.slug)
        response = getattr(client, method)(url, data or {})
        assert response.status_code == 404, name


def test_a_forbidden_post_changes_nothing(client_as, cast, objects):
    client = client_as(cast["board_member"])
    activity = Activity.objects.get(pk=objects["activity_id"])
    url = _url("cycles:activity_status", {"activity_id": "activity_id"}, objects)
    assert client.post(url, {"status": Activity.Status.DONE}).status_code == 403
    activity.refresh_from_db()
    assert activity.status == Activity.Status.NOT_STARTED
