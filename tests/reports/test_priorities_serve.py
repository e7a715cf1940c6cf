"""The report's priorities table says which other plans' objectives each priority
serves, worded as the plan words them, on screen and in the PDF, in one query for all
the priorities."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cycles.models import Issue
from priorities.models import Objective, Priority
from reports import content, services
from reports.filled.priorities import read_priorities
from reports.filled.reader import Reader
from reports.models import Report


@pytest.fixture
def report(year):
    return services.create_report(year=year, kind=Report.Kind.FULL)


def _agreed(year, title, *objectives):
    priority = Priority.objects.create(year=year, title=title, status="agreed")
    priority.issues.add(Issue.objects.create(year=year, title=f"{title} issue"))
    priority.objectives.set(objectives)
    return priority


def _objective(partnership, wording, plan=Objective.Plan.POLICE_AND_CRIME, **more):
    return Objective.objects.create(partnership=partnership, plan=plan, wording=wording, **more)


def _table(report):
    reader = Reader(report, draw=False)
    read_priorities(reader)
    return next(b for b in reader.out.blocks["priorities"] if b.title == "The strategic priorities")


def test_each_priority_names_the_objectives_it_serves_and_none_for_one_without(
    partnership, year, report
):
    _agreed(
        year,
        "Domestic abuse",
        _objective(partnership, "Support more victims"),
        _objective(partnership, "Safer homes", plan=Objective.Plan.OTHER, plan_name="Housing plan"),
    )
    _agreed(year, "Shoplifting")
    table = _table(report)
    assert table.headers[3] == "Serves"
    rows = {row[0]: row[3] for row in table.rows}
    assert rows == {
        "Domestic abuse": "Police and crime plan: Support more victims; Housing plan: Safer homes",
        "Shoplifting": "",
    }


def test_an_ended_objective_a_priority_serves_still_shows(partnership, year, report):
    ended = _objective(partnership, "Fewer stabbings", ended_on=date(2026, 5, 1))
    _agreed(year, "Knife crime", ended)
    assert _table(report).rows[0][3] == "Police and crime plan: Fewer stabbings"


def test_the_objectives_cost_one_query_however_many_priorities(partnership, year, report):
    _agreed(year, "Domestic abuse", _objective(partnership, "Support more victims"))
    with CaptureQueriesContext(connection) as one:
        _table(report)
    for n in range(3):
        _agreed(year, f"Priority {n}", _objective(partnership, f"Objective {n}"))
    with CaptureQueriesContext(connection) as four:
        _table(report)
    assert len(four) == len(one)


def test_the_pdf_and_the_section_page_show_what_each_priority_serves(partnership, year, report):
    _agreed(year, "Domestic abuse", _objective(partnership, "Support more victims"))
    pdf_html = services.build_html(report, version=1)
    on_screen = content.section_html(report.sections.get(key="priorities"))
    for html in (pdf_html, on_screen):
        assert "Serves" in html
        assert "Police and crime plan: Support more victims" in html
