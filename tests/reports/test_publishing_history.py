"""The public summary's report page lists every publishing and withdrawal, newest
first, in the shared history table: who put which version on the public page or took
it off, and when. Members of another partnership get 404."""

import re
from datetime import date, datetime

import pytest
from django.utils import timezone

from reports import selectors
from reports.models import Publication, RenderRun
from reports.publish_services import publish_summary, withdraw_summary


def _agreed(report, version):
    """A made, agreed version (the worker's part is not what these tests are about)."""
    return RenderRun.objects.create(
        report=report,
        version=version,
        state=RenderRun.State.AGREED,
        status=RenderRun.Status.DONE,
        pdf=f"reports/{report.pk}-{version}.pdf",
        requested_at=timezone.now(),
    )


def _dated(day: int) -> None:
    """Date the newest history record 10:00 on `day` November 2026."""
    newest = Publication.history.order_by("-history_id").first()
    newest.history_date = timezone.make_aware(datetime(2026, 11, day, 10, 0))
    newest.save()


@pytest.fixture
def events(public, partnership, cast, member):
    """Sam publishes version 1, Priya withdraws it, Sam publishes version 2."""
    sam, priya = member(cast["analyst"]), member(cast["admin"])
    first, second = _agreed(public, 1), _agreed(public, 2)
    publish_summary(run=first, by=sam)
    _dated(2)
    withdraw_summary(partnership=partnership, by=priya)
    _dated(9)
    publish_summary(run=second, by=sam)
    _dated(23)
    return public


def test_each_publishing_and_withdrawal_is_listed_newest_first(events, partnership):
    history = selectors.publication_history(partnership)
    of = f"of the public summary for {events.year.label}"
    assert [(h.when.date(), h.who, h.what) for h in history] == [
        (date(2026, 11, 23), "Sam Taylor", [f"Published version 2 {of}"]),
        (date(2026, 11, 9), "Priya Shah", [f"Withdrew version 1 {of}"]),
        (date(2026, 11, 2), "Sam Taylor", [f"Published version 1 {of}"]),
    ]


def test_replacing_a_version_is_one_publishing(public, partnership, cast, member):
    sam = member(cast["analyst"])
    publish_summary(run=_agreed(public, 1), by=sam)
    publish_summary(run=_agreed(public, 2), by=sam)
    assert [h.what[0][:17] for h in selectors.publication_history(partnership)] == [
        "Published version",
        "Published version",
    ]


def test_nothing_published_yet_has_no_history(public, partnership):
    assert selectors.publication_history(partnership) == []


def _history_rows(page: str) -> list[str]:
    section = page.split('data-testid="publishing-history"', 1)[1].split("</section>", 1)[0]
    rows = re.findall(r"<tr><td>(.*?)</td></tr>", section)
    return [re.sub(r"</td><td>", " | ", row) for row in rows]


@pytest.mark.parametrize("role", ["analyst", "board_member", "theme_specialist"])
def test_the_report_page_shows_the_history_in_order_to_every_member(client_as, cast, events, role):
    page = client_as(cast[role]).get(events.get_absolute_url()).content.decode()
    assert "Publishing history</h2>" in page
    of = f"of the public summary for {events.year.label}"
    assert _history_rows(page) == [
        f"23 November 2026, 10:00 | Sam Taylor | Published version 2 {of}",
        f"9 November 2026, 10:00 | Priya Shah | Withdrew version 1 {of}",
        f"2 November 2026, 10:00 | Sam Taylor | Published version 1 {of}",
    ]


def test_a_member_of_another_partnership_gets_404(client_as, cast, events):
    assert client_as(cast["outsider"]).get(events.get_absolute_url()).status_code == 404


def test_no_history_table_before_anything_is_published(client_as, cast, public):
    _agreed(public, 1)
    page = client_as(cast["analyst"]).get(public.get_absolute_url()).content.decode()
    assert "Publishing history" not in page
