# ruff: noqa: F811 - the shared priorities fixtures are imported, then requested by name
"""The report's measures table prints each KPI's baseline, target and latest figure as
the priority's page shows them: up to two decimal places, thousands separated, with the
KPI's unit (a currency symbol in front, a word after a space)."""

import re
from datetime import date

import pytest
from django.urls import reverse

from cycles.services import save_issue
from priorities.models import Priority
from priorities.services.kpis import add_kpi, enter_kpi_value
from priorities.services.proposals import propose_priority
from reports import services
from reports.filled.gather import gather
from reports.models import Report

# A cycle's first year, whose full report shows last cycle's priorities' measures.
from tests.priorities.conftest import last_year, year  # noqa: F401 - shared fixtures


@pytest.fixture
def priority(last_year):
    issue = save_issue(year=last_year, title="Reducing re-offending")
    made = propose_priority(year=last_year, title="Reducing re-offending", issues=[issue])
    Priority.objects.filter(pk=made.pk).update(status=Priority.Status.AGREED)
    made.refresh_from_db()
    return made


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_kpi_figures_keep_their_decimals_and_unit(
    year, priority, cast, member, client_as, partnership
):
    analyst = member(cast["analyst"])
    rate = add_kpi(
        priority=priority,
        name="Proven re-offending rate",
        baseline="0.25",
        target="0.20",
        direction="down",
    )
    enter_kpi_value(kpi=rate, period_ending=date(2026, 12, 31), value="0.23", entered_by=analyst)
    # 12.25 and 12.35: rounding to one place (halves to even) made 12.2 and 12.4.
    share = add_kpi(
        priority=priority,
        name="Offenders in work",
        baseline="12.25",
        target="12.35",
        direction="up",
        unit="%",
    )
    enter_kpi_value(kpi=share, period_ending=date(2026, 12, 31), value="12", entered_by=analyst)
    add_kpi(
        priority=priority,
        name="Repeat offenders",
        baseline="1200",
        target="1000",
        direction="down",
        unit="people",
    )
    add_kpi(
        priority=priority,
        name="Spent on outreach",
        baseline="2500",
        target="15000.5",
        direction="up",
        unit="£",
    )

    report = services.create_report(year=year, kind=Report.Kind.FULL)
    text = _text(services.build_html(report, version=1))
    # It printed "0.2 0.2 0.2 At risk": three different figures as one.
    assert "Proven re-offending rate 0.25 0.20 0.23 At risk" in text
    assert "Offenders in work 12.25% 12.35% 12% " in text
    # Thousands are separated as in every other figure; a currency symbol goes first.
    assert "Repeat offenders 1,200 people 1,000 people none yet" in text
    assert "Spent on outreach £2,500 £15,000.50 none yet" in text

    # As the priority's page shows them; a word unit no longer runs on ("1200people").
    page = _text(
        client_as(cast["analyst"])
        .get(reverse("priorities:priority", args=[partnership.slug, priority.pk]))
        .content.decode()
    )
    assert "Baseline 0.25, target 0.20." in page
    assert "Baseline 12.25%, target 12.35%." in page
    assert "Baseline 1,200 people, target 1,000 people." in page
    assert "Baseline £2,500, target £15,000.50." in page


def test_one_priority_and_one_measure_are_counted_in_the_singular(year, priority, cast, member):
    kpi = add_kpi(
        priority=priority,
        name="Proven re-offending rate",
        baseline="25",
        target="20",
        direction="down",
    )
    enter_kpi_value(
        kpi=kpi, period_ending=date(2026, 12, 31), value="19", entered_by=member(cast["analyst"])
    )
    report = services.create_report(year=year, kind=Report.Kind.FULL)
    html = services.build_html(report, version=1)
    assert "for 1 measure; 1 is on track." in html
    assert "1 measures" not in html
    evidence = gather(report, charts=False).evidence["plan"]
    assert any(line.startswith("1 priority and 1 measure:") for line in evidence), evidence


def test_a_focus_area_reads_under_its_priority_and_is_counted_as_one(year, priority):
    area = propose_priority(
        year=priority.year,
        title="Prison leavers",
        issues=list(priority.issues.all()),
        kind=Priority.Kind.FOCUS_AREA,
        parent=priority,
    )
    Priority.objects.filter(pk=area.pk).update(status=Priority.Status.AGREED)
    report = services.create_report(year=year, kind=Report.Kind.FULL)
    text = _text(services.build_html(report, version=1))
    assert "Reducing re-offending: Prison leavers – No KPIs yet" in text
    evidence = gather(report, charts=False).evidence["plan"]
    assert any(line.startswith("1 priority, 1 focus area and 0 measures:") for line in evidence), (
        evidence
    )
