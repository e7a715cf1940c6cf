"""Every priorities page for every role, and for a member of another partnership (404)."""

import pytest
from django.urls import reverse

from priorities.services.proposals import propose_priority, publish_priorities

ROLES = ["admin", "analyst", "theme_specialist", "board_member", "outsider"]
EVERYONE = {"admin", "analyst", "theme_specialist", "board_member"}
ANALYST = {"analyst"}
MANAGE = {"admin", "analyst"}
MEETINGS = {"admin", "analyst", "board_member"}
BOARD = {"board_member"}
LEAD = {"admin", "analyst", "board_member"}  # chris the board member leads the priority


@pytest.fixture
def objects(agreed, kpi, figure, action, run, item, proposal, held_today, year, issues):
    # A second proposal, still waiting, so the meeting has a decision to offer.
    propose_priority(year=year, title="Waiting for the board", issues=[issues[1]])
    return {
        "year_id": agreed.year_id,
        "priority_id": agreed.pk,
        "kpi_id": kpi.pk,
        "value_id": figure.pk,
        "meeting_id": item.meeting_id,
        "item_id": item.pk,
        "action_id": action.pk,
        "run_id": run.pk,
        "checklist_item_id": run.items.first().pk,
    }


PAGES = [
    ("priorities:index", {}, "get", EVERYONE),
    ("priorities:year", {"year_id": "year_id"}, "get", EVERYONE),
    ("priorities:propose", {"year_id": "year_id"}, "get", ANALYST),
    ("priorities:publish", {"year_id": "year_id"}, "post", ANALYST),
    ("priorities:review", {"year_id": "year_id"}, "get", MANAGE),
    ("priorities:priority", {"priority_id": "priority_id"}, "get", EVERYONE),
    ("priorities:priority_edit", {"priority_id": "priority_id"}, "get", ANALYST),
    ("priorities:escalate", {"priority_id": "priority_id"}, "get", ANALYST),
    ("priorities:kpi_new", {"priority_id": "priority_id"}, "get", LEAD),
    ("priorities:kpi_value_new", {"kpi_id": "kpi_id"}, "get", LEAD),
    ("priorities:kpi_edit", {"kpi_id": "kpi_id"}, "get", LEAD),
    ("priorities:kpi_edit", {"kpi_id": "kpi_id"}, "post", LEAD),
    ("priorities:kpi_remove", {"kpi_id": "kpi_id"}, "get", LEAD),
    ("priorities:kpi_value_edit", {"value_id": "value_id"}, "get", LEAD),
    ("priorities:kpi_value_edit", {"value_id": "value_id"}, "post", LEAD),
    ("priorities:kpi_value_remove", {"value_id": "value_id"}, "get", LEAD),
    ("priorities:meetings", {}, "get", EVERYONE),
    ("priorities:meeting_new", {}, "get", MEETINGS),
    ("priorities:meeting", {"meeting_id": "meeting_id"}, "get", EVERYONE),
    ("priorities:meeting_edit", {"meeting_id": "meeting_id"}, "get", MEETINGS),
    ("priorities:meeting_edit", {"meeting_id": "meeting_id"}, "post", MEETINGS),
    ("priorities:item_new", {"meeting_id": "meeting_id"}, "get", MEETINGS),
    ("priorities:item_outcome", {"item_id": "item_id"}, "get", MEETINGS),
    ("priorities:decision_new", {"item_id": "item_id"}, "get", BOARD),
    ("priorities:action_new", {"item_id": "item_id"}, "get", MEETINGS),
    ("priorities:action", {"action_id": "action_id"}, "get", EVERYONE),
    ("priorities:action", {"action_id": "action_id"}, "post", MEETINGS),
    ("priorities:escalations", {}, "get", EVERYONE),
    ("priorities:checklists", {}, "get", EVERYONE),
    ("priorities:checklists", {}, "post", MANAGE),
    ("priorities:checklist", {"run_id": "run_id"}, "get", EVERYONE),
    ("priorities:checklist_export", {"run_id": "run_id"}, "get", EVERYONE),
    ("priorities:checklist_item", {"item_id": "checklist_item_id"}, "get", MANAGE),
]


def _url(name, kwargs, objects, slug="central-bedfordshire"):
    return reverse(name, kwargs={"slug": slug, **{k: objects[v] for k, v in kwargs.items()}})


@pytest.mark.parametrize("name,kwargs,method,allowed", PAGES, ids=[f"{p[0]}-{p[2]}" for p in PAGES])
@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_what_it_is_allowed(
    client_as, cast, objects, role, name, kwargs, method, allowed
):
    client = client_as(cast[role])
    response = getattr(client, method)(_url(name, kwargs, objects))
    if role == "outsider":
        assert response.status_code == 404
    elif role in allowed:
        assert response.status_code in (200, 302), response.status_code
    else:
        assert response.status_code == 403, response.status_code


def test_another_partnerships_objects_are_404_under_its_own_slug(
    client_as, cast, objects, other_partnership
):
    client = client_as(cast["outsider"])  # lee is Luton's admin
    for name, kwargs, method, allowed in PAGES:
        if not kwargs:
            continue
        url = _url(name, kwargs, objects, slug=other_partnership.slug)
        # Where an admin's role is not allowed, the role check comes first (403), which
        # says nothing about Central Bedfordshire's objects.
        expected = 404 if "admin" in allowed else 403
        assert getattr(client, method)(url).status_code == expected, name


def test_the_public_summary_needs_no_sign_in_and_lists_published_priorities_only(
    client, agreed, year, issues, partnership
):
    propose_priority(year=year, title="Secret draft", issues=[issues[1]])
    assert (
        "Anti-social behaviour"
        not in client.get(f"/public/{partnership.slug}/priorities/").content.decode()
    )
    publish_priorities(year=year)
    page = client.get(f"/public/{partnership.slug}/priorities/").content.decode()
    assert "Anti-social behaviour" in page
    assert "Emphasis on repeat victims" in page
    assert "Bedfordshire Police" in page
    assert "Secret draft" not in page


OFFERS = [
    ("priorities:year", {"year_id": "year_id"}, "Propose a priority", ANALYST),
    ("priorities:year", {"year_id": "year_id"}, "Change the review date", MANAGE),
    ("priorities:priority", {"priority_id": "priority_id"}, "Add a KPI", LEAD),
    ("priorities:priority", {"priority_id": "priority_id"}, "Change the KPI", LEAD),
    ("priorities:priority", {"priority_id": "priority_id"}, "the figure for 31 March 2027,", LEAD),
    ("priorities:meetings", {}, "New meeting", MEETINGS),
    ("priorities:meeting", {"meeting_id": "meeting_id"}, "Record a decision", BOARD),
    ("priorities:meeting", {"meeting_id": "meeting_id"}, "Record the outcome", MEETINGS),
    ("priorities:meeting", {"meeting_id": "meeting_id"}, "Change the date or attendees", MEETINGS),
    ("priorities:checklists", {}, "Start a checklist", MANAGE),
]


@pytest.mark.parametrize("name,kwargs,offer,allowed", OFFERS, ids=[o[2] for o in OFFERS])
@pytest.mark.parametrize("role", sorted(EVERYONE))
def test_a_page_offers_only_what_the_viewer_may_do(
    client_as, cast, objects, role, name, kwargs, offer, allowed
):
    page = client_as(cast[role]).get(_url(name, kwargs, objects)).content.decode()
    assert (offer in page) is (role in allowed)
