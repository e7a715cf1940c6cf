"""Creating a cycle from a template and editing its years, stages and activities."""

import base64
import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cycles.models import Activity, Cycle, CycleYear, Stage
from cycles.services import create_cycle_from_template
from partnerships.models import Role

SLUG = "central-bedfordshire"


@pytest.fixture
def cycle(partnership, cast):
    return create_cycle_from_template(
        partnership=partnership, template_key="four-year", start_year=2026
    )


def test_admin_creates_a_cycle_from_the_annual_template(client_as, cast, partnership):
    response = client_as(cast["admin"]).post(
        reverse("cycles:new", kwargs={"slug": SLUG}),
        {"template": "annual", "start_year": "2027", "name": ""},
    )
    cycle = Cycle.objects.get(partnership=partnership)
    assert response["Location"] == cycle.get_absolute_url()
    assert cycle.name == "Annual assessment 2027-28"
    assert (cycle.template_key, cycle.template_version) == ("annual", 2)
    assert Stage.objects.filter(year__cycle=cycle).count() == 3


def test_activities_go_to_the_first_member_with_the_role(cycle, partnership, membership_of, cast):
    rationale = Activity.objects.get(
        stage__year__cycle=cycle,
        stage__year__number=1,
        title="Complete rationale documents for your themes",
    )
    assert rationale.owner == membership_of(cast["theme_specialist"], partnership)
    board = Activity.objects.filter(stage__year__cycle=cycle, owner__role=Role.BOARD_MEMBER)
    assert board.exists()


def test_a_second_cycle_with_the_same_name_is_refused(client_as, cast, cycle):
    response = client_as(cast["admin"]).post(
        reverse("cycles:new", kwargs={"slug": SLUG}),
        {"template": "four-year", "start_year": "2026", "name": ""},
    )
    assert response.status_code == 200
    assert "already has a cycle called Four-year cycle 2026-30" in response.content.decode()
    assert Cycle.objects.count() == 1


def test_an_unknown_template_is_refused(client_as, cast, partnership):
    response = client_as(cast["admin"]).post(
        reverse("cycles:new", kwargs={"slug": SLUG}),
        {"template": "weekly", "start_year": "2026"},
    )
    assert "Choose one of the options listed." in response.content.decode()
    assert not Cycle.objects.exists()


def test_admin_edits_a_year(client_as, cast, cycle):
    year = cycle.years.get(number=2)
    response = client_as(cast["admin"]).post(
        reverse("cycles:year_edit", kwargs={"slug": SLUG, "year_id": year.pk}),
        {
            "kind": "refresh",
            "starts_on": "2027-04-01",
            "ends_on": "2028-03-31",
            "summary": "Brought the refresh forward.",
        },
    )
    assert response.status_code == 302
    year.refresh_from_db()
    assert (year.kind, year.summary) == (CycleYear.Kind.REFRESH, "Brought the refresh forward.")


def test_admin_moves_a_stage_window(client_as, cast, cycle):
    stage = Stage.objects.get(year__cycle=cycle, year__number=1, kind="reports")
    response = client_as(cast["admin"]).post(
        reverse("cycles:stage_edit", kwargs={"slug": SLUG, "stage_id": stage.pk}),
        {"starts_on": "2027-01-05", "ends_on": "2027-03-15", "summary": stage.summary},
    )
    assert response.status_code == 302
    stage.refresh_from_db()
    assert (stage.starts_on, stage.ends_on) == (date(2027, 1, 5), date(2027, 3, 15))


@pytest.mark.parametrize(
    "starts_on,ends_on,message",
    [
        ("2027-03-15", "2027-01-05", "The end date must be on or after the start date."),
        ("15 March", "2027-01-05", "Enter a real date, like 23/11/2026."),
        ("", "2027-01-05", "Enter a date for “Starts on”."),
    ],
)
def test_a_bad_window_redisplays_and_changes_nothing(
    client_as, cast, cycle, starts_on, ends_on, message
):
    stage = Stage.objects.get(year__cycle=cycle, year__number=1, kind="reports")
    before = (stage.starts_on, stage.ends_on)
    response = client_as(cast["admin"]).post(
        reverse("cycles:stage_edit", kwargs={"slug": SLUG, "stage_id": stage.pk}),
        {"starts_on": starts_on, "ends_on": ends_on, "summary": ""},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    stage.refresh_from_db()
    assert (stage.starts_on, stage.ends_on) == before


def test_analyst_adds_edits_and_deletes_an_activity(
    client_as, cast, cycle, partnership, membership_of
):
    client = client_as(cast["analyst"])
    stage = Stage.objects.get(year__cycle=cycle, year__number=1, kind="analysis")
    jo = membership_of(cast["theme_specialist"], partnership)
    client.post(
        reverse("cycles:activity_new", kwargs={"slug": SLUG, "stage_id": stage.pk}),
        {
            "title": "Domestic abuse profile",
            "owner": jo.pk,
            "due_on": "2026-12-12",
            "status": "not_started",
            "description": "",
        },
    )
    activity = Activity.objects.get(title="Domestic abuse profile")
    assert (activity.stage, activity.owner, activity.due_on) == (stage, jo, date(2026, 12, 12))

    client.post(
        reverse("cycles:activity_edit", kwargs={"slug": SLUG, "activity_id": activity.pk}),
        {
            "title": "Domestic abuse profile",
            "owner": "",
            "due_on": "2026-12-19",
            "status": "in_progress",
            "description": "With the IDVA service",
        },
    )
    activity.refresh_from_db()
    assert (activity.owner, activity.status) == (None, "in_progress")

    client.post(
        reverse("cycles:activity_delete", kwargs={"slug": SLUG, "activity_id": activity.pk})
    )
    assert not Activity.objects.filter(pk=activity.pk).exists()


def test_an_owner_from_another_partnership_is_refused(
    client_as, cast, cycle, other_partnership, membership_of
):
    stage = Stage.objects.get(year__cycle=cycle, year__number=1, kind="analysis")
    lee = membership_of(cast["outsider"], other_partnership)
    response = client_as(cast["analyst"]).post(
        reverse("cycles:activity_new", kwargs={"slug": SLUG, "stage_id": stage.pk}),
        {"title": "Sneaky", "owner": lee.pk, "due_on": "2026-12-12", "status": "not_started"},
    )
    assert "Choose someone from the list." in response.content.decode()
    assert not Activity.objects.filter(title="Sneaky").exists()


def test_an_owner_updates_their_own_activity_status(client_as, cast, cycle):
    activity = Activity.objects.get(
        stage__year__cycle=cycle,
        stage__year__number=1,
        title="Complete rationale documents for your themes",
    )
    response = client_as(cast["theme_specialist"]).post(
        reverse("cycles:activity_status", kwargs={"slug": SLUG, "activity_id": activity.pk}),
        {"status": "done", "next": "https://elsewhere.example/"},
    )
    # Never an outside address: back to the activity's row on the cycle page.
    assert response["Location"] == f"{cycle.get_absolute_url()}#activity-{activity.pk}"
    activity.refresh_from_db()
    assert activity.status == Activity.Status.DONE


def test_an_unknown_status_changes_nothing(client_as, cast, cycle):
    activity = Activity.objects.filter(stage__year__cycle=cycle).first()
    client_as(cast["admin"]).post(
        reverse("cycles:activity_status", kwargs={"slug": SLUG, "activity_id": activity.pk}),
        {"status": "abandoned"},
    )
    activity.refresh_from_db()
    assert activity.status == Activity.Status.NOT_STARTED


def test_the_cycle_page_costs_the_same_queries_however_big_the_cycle(client_as, cast, cycle):
    client = client_as(cast["admin"])
    url = cycle.get_absolute_url()
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    stage = Stage.objects.filter(year__cycle=cycle).first()
    Activity.objects.bulk_create(
        Activity(
            stage=stage,
            title=f"Extra {i}",
            due_on=stage.ends_on,
            owner=stage.activities.first().owner,
        )
        for i in range(40)
    )
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large) == len(small)


def test_the_timeline_draws_every_stage_and_lists_it_in_a_table(client_as, cast, cycle):
    response = client_as(cast["board_member"]).get(
        reverse("cycles:timeline", kwargs={"slug": SLUG, "cycle_id": cycle.pk})
    )
    page = response.content.decode()
    # One image, its alt text counting the bars in each row; the drawing has them all.
    [(data, alt)] = re.findall(
        r'<img class="chart" src="data:image/svg\+xml;base64,([^"]+)" alt="([^"]+)"', page
    )
    assert alt.startswith("Chart of the cycle&#x27;s years and stages over time")
    assert "Bars in each row: Years 4, Consultation 4, Analysis 4, Reports 4." in alt
    drawing = base64.b64decode(data).decode()
    assert drawing.count('id="bar-0-') == 4  # the years
    assert drawing.count('id="bar-1-') == 4  # the consultation stages
    assert "1 September 2026" in page and "31 October 2026" in page
    assert page.count("<tr>") >= 13  # header + 12 stage rows
