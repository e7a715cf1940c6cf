"""Reads for cycle pages and the dashboard: where the cycle stands and what is due."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from partnerships.models import Membership, Partnership

from .dashboard import Panel, WaitingGroup, panels_for, waiting_for
from .models import Activity, Cycle, CycleYear, Stage

DUE_SOON_DAYS = 30


def current_cycle(partnership: Partnership, today: date) -> Cycle | None:
    """The cycle running today; failing that the next one to start, then the latest."""
    years = CycleYear.objects.filter(cycle__partnership=partnership).select_related("cycle")
    running = years.filter(starts_on__lte=today, ends_on__gte=today).order_by("-starts_on")
    if year := running.first():
        return year.cycle
    if year := years.filter(starts_on__gt=today).order_by("starts_on").first():
        return year.cycle
    return Cycle.objects.filter(partnership=partnership).order_by("-start_year").first()


def cycle_with_structure(cycle: Cycle) -> list[CycleYear]:
    """The cycle's years with stages and activities loaded in four queries, whatever the size."""
    years = list(
        cycle.years.prefetch_related(
            "stages__activities__owner__user", "stages__activities__owner__agency"
        ).order_by("number")
    )
    return years


@dataclass
class Dashboard:
    today: date
    cycle: Cycle | None = None
    year: CycleYear | None = None
    current_stages: list[Stage] = field(default_factory=list)
    next_stage: Stage | None = None
    my_overdue: list[Activity] = field(default_factory=list)
    my_due_soon: list[Activity] = field(default_factory=list)
    team_overdue: list[Activity] = field(default_factory=list)
    progress: dict[str, int] = field(default_factory=dict)
    # Work other apps hold for the person: sheets, documents, comments, actions, decisions.
    waiting: list[WaitingGroup] = field(default_factory=list)
    # Sections other apps add, such as the cycle's priorities and their progress.
    panels: list[Panel] = field(default_factory=list)

    @property
    def nothing_for_you(self) -> bool:
        return not (self.waiting or self.my_overdue or self.my_due_soon)


def dashboard_for(membership: Membership, today: date, *, include_team: bool) -> Dashboard:
    board = Dashboard(today=today, waiting=waiting_for(membership, today))
    board.panels = panels_for(membership, today)
    board.cycle = current_cycle(membership.partnership, today)
    if board.cycle is None:
        return board
    board.year = (
        board.cycle.years.filter(starts_on__lte=today, ends_on__gte=today).first()
        or board.cycle.years.filter(starts_on__gt=today).order_by("starts_on").first()
    )
    stages = Stage.objects.filter(year__cycle=board.cycle).select_related("year")
    board.current_stages = list(stages.filter(starts_on__lte=today, ends_on__gte=today))
    board.next_stage = stages.filter(starts_on__gt=today).order_by("starts_on").first()

    open_activities = (
        Activity.objects.filter(stage__year__cycle=board.cycle)
        .exclude(status=Activity.Status.DONE)
        .select_related("stage__year", "owner__user")
        .order_by("due_on", "title")
    )
    mine = open_activities.filter(owner=membership)
    board.my_overdue = list(mine.filter(due_on__lt=today))
    board.my_due_soon = list(
        mine.filter(due_on__gte=today, due_on__lte=today + timedelta(days=DUE_SOON_DAYS))
    )
    if include_team:
        board.team_overdue = list(
            open_activities.filter(due_on__lt=today).exclude(owner=membership)
        )
    if board.year is not None:
        counts = {status: 0 for status in Activity.Status.values}
        for status in Activity.objects.filter(stage__year=board.year).values_list(
            "status", flat=True
        ):
            counts[status] += 1
        board.progress = counts
    return board
