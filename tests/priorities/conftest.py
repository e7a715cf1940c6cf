"""Priorities fixtures: a previous year with agreed priorities, this year's ranked long
list (a closed, moderated round), proposals, a board meeting and a checklist run."""

from datetime import date

import pytest
from django.utils import timezone

from cycles.services import create_cycle_from_template, save_issue
from priorities.checklist_files import load_shipped_checklists
from priorities.models import ChecklistTemplate, Priority
from priorities.services.checklists import start_checklist
from priorities.services.kpis import add_kpi, enter_kpi_value
from priorities.services.meetings import add_item, create_meeting, raise_action, record_decision
from priorities.services.proposals import propose_priority
from scoring import services as scoring
from scoring.matrix_files import load_shipped_matrices
from scoring.models import Matrix, ScoreSheet

TITLES = ["Anti-social behaviour", "Reducing re-offending", "Domestic abuse", "Vehicle crime"]


@pytest.fixture
def last_year(partnership, cast):
    cycle = create_cycle_from_template(
        partnership=partnership, template_key="annual", start_year=2025
    )
    return cycle.years.get()


@pytest.fixture
def year(partnership, cast, last_year):
    cycle = create_cycle_from_template(
        partnership=partnership, template_key="four-year", start_year=2026
    )
    return cycle.years.get(number=1)


@pytest.fixture
def issues(year):
    return [save_issue(year=year, title=title) for title in TITLES]


@pytest.fixture
def closed_round(year, issues, cast, member):
    """Jo scores every issue; ASB highest, vehicle crime lowest; the round is closed."""
    load_shipped_matrices()
    matrix = Matrix.objects.get(partnership=None, key="csp-16", version=1)
    round_ = scoring.create_round(
        year=year, name="Autumn scoring", matrix=matrix, deadline=date(2026, 10, 24), issues=issues
    )
    for issue in issues:
        scoring.assign_scorers(
            round_=round_, issue=issue, scorers=[member(cast["theme_specialist"])]
        )
    scoring.open_round(round_=round_)
    sheet = ScoreSheet.objects.get(round=round_)
    criteria = list(matrix.criteria.all())
    cells = {
        (issue.pk, c.pk): (4 - index, False) for index, issue in enumerate(issues) for c in criteria
    }
    scoring.save_scores(sheet=sheet, cells=cells)
    scoring.submit_sheet(sheet=sheet)
    return scoring.close_round(round_=round_)


@pytest.fixture
def previous_priorities(last_year):
    asb = save_issue(year=last_year, title="Anti-social behaviour")
    cars = save_issue(year=last_year, title="Vehicle crime")
    made = []
    for title, issue in [("Anti-social behaviour", asb), ("Vehicle crime", cars)]:
        p = propose_priority(year=last_year, title=title, issues=[issue])
        Priority.objects.filter(pk=p.pk).update(status=Priority.Status.AGREED)
        made.append(p)
    return made


@pytest.fixture
def proposal(year, issues, closed_round, member, cast, police):
    return propose_priority(
        year=year,
        title="Anti-social behaviour",
        emphasis="Emphasis on repeat victims",
        rationale="Highest ranked issue.",
        issues=[issues[0]],
        lead=member(cast["board_member"]),
        lead_agency=police,
        proposed_kpis="Repeat victims of ASB",
    )


@pytest.fixture
def meeting(partnership):
    return create_meeting(
        partnership=partnership,
        held_on=date(2027, 1, 20),
        attendees="Chris Morgan, Bedfordshire Police",
        apologies="Helen Price, ICB",
    )


@pytest.fixture
def item(meeting):
    return add_item(meeting=meeting, title="Proposed priorities for 2026-27")


@pytest.fixture
def held_today(meeting):
    """The meeting moved to today, so the board can record decisions at it through
    the pages (a meeting still to come takes none)."""
    meeting.held_on = timezone.localdate()
    meeting.save(update_fields=["held_on"])
    return meeting


@pytest.fixture
def agreed(proposal, item, member, cast):
    record_decision(
        item=item,
        priority=proposal,
        outcome="agreed",
        minute="Agreed as proposed.",
        decided_by=member(cast["board_member"]),
        today=item.meeting.held_on,
    )
    proposal.refresh_from_db()
    return proposal


@pytest.fixture
def kpi(agreed):
    return add_kpi(
        priority=agreed,
        name="Repeat victims of ASB",
        baseline=120,
        target=90,
        direction="down",
        period="quarter",
    )


@pytest.fixture
def figure(kpi, member, cast):
    """The lead's first figure for the KPI: 100 for the quarter to 31 March 2027."""
    return enter_kpi_value(
        kpi=kpi,
        period_ending=date(2027, 3, 31),
        value=100,
        entered_by=member(cast["board_member"]),
        note="From the police ASB log",
    )


@pytest.fixture
def action(partnership, item, member, cast):
    return raise_action(
        partnership=partnership,
        title="Ask the council for its ASB case data",
        due_on=date(2027, 3, 1),
        raised_on=item.meeting.held_on,
        owner=member(cast["board_member"]),
        item=item,
    )


@pytest.fixture
def checklists(db):
    load_shipped_checklists()
    return ChecklistTemplate.objects.filter(key="statutory-duties").order_by("-version").first()


@pytest.fixture
def run(year, checklists):
    return start_checklist(year=year, template=checklists)
