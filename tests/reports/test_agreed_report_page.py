"""A report whose newest version is agreed says so at the top, with the agreed PDF, and
keeps the make, send and edit actions under "Start a new version" (a partnership may
still revise). The agreed version is named for what the report is: a public summary's
is the agreed summary."""

from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from priorities.models import Meeting
from reports import selectors, services
from reports.models import RenderRun, Report
from tests.reports.conftest import BOARD_DAY, agreed_public_summary

SLUG = "central-bedfordshire"


def _agreed(year, analyst, cast, member, *, made_on=datetime(2026, 10, 20, 10, 0)):
    """The year's public summary agreed, its full assessment then agreed too: made on
    `made_on`, after the board meeting of 14 October 2026 that took its final version,
    with its PDF made."""
    agreed_public_summary(
        year,
        analyst=analyst,
        board_member=member(cast["board_member"]),
        held_on=BOARD_DAY,
        render=False,
    )
    full = Report.objects.get(year=year, kind=Report.Kind.FULL)
    run = services.request_render(report=full, by=analyst, state="agreed", confirmed=True)
    RenderRun.objects.filter(pk=run.pk).update(
        status="done",
        finished_at=timezone.now(),
        requested_at=timezone.make_aware(made_on),
    )
    return full, run


def _top(page):
    """The page down to its first table: what a reader sees first."""
    return page[: page.index("<table")]


@pytest.mark.django_db
def test_an_agreed_report_says_so_and_puts_making_a_new_version_behind_a_disclosure(
    client_as, cast, year, analyst, member
):
    full, run = _agreed(year, analyst, cast, member)
    page = client_as(cast["analyst"]).get(full.get_absolute_url()).content.decode()
    top = _top(page)
    # The day the board agreed it, not the day the PDF was made.
    assert "Agreed on 14 October 2026" in top
    download = reverse("reports:download", kwargs={"slug": SLUG, "run_id": run.pk})
    assert f'href="{download}"' in top
    disclosure = page.index("<summary>Start a new version</summary>")
    for action in (
        "Make a draft",
        "Make the final version for the board",
        "Make the agreed assessment",
        'name="title"',
        "Analysis period</h2>",
        "Send the final version to the board",
    ):
        assert page.index(action) > disclosure, action
    assert page.index("</details>") > page.index("Send the final version to the board")


@pytest.mark.django_db
def test_an_agreed_report_does_not_ask_for_a_board_meeting(client_as, cast, year, analyst, member):
    """The final version has gone to the board and the board agreed it: with no open
    meeting left, the page does not say one is needed to send the final version."""
    full, _ = _agreed(year, analyst, cast, member)
    Meeting.objects.update(closed_at=timezone.now())
    page = client_as(cast["analyst"]).get(full.get_absolute_url()).content.decode()
    assert "Agreed on 14 October 2026" in page
    assert "needs an open meeting" not in page
    # Its sources are today's register, not what the agreed version drew on: it says so.
    assert "This is the register as it stands today" in page


@pytest.mark.django_db
def test_a_report_whose_newest_version_is_not_agreed_leads_with_its_actions(
    client_as, cast, year, analyst, member
):
    full, _ = _agreed(year, analyst, cast, member)
    services.request_render(report=full, by=analyst)  # a new draft after the agreed one
    page = client_as(cast["analyst"]).get(full.get_absolute_url()).content.decode()
    assert "Agreed on" not in page
    assert "Start a new version" not in page
    assert "Make a draft" in page
    assert "Where the figures come from" in page
    assert "This is the register as it stands today" not in page


@pytest.mark.django_db
def test_a_board_member_reads_the_agreed_report_with_nothing_to_start(
    client_as, cast, year, analyst, member
):
    full, _ = _agreed(year, analyst, cast, member)
    page = client_as(cast["board_member"]).get(full.get_absolute_url()).content.decode()
    assert "Agreed on 14 October 2026" in page
    assert "Start a new version" not in page


@pytest.mark.django_db
def test_the_public_summary_offers_the_agreed_summary(client_as, cast, year, analyst, member):
    public = agreed_public_summary(
        year,
        analyst=analyst,
        board_member=member(cast["board_member"]),
        held_on=BOARD_DAY,
        render=False,
    ).report
    services.request_render(report=public, by=analyst)  # revising after it was agreed
    client = client_as(cast["analyst"])
    page = client.get(public.get_absolute_url()).content.decode()
    assert "Make the agreed summary" in page
    assert "agreed assessment" not in page.lower()
    checklist = client.get(
        reverse("reports:agreed", kwargs={"slug": SLUG, "report_id": public.pk})
    ).content.decode()
    assert "Before the agreed summary" in checklist
    assert "Make the agreed summary" in checklist
    assert "agreed assessment" not in checklist.lower()


@pytest.mark.django_db
def test_retention_dates_each_assessment_by_the_meeting_that_agreed_it(
    cast, year, analyst, member, partnership, django_assert_num_queries
):
    """The retention page and the daily run give the day the report itself gives: the
    last board meeting on or before the day the agreed version was made, not that later
    day (20 October and 2 November are both dated 14 October). One made before any
    meeting keeps its own day. However many there are, the versions and the meetings
    are read once each."""
    full, _ = _agreed(year, analyst, cast, member)
    for made_on in (datetime(2026, 10, 1, 9, 0), datetime(2026, 11, 2, 9, 0)):
        run = services.request_render(report=full, by=analyst, state="agreed", confirmed=True)
        RenderRun.objects.filter(pk=run.pk).update(
            status="done", finished_at=timezone.now(), requested_at=timezone.make_aware(made_on)
        )
    with django_assert_num_queries(2):
        days = selectors.assessments_agreed_on(partnership)
    assert days == [datetime(2026, 10, 1).date(), BOARD_DAY]
