"""What the reports read of the board: the cycle's priorities and the decisions on
them, the board meetings a final version can be sent to, and the versions sent.
Shared by the selectors (pages) and the content (the PDF)."""

from collections import Counter
from datetime import datetime

from django.db.models import QuerySet

from cycles.models import CycleYear
from priorities.models import Decision, Meeting, Priority
from priorities.selectors import in_force

from . import rules
from .models import BoardPaper, RenderRun, Report


def cycle_priorities(year: CycleYear) -> QuerySet[Priority]:
    """The priorities of the year's cycle, from its first year to this one: agreed in
    year 1, they hold for the whole cycle."""
    return Priority.objects.filter(year__cycle=year.cycle, year__number__lte=year.number)


def priority_counts(year: CycleYear) -> tuple[int, int]:
    """(the cycle's priorities in force this year, this year's priorities still waiting
    for the board's decision)."""
    agreed = Priority.objects.filter(in_force(year)).count()
    waiting = Counter(Priority.objects.filter(year=year).values_list("status", flat=True))
    return agreed, waiting[Priority.Status.PROPOSED]


def decisions(year: CycleYear, *, as_of: datetime | None = None) -> list[Decision]:
    """The board's decisions on the cycle's priorities, oldest first: what an agreed
    assessment cites. With `as_of`, only those taken by then, so a version's citation
    does not change with later decisions."""
    rows = Decision.objects.filter(priority__in=cycle_priorities(year)).select_related(
        "priority", "item__meeting"
    )
    if as_of is not None:
        rows = rows.filter(decided_at__lte=as_of)
    return list(rows.order_by("decided_at", "pk"))


def open_board_meetings(partnership) -> QuerySet[Meeting]:
    """The board's own meetings that are not closed, soonest first: a final version can
    go on any of their agendas, including a meeting still to come."""
    return Meeting.objects.filter(
        partnership=partnership, group__isnull=True, closed_at__isnull=True
    ).order_by("held_on", "pk")


def papers(report: Report) -> list[BoardPaper]:
    """Every version of the report sent to the board, newest first."""
    return list(
        BoardPaper.objects.filter(run__report=report).select_related(
            "run", "meeting", "sent_by__user"
        )
    )


def sent_count(report: Report) -> int:
    """Final versions sent to the board that count for the report's agreed assessment:
    its own, or for a public summary those of the year's assessment it summarises."""
    sent = BoardPaper.objects.filter(run__state=RenderRun.State.FINAL).exclude(
        run__status=RenderRun.Status.FAILED
    )
    if report.kind in rules.FOLLOWS_THE_ASSESSMENT:
        return sent.filter(run__report__year=report.year).count()
    return sent.filter(run__report=report).count()
