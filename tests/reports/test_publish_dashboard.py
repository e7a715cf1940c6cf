"""The dashboard reminds analysts and admins to publish the year's public summary
when its newest agreed version has never been on the public page: never published, or
newer than the version the public reads. Years over for more than a year are left
out; one query."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from reports import services
from reports.dashboard import summaries_to_publish
from reports.models import RenderRun, Report
from reports.publish_services import publish_summary, withdraw_summary

TODAY = date(2026, 11, 30)


def _agreed(report, version, state=RenderRun.State.AGREED):
    """A made version (the worker's part is not what these tests are about)."""
    return RenderRun.objects.create(
        report=report,
        version=version,
        state=state,
        status=RenderRun.Status.DONE,
        pdf=f"reports/{report.pk}-{version}.pdf",
        requested_at=timezone.now(),
    )


def _titles(membership, today=TODAY):
    return [item.title for item in summaries_to_publish(membership, today)]


def test_an_agreed_version_never_published_waits_on_analysts_and_admins(
    public, cast, member, analyst
):
    _agreed(public, 1)
    item = summaries_to_publish(analyst, TODAY)[0]
    assert item.kind == "Public summaries to publish"
    assert item.title == f"{public.title}, version 1"
    assert item.url == public.get_absolute_url() + "#public-page-heading"
    assert item.detail == "To do: publish it on the public page, so anyone can read it."
    assert _titles(member(cast["admin"])) == [f"{public.title}, version 1"]


@pytest.mark.parametrize("role", ["board_member", "theme_specialist"])
def test_board_members_and_specialists_are_not_asked(public, cast, member, role):
    _agreed(public, 1)
    assert _titles(member(cast[role])) == []


def test_another_partnerships_summary_never_shows(public, cast, membership_of, other_partnership):
    _agreed(public, 1)
    assert _titles(membership_of(cast["outsider"], other_partnership)) == []


def test_drafts_final_versions_and_unmade_versions_do_not_count(public, analyst):
    _agreed(public, 1, state=RenderRun.State.FINAL)
    RenderRun.objects.create(
        report=public,
        version=2,
        state=RenderRun.State.AGREED,
        status=RenderRun.Status.RENDERING,
        requested_at=timezone.now(),
    )
    assert _titles(analyst) == []


def test_once_published_it_leaves_and_a_newer_agreed_version_comes_back(public, analyst):
    publish_summary(run=_agreed(public, 1), by=analyst)
    assert _titles(analyst) == []
    _agreed(public, 2)
    [item] = summaries_to_publish(analyst, TODAY)
    assert item.title == f"{public.title}, version 2"
    assert item.detail == "To do: publish it in place of the older version the public reads."


def test_a_withdrawn_version_is_not_asked_for_again(public, analyst, partnership):
    publish_summary(run=_agreed(public, 1), by=analyst)
    withdraw_summary(partnership=partnership, by=analyst)
    assert _titles(analyst) == []


def test_a_year_over_for_more_than_a_year_is_left_out(public, analyst):
    _agreed(public, 1)
    ends_on = public.year.ends_on
    assert _titles(analyst, today=ends_on) != []
    # Agreed near the year's end, a summary is often published after it: still asked.
    assert _titles(analyst, today=ends_on + timedelta(days=60)) != []
    assert _titles(analyst, today=ends_on + timedelta(days=365)) != []
    assert _titles(analyst, today=ends_on + timedelta(days=366)) == []


def test_an_older_year_is_not_asked_for_once_a_later_year_is_on_the_page(cycle, public, analyst):
    later = services.create_report(year=cycle.years.get(number=2), kind=Report.Kind.PUBLIC)
    _agreed(public, 1)
    publish_summary(run=_agreed(later, 1), by=analyst)
    assert _titles(analyst) == []


def test_one_query_however_many_years_wait(cycle, public, analyst, django_assert_num_queries):
    _agreed(public, 1)
    assert analyst.partnership.slug  # the dashboard's membership comes with its partnership
    with django_assert_num_queries(1):
        assert len(summaries_to_publish(analyst, TODAY)) == 1
    for number in (2, 3):
        year = cycle.years.get(number=number)
        _agreed(services.create_report(year=year, kind=Report.Kind.PUBLIC), 1)
    with django_assert_num_queries(1):
        assert len(summaries_to_publish(analyst, TODAY)) == 3
