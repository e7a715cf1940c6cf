"""Reports fixtures: a full assessment for the 2026-27 year, and a little crime data, so
the report's analysis has months to show. A module needing another report defines its own."""

from datetime import date

import pytest

from analysis.models import Dataset, MonthlyCount
from analysis.rules import add_months
from cycles.services import create_cycle_from_template
from partnerships.models import District
from reports import services
from reports.models import Report

FIRST_MONTH = date(2018, 1, 1)
LAST_MONTH = date(2019, 3, 1)


@pytest.fixture
def crime_data(partnership):
    """Police data for January 2018 to March 2019, two categories, one district;
    each month's count is its position, so any window's total is easy to work out."""
    district = partnership.districts.first() or District.objects.create(
        partnership=partnership, name="Central Bedfordshire", code="E06000056"
    )
    dataset = Dataset.objects.create(
        partnership=partnership, kind=Dataset.Kind.POLICE_STREET, name="Police recorded crime"
    )
    month, n = FIRST_MONTH, 1
    rows = []
    while month <= LAST_MONTH:
        for category in ("Burglary", "Vehicle crime"):
            rows.append(
                MonthlyCount(
                    dataset=dataset, district=district, month=month, category=category, count=n
                )
            )
        month, n = add_months(month, 1), n + 1
    MonthlyCount.objects.bulk_create(rows)
    return dataset


@pytest.fixture
def report(year, cast):
    """The year's full assessment."""
    return services.create_report(year=year, kind=Report.Kind.FULL, authors="Sam Taylor")


# An agreed public summary, as seed 000 runs it ------------------------------------------


def agreed_public_summary(year, *, analyst, board_member, held_on, render=True):
    """The year's public summary with its agreed version: the full assessment's final
    version goes to a board meeting held on `held_on`, the board agrees a priority
    there, then the analyst makes the public summary's agreed version. With `render`,
    the worker's part runs here too: WeasyPrint makes the real PDF."""
    from cycles.models import Issue
    from priorities.services.meetings import add_item, create_meeting, record_decision
    from priorities.services.proposals import propose_priority

    full = Report.objects.filter(year=year, kind=Report.Kind.FULL).first()
    full = full or services.create_report(year=year, kind=Report.Kind.FULL)
    final = services.request_render(report=full, by=analyst, state="final", confirmed=True)
    meeting = create_meeting(
        partnership=year.cycle.partnership, held_on=held_on, title="Community Safety Executive"
    )
    services.send_to_board(run=final, meeting=meeting, by=analyst)
    title = f"Anti-social behaviour {year.label}"
    issue = Issue.objects.create(year=year, title=title)
    record_decision(
        item=add_item(meeting=meeting, title="Priorities"),
        priority=propose_priority(year=year, title=title, issues=[issue]),
        outcome="agreed",
        minute="Agreed as a priority for the cycle.",
        decided_by=board_member,
        today=held_on,
    )
    public = Report.objects.filter(year=year, kind=Report.Kind.PUBLIC).first()
    public = public or services.create_report(year=year, kind=Report.Kind.PUBLIC)
    run = services.request_render(report=public, by=analyst, state="agreed", confirmed=True)
    if render:
        assert services.run_render(run_id=run.pk) == "done"
    run.refresh_from_db()
    return run


# The analyst and agreed public summary the publishing tests share --------------

BOARD_DAY = date(2026, 10, 14)


@pytest.fixture
def analyst(cast, member):
    return member(cast["analyst"])


@pytest.fixture
def agreed(year, analyst, cast, member, media):
    return agreed_public_summary(
        year, analyst=analyst, board_member=member(cast["board_member"]), held_on=BOARD_DAY
    )


@pytest.fixture
def cycle(partnership):
    """A four-year cycle from 2026, for tests that need its later years."""
    return create_cycle_from_template(
        partnership=partnership, template_key="four-year", start_year=2026
    )


@pytest.fixture
def public(cycle):
    """The public summary of the cycle's first year."""
    return services.create_report(year=cycle.years.get(number=1), kind=Report.Kind.PUBLIC)
