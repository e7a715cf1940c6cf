"""The demo's previous four-year cycle (2021-22 to 2024-25 for a demo built in 2026-27),
run as seed 000 runs one: the board agreed six priorities in year 1, years 2 and 4
carried them without a new decision, and year 3's refresh added a focus area under domestic
violence, which the board agreed at its January meeting. Today's cycle continues three
of the six. Safe to run twice: it finds the cycle, the decisions and the focus area
before adding any."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from cycles.models import Activity, Cycle, CycleYear
from cycles.services import create_cycle_from_template, save_issue
from demo.measures_demo import latest_figures, quarter_ends
from demo.meetings_demo import BOARD, weekday_on_or_before
from demo.review_demo import agree_review
from partnerships.models import Membership
from priorities.models import Decision, Priority
from priorities.review_models import Review
from priorities.services import kpis, meetings, proposals

# Seed 001's six 2010-11 style priorities.
PREVIOUS = [
    ("Serious acquisitive crime", "Emphasis on domestic burglary, motor vehicle crime and robbery"),
    ("Domestic violence", ""),
    ("Anti-social behaviour", ""),
    ("Re-offending", ""),
    ("Substance misuse (drugs and alcohol)", ""),
    ("Casualty reduction", ""),
]

# The year-3 refresh's addition: a focus area under one of the six.
FOCUS_AREA = {
    "parent": "Domestic violence",
    "title": "Stalking and harassment",
    "emphasis": "Emphasis on repeat victims and the use of protective orders",
    "issue": "Stalking and harassment",
    "rationale": "Reports rose for two years running and the scoring ranked it an emerging issue.",
    "kpi": ("Stalking protection orders applied for", 6, 15, "up", [8, 11]),
}


def _cycle(district, first_year: int) -> Cycle:
    cycle = Cycle.objects.filter(
        partnership=district, template_key="four-year", start_year=first_year
    ).first()
    return cycle or create_cycle_from_template(
        partnership=district, template_key="four-year", start_year=first_year
    )


def _board_item(district, held_on: date, *, title: str, summary: str):
    """An item on the agenda of a new board meeting."""
    meeting = meetings.create_meeting(partnership=district, held_on=held_on, title=BOARD)
    return meetings.add_item(meeting=meeting, title=title, summary=summary)


def as_decided_at_the_meeting(decision: Decision) -> None:
    """The demo keys a decision in on the day it loads. Date it, and the priority's
    history, as the meeting took it: proposed a week before, decided that morning by
    the board member who recorded it."""
    held = timezone.make_aware(datetime.combine(decision.item.meeting.held_on, time(11)))
    Decision.objects.filter(pk=decision.pk).update(decided_at=held)
    history = Priority.history.filter(id=decision.priority_id)
    history.filter(status=Priority.Status.PROPOSED).update(history_date=held - timedelta(days=7))
    history.exclude(status=Priority.Status.PROPOSED).update(
        history_date=held, history_user_id=decision.decided_by.user_id
    )


def _agree(item, priority: Priority, minute: str, board: Membership, today: date) -> None:
    as_decided_at_the_meeting(
        meetings.record_decision(
            item=item,
            priority=priority,
            outcome="agreed",
            minute=minute,
            decided_by=board,
            today=today,
        )
    )


def _agree_the_six(district, year: CycleYear, board: Membership, today: date) -> None:
    """Year 1: the board agrees the cycle's six priorities, once."""
    if year.priorities.exists():
        return
    item = _board_item(
        district,
        date(year.ends_on.year, 2, 10),
        title="Strategic assessment: the priorities for the four-year cycle",
        summary="The analyst presented the final version, which proposed six priorities.",
    )
    for title, emphasis in PREVIOUS:
        priority = proposals.propose_priority(
            year=year, title=title, emphasis=emphasis, issues=[save_issue(year=year, title=title)]
        )
        minute = "Agreed as a priority for the four years of the cycle."
        _agree(item, priority, minute, board, today)
    meetings.record_item_outcome(
        item=item,
        outcome="Six priorities agreed for the cycle. "
        f"They carry through to {year.cycle.start_year + 4}.",
    )


def _refresh(district, year: CycleYear, board: Membership, today: date) -> None:
    """Year 3: the refresh adds a focus area under domestic violence, agreed in January."""
    if year.priorities.filter(kind=Priority.Kind.FOCUS_AREA).exists():
        return
    parent = Priority.objects.get(
        year__cycle=year.cycle, year__number=1, title=FOCUS_AREA["parent"]
    )
    agency = district.agencies.filter(name="Central Bedfordshire Council").first()
    area = proposals.propose_priority(
        year=year,
        kind=Priority.Kind.FOCUS_AREA,
        parent=parent,
        title=FOCUS_AREA["title"],
        emphasis=FOCUS_AREA["emphasis"],
        rationale=FOCUS_AREA["rationale"],
        lead_agency=agency,
        issues=[save_issue(year=year, title=FOCUS_AREA["issue"])],
    )
    agreed_on = weekday_on_or_before(date(year.ends_on.year, 1, 20))
    item = _board_item(
        district,
        agreed_on,
        title="Refresh: additional priorities or focus areas",
        summary="The executive summary proposed one focus area for the rest of the cycle.",
    )
    _agree(
        item,
        area,
        "Agreed as a focus area under domestic violence for the rest of the cycle.",
        board,
        today,
    )
    meetings.record_item_outcome(item=item, outcome="One focus area agreed.")
    name, baseline, target, direction, values = FOCUS_AREA["kpi"]
    area.refresh_from_db()
    kpi = kpis.add_kpi(
        priority=area, name=name, baseline=baseline, target=target, direction=direction
    )
    # Figures for the last quarters before the cycle ended (or today).
    cycle_ended = year.cycle.years.order_by("-number").first().ends_on + timedelta(days=1)
    ends = quarter_ends(agreed_on, min(cycle_ended, today))
    for period_ending, value in latest_figures(ends, values):
        kpis.enter_kpi_value(kpi=kpi, period_ending=period_ending, value=value, entered_by=board)


def build_previous_cycle(district, year1: CycleYear, today: date) -> dict[str, Priority]:
    """The four-year cycle before `year1`'s, with its year-1 priorities and year-3 focus
    area agreed. Returns its six priorities by title, for today's cycle to continue."""
    cycle = _cycle(district, year1.starts_on.year - 4)
    board = Membership.objects.get(partnership=district, user__username="board@example.org")
    first = cycle.years.get(number=1)
    _agree_the_six(district, first, board, today)
    _refresh(district, cycle.years.get(number=3), board, today)
    # It all happened: its planned work is done and its six-month reviews were agreed.
    Activity.objects.filter(stage__year__cycle=cycle, due_on__lt=today).exclude(
        status=Activity.Status.DONE
    ).update(status=Activity.Status.DONE)
    for review in Review.objects.filter(year__cycle=cycle, review_on__lt=today):
        agree_review(review, today, minute="The executive agreed the review: the priorities hold.")
    return {
        p.title: p
        for p in first.priorities.filter(status=Priority.Status.AGREED, kind=Priority.Kind.PRIORITY)
    }
