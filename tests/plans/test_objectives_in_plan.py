"""The plan copies the other plans' objectives each priority serves, as plain values:
a version keeps the wording it was written from, and shows it under each priority
("Serves") on the members' page, the public page and the PDF; what changed names an
objective added or dropped."""

import pytest
from django.urls import reverse

from plans import rendering, rules
from plans.selectors import priority_rows
from plans.services import publish_plan, start_plan
from priorities.models import Objective
from priorities.services.objectives import add_objective, change_objective, set_priority_objectives
from tests.plans.conftest import agree_plan

PCC = Objective.Plan.POLICE_AND_CRIME


@pytest.fixture
def victims(partnership):
    return add_objective(partnership=partnership, plan=PCC, wording="Put victims first")


@pytest.fixture
def places(partnership):
    return add_objective(
        partnership=partnership, plan=Objective.Plan.CORPORATE, wording="Safe places to live"
    )


@pytest.fixture
def linked(asb, victims, places):
    set_priority_objectives(priority=asb, objectives=[places, victims])
    return asb


@pytest.fixture
def agreed(partnership, year, linked, board_item, member, cast):
    plan = start_plan(partnership=partnership, year=year)
    return agree_plan(plan, board_item, member(cast["analyst"]))


def test_the_rows_copy_each_priorities_objectives_police_and_crime_first(year, linked):
    (row,) = priority_rows(year)
    assert row["objectives"] == [
        {"plan": "Police and crime plan", "wording": "Put victims first"},
        {"plan": "Council corporate plan", "wording": "Safe places to live"},
    ]


def test_a_version_keeps_the_wording_it_was_written_from(agreed, victims):
    change_objective(objective=victims, plan=PCC, wording="Victims first, always")
    agreed.refresh_from_db()
    assert agreed.priorities[0]["objectives"][0]["wording"] == "Put victims first"


def test_the_page_the_public_page_and_the_pdf_say_what_each_priority_serves(
    client, client_as, cast, agreed, member
):
    serves = "Police and crime plan: Put victims first"
    page = client_as(cast["board_member"]).get(agreed.get_absolute_url()).content.decode()
    assert "<dt>Serves</dt>" in page and serves in page
    client.logout()
    publish_plan(plan=agreed, by=member(cast["analyst"]))
    public = client.get(reverse("public_plan", kwargs={"slug": "central-bedfordshire"}))
    assert serves in public.content.decode()
    assert serves in rendering.build_html(agreed)


def test_a_priority_serving_nothing_says_nothing(partnership, year, asb, client_as, cast):
    plan = start_plan(partnership=partnership, year=year)
    assert plan.priorities[0]["objectives"] == []
    assert (
        "<dt>Serves</dt>"
        not in client_as(cast["analyst"]).get(plan.get_absolute_url()).content.decode()
    )


def test_what_changed_names_an_objective_added_and_one_dropped():
    before = {"priorities": [{"title": "ASB", "objectives": [{"plan": "P", "wording": "Old"}]}]}
    after = {"priorities": [{"title": "ASB", "objectives": [{"plan": "P", "wording": "New"}]}]}
    (section,) = rules.compare(before, after)
    assert [(line.kind, line.text) for line in section.lines] == [
        ("added", "ASB, serves: P: New"),
        ("removed", "ASB, serves: P: Old"),
    ]
