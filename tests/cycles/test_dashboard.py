"""The dashboard: where the cycle stands today and what is due or overdue for the person."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cycles.models import Activity
from cycles.selectors import dashboard_for
from cycles.services import create_cycle_from_template

URL = reverse("cycles:dashboard", kwargs={"slug": "central-bedfordshire"})
TODAY = date(2026, 11, 24)


@pytest.fixture
def cycle(partnership, cast):
    return create_cycle_from_template(
        partnership=partnership, template_key="four-year", start_year=2026
    )


def test_a_partnership_without_a_cycle_says_so(client_as, cast):
    page = client_as(cast["analyst"]).get(URL).content.decode()
    assert "has no assessment cycle yet" in page
    assert "Create a cycle from a template" not in page  # only admins create cycles
    admin_page = client_as(cast["admin"]).get(URL).content.decode()
    assert "Create a cycle from a template" in admin_page


def test_the_current_year_and_stage_on_a_given_day(cycle, partnership, membership_of, cast):
    board = dashboard_for(membership_of(cast["analyst"], partnership), TODAY, include_team=True)
    assert board.year.number == 1
    assert [s.kind for s in board.current_stages] == ["analysis"]
    assert board.next_stage.kind == "reports"
    assert board.next_stage.starts_on == date(2026, 12, 1)


def test_overdue_and_due_soon_are_the_persons_own(cycle, partnership, membership_of, cast):
    analyst = membership_of(cast["analyst"], partnership)
    board = dashboard_for(analyst, TODAY, include_team=True)
    assert {a.title for a in board.my_overdue} == {
        "Run the public consultation online and in virtual meetings",
        "Hold the partnership risk scoring sessions",
        "Gather further data from partners",
    }
    assert all(a.owner == analyst for a in board.my_overdue + board.my_due_soon)
    assert {a.title for a in board.my_due_soon} == {
        "Scan the horizon for new risks",
        "Circulate the first draft for feedback",
    }
    assert [a.title for a in board.team_overdue] == ["Complete rationale documents for your themes"]


def test_done_activities_are_never_overdue(cycle, partnership, membership_of, cast):
    Activity.objects.filter(stage__year__cycle=cycle).update(status=Activity.Status.DONE)
    board = dashboard_for(membership_of(cast["analyst"], partnership), TODAY, include_team=True)
    assert board.my_overdue == [] and board.team_overdue == []
    assert board.progress["done"] == 9


def test_board_members_do_not_get_the_team_list(cycle, partnership, membership_of, cast):
    board = dashboard_for(
        membership_of(cast["board_member"], partnership), TODAY, include_team=False
    )
    assert board.team_overdue == []


def test_the_dashboard_page_highlights_overdue_work(
    client_as, cast, cycle, partnership, membership_of
):
    stage = cycle.years.get(number=1).stages.get(kind="analysis")
    Activity.objects.create(
        stage=stage,
        title="Chase the fire service data",
        due_on=date.today() - timedelta(days=2),
        owner=membership_of(cast["analyst"], partnership),
    )
    page = client_as(cast["analyst"]).get(URL).content.decode()
    assert "Chase the fire service data" in page
    assert 'class="overdue-row"' in page
    assert "Overdue (" in page


def test_the_dashboard_query_count_does_not_grow_with_activities(
    client_as, cast, cycle, partnership, membership_of
):
    client = client_as(cast["analyst"])
    client.get(URL)
    with CaptureQueriesContext(connection) as before:
        client.get(URL)
    stage = cycle.years.get(number=1).stages.get(kind="analysis")
    analyst = membership_of(cast["analyst"], partnership)
    Activity.objects.bulk_create(
        Activity(
            stage=stage,
            title=f"Task {i}",
            due_on=date.today() - timedelta(days=i + 1),
            owner=analyst,
        )
        for i in range(30)
    )
    with CaptureQueriesContext(connection) as after:
        client.get(URL)
    assert len(after) == len(before)
