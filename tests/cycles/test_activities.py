"""Issue 17, 10: deleting an activity asks first, and saving one returns to its row."""

from datetime import date

import pytest
from django.urls import reverse

from csp_assessment.dates import day
from cycles.models import Activity, Stage
from cycles.rules import activity_due_window
from cycles.services import create_cycle_from_template

SLUG = "central-bedfordshire"


@pytest.fixture
def cycle(partnership, cast):
    return create_cycle_from_template(
        partnership=partnership, template_key="four-year", start_year=2026
    )


@pytest.fixture
def activity(cycle):
    return Activity.objects.filter(stage__year__cycle=cycle).order_by("pk").last()


def _url(name, activity, slug=SLUG):
    return reverse(f"cycles:{name}", kwargs={"slug": slug, "activity_id": activity.pk})


def test_the_edit_page_links_to_a_confirmation_rather_than_deleting(client_as, cast, activity):
    page = client_as(cast["analyst"]).get(_url("activity_edit", activity)).content.decode()
    assert f'href="{_url("activity_delete", activity)}"' in page
    assert f'action="{_url("activity_delete", activity)}"' not in page


def test_the_confirmation_names_the_activity_and_deletes_nothing(client_as, cast, activity):
    response = client_as(cast["analyst"]).get(_url("activity_delete", activity))
    page = response.content.decode()
    assert response.status_code == 200
    assert f"Delete “{activity.title}”?" in page
    assert "This cannot be undone." in page
    assert "Yes, delete the activity" in page
    assert Activity.objects.filter(pk=activity.pk).exists()


def test_confirming_deletes_and_returns_to_the_stage(client_as, cast, activity):
    stage = activity.stage
    response = client_as(cast["admin"]).post(_url("activity_delete", activity))
    assert response.status_code == 302
    assert response["Location"] == f"{stage.year.cycle.get_absolute_url()}#stage-{stage.pk}"
    assert not Activity.objects.filter(pk=activity.pk).exists()
    page = client_as(cast["admin"]).get(response["Location"]).content.decode()
    assert f'id="stage-{stage.pk}"' in page
    assert f"Activity “{activity.title}” deleted." in page


@pytest.mark.parametrize("role", ["board_member", "theme_specialist"])
def test_other_roles_may_not_delete(client_as, cast, activity, role):
    client = client_as(cast[role])
    assert client.get(_url("activity_delete", activity)).status_code == 403
    assert client.post(_url("activity_delete", activity)).status_code == 403
    assert Activity.objects.filter(pk=activity.pk).exists()


def test_another_partnership_gets_not_found(client_as, cast, activity):
    lee = client_as(cast["outsider"])
    assert lee.get(_url("activity_delete", activity, slug="luton")).status_code == 404
    assert lee.post(_url("activity_delete", activity, slug="luton")).status_code == 404
    assert lee.get(_url("activity_delete", activity)).status_code == 404
    assert Activity.objects.filter(pk=activity.pk).exists()


def test_saving_returns_to_the_activitys_row(client_as, cast, activity):
    client = client_as(cast["analyst"])
    response = client.post(
        _url("activity_edit", activity),
        {
            "title": "Renamed",
            "owner": "",
            "due_on": activity.due_on.isoformat(),
            "status": "in_progress",
        },
    )
    cycle_url = activity.stage.year.cycle.get_absolute_url()
    assert response["Location"] == f"{cycle_url}#activity-{activity.pk}"
    page = client.get(cycle_url).content.decode()
    assert f'<th scope="row" id="activity-{activity.pk}" tabindex="-1"' in page


def test_adding_returns_to_the_new_row(client_as, cast, cycle):
    stage = Stage.objects.get(year__cycle=cycle, year__number=1, kind="analysis")
    response = client_as(cast["analyst"]).post(
        reverse("cycles:activity_new", kwargs={"slug": SLUG, "stage_id": stage.pk}),
        {
            "title": "Hate crime profile",
            "owner": "",
            "due_on": "2026-12-12",
            "status": "not_started",
        },
    )
    added = Activity.objects.get(title="Hate crime profile")
    assert response["Location"] == f"{cycle.get_absolute_url()}#activity-{added.pk}"


def test_a_status_change_returns_to_the_row(client_as, cast, activity):
    cycle_url = activity.stage.year.cycle.get_absolute_url()
    response = client_as(cast["analyst"]).post(
        _url("activity_status", activity), {"status": "done", "next": cycle_url}
    )
    assert response["Location"] == f"{cycle_url}#activity-{activity.pk}"
    activity.refresh_from_db()
    assert activity.status == "done"


def test_a_status_update_says_whether_it_changed(client_as, cast, activity):
    Activity.objects.filter(pk=activity.pk).update(status=Activity.Status.NOT_STARTED)
    client = client_as(cast["analyst"])
    url = _url("activity_status", activity)
    page = client.post(url, {"status": "in_progress"}, follow=True).content.decode()
    assert f"“{activity.title}” is now in progress." in page
    page = client.post(url, {"status": "in_progress"}, follow=True).content.decode()
    assert f"“{activity.title}” is still in progress. Nothing changed." in page
    assert "is now in progress" not in page


def test_a_form_with_errors_lists_each_message_at_the_top_and_beside_its_field(
    client_as, cast, cycle
):
    stage = Stage.objects.get(year__cycle=cycle, year__number=1, kind="analysis")
    response = client_as(cast["analyst"]).post(
        reverse("cycles:activity_new", kwargs={"slug": SLUG, "stage_id": stage.pk}),
        {"title": "", "owner": "", "due_on": "not a date", "status": "not_started"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    summary = page[
        page.index('data-testid="error-summary"') : page.index(
            "</ul>", page.index('data-testid="error-summary"')
        )
    ]
    assert "There is a problem" in summary
    assert '<a href="#div_id_title">Enter title.</a>' in summary
    assert '<a href="#div_id_due_on">Enter a real date, like 23/11/2026.</a>' in summary
    assert "status" not in summary.lower()  # a field without an error is not named
    # Each message twice: in the summary, and beside its field, which the link finds.
    assert page.count("Enter a real date, like 23/11/2026.") == 2
    assert 'id="div_id_due_on"' in page
    assert not Activity.objects.filter(stage=stage, title="").exists()


def test_the_due_window_runs_while_the_year_or_the_stage_does():
    april, march = date(2026, 4, 1), date(2027, 3, 31)
    # A stage inside its year: the year's dates.
    assert activity_due_window(april, march, date(2026, 9, 1), date(2026, 11, 30)) == (
        april,
        march,
    )
    # Reports run past the year's end: to the stage's end.
    assert activity_due_window(april, march, date(2027, 2, 1), date(2027, 6, 30)) == (
        april,
        date(2027, 6, 30),
    )


def test_a_due_date_outside_the_window_is_refused_and_nothing_is_saved(client_as, cast, activity):
    before = (activity.title, activity.due_on)
    first, last = activity.stage.activity_due_window()
    client = client_as(cast["analyst"])
    form = client.get(_url("activity_edit", activity)).content.decode()
    assert f"From {day(first)} to {day(last)}." in form  # said before it is refused
    response = client.post(
        _url("activity_edit", activity),
        {"title": "Renamed", "owner": "", "due_on": "2062-12-19", "status": "in_progress"},
    )
    assert response.status_code == 200
    year, stage = activity.stage.year, activity.stage
    assert (
        f"Choose a date from {day(first)} to {day(last)}, while year {year.number} and its "
        f"{stage.get_kind_display().lower()} stage run."
    ) in response.content.decode()
    activity.refresh_from_db()
    assert (activity.title, activity.due_on) == before
    # The last day of the window is taken.
    client.post(
        _url("activity_edit", activity),
        {"title": "Renamed", "owner": "", "due_on": last.isoformat(), "status": "in_progress"},
    )
    activity.refresh_from_db()
    assert (activity.title, activity.due_on) == ("Renamed", last)
