"""Reads for the priorities pages. List pages load in a fixed number of queries,
whatever the number of priorities, KPIs or actions."""

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from csp_assessment import charts
from csp_assessment.text import figure
from cycles.models import CycleYear, Issue
from cycles.selectors import current_cycle
from cycles.services import previous_year
from partnerships.models import Membership, Partnership
from scoring.models import Round
from scoring.selectors import latest_closed_round, ranking

from . import objective_selectors, rules
from .models import (
    KPI,
    Action,
    ActionUpdate,
    ChecklistItem,
    ChecklistRun,
    Decision,
    Group,
    Item,
    Meeting,
    Priority,
    Review,
)

# One partnership's rows, or 404 --------------------------------------------------------
# Pages look rows up through the person's partnership, so another partnership's ids
# do not exist for them.


def year_or_404(partnership: Partnership, year_id: int) -> CycleYear:
    return get_object_or_404(
        CycleYear.objects.select_related("cycle__partnership"),
        pk=year_id,
        cycle__partnership=partnership,
    )


def priority_or_404(partnership: Partnership, priority_id: int) -> Priority:
    return get_object_or_404(
        Priority.objects.select_related("year__cycle__partnership", "lead__user", "lead_agency"),
        pk=priority_id,
        year__cycle__partnership=partnership,
    )


def meeting_or_404(partnership: Partnership, meeting_id: int) -> Meeting:
    return get_object_or_404(Meeting, pk=meeting_id, partnership=partnership)


# The most meetings still to come that a list shows: a board meets a few times a year.
COMING_SHOWN = 20


def coming_and_past(meetings: QuerySet, today: date) -> tuple[list[Meeting], QuerySet]:
    """Meetings still to come (today's among them), soonest first and bounded, and the
    ones already held, newest first, for paging."""
    coming = list(meetings.filter(held_on__gte=today).order_by("held_on", "pk")[:COMING_SHOWN])
    return coming, meetings.filter(held_on__lt=today).order_by("-held_on", "-pk")


def group_or_404(partnership: Partnership, group_id: int) -> Group:
    return get_object_or_404(
        Group.objects.select_related("chair__user"), pk=group_id, partnership=partnership
    )


def groups_of(membership: Membership) -> QuerySet:
    """The groups a person belongs to, as a member or as the chair."""
    return Group.objects.filter(
        Q(members=membership) | Q(chair=membership), partnership=membership.partnership_id
    ).distinct()


def item_or_404(partnership: Partnership, item_id: int) -> Item:
    return get_object_or_404(
        Item.objects.select_related("meeting"), pk=item_id, meeting__partnership=partnership
    )


def checklist_run_or_404(partnership: Partnership, run_id: int) -> ChecklistRun:
    return get_object_or_404(
        ChecklistRun.objects.select_related("template", "year__cycle"),
        pk=run_id,
        year__cycle__partnership=partnership,
    )


# Years and ranks -----------------------------------------------------------------------


def published_priorities(partnership: Partnership) -> QuerySet[Priority]:
    """The partnership's agreed priorities it has published: what the public page shows,
    and what the other public pages link back to once there is any."""
    return Priority.objects.filter(
        year__cycle__partnership=partnership, published=True, status=Priority.Status.AGREED
    )


def awaiting_decision(partnership: Partnership) -> QuerySet[Priority]:
    """The proposals the board may still decide on: proposed, or deferred before."""
    return Priority.objects.filter(
        year__cycle__partnership=partnership, status__in=Priority.UNDECIDED
    )


def current_year(partnership: Partnership, today: date) -> CycleYear | None:
    """The year pages open on: the latest of the current cycle's years to have started
    (so the running year, or the last year of a cycle that has ended and has no
    successor); for a cycle still to come, its first year."""
    cycle = current_cycle(partnership, today)
    if cycle is None:
        return None
    return (
        cycle.years.filter(starts_on__lte=today).order_by("-starts_on").first()
        or cycle.years.order_by("starts_on").first()
    )


def board_decided_on(round_: Round) -> bool:
    """Whether the board has decided on any priority of the round's year, and so on
    its ranking. Asked by scoring (see PrioritiesConfig.ready)."""
    return Decision.objects.filter(priority__year_id=round_.year_id).exists()


@dataclass(frozen=True)
class RankInfo:
    rank: int
    total: float | None
    above_line: bool


@dataclass
class YearRanking:
    round: Round | None
    ranks: dict[int, RankInfo]
    rows: list  # scoring.selectors.RankingRow, best first
    maximum: float | None = None
    unmoderated: list = field(default_factory=list)  # RankingRow still to moderate
    ties: list = field(default_factory=list)  # scoring.rules.Tie across the threshold


def year_ranking(year: CycleYear) -> YearRanking:
    """The moderated ranking of the year's latest closed round, if there is one."""
    round_ = latest_closed_round(year)
    if round_ is None:
        return YearRanking(None, {}, [])
    result = ranking(round_)
    ranks = {r.issue.pk: RankInfo(r.rank, r.total, r.above_line) for r in result.rows}
    return YearRanking(round_, ranks, result.rows, result.maximum, result.unmoderated, result.ties)


# Snapshots -------------------------------------------------------------------------------


def _person(membership) -> str:
    if membership is None:
        return ""
    return membership.display_name


def _proposal_fields(priority: Priority) -> dict:
    """The proposal's own fields, as a decision freezes them (issues apart)."""
    return {
        "title": priority.title,
        "emphasis": priority.emphasis,
        "rationale": priority.rationale,
        "lead": _person(priority.lead),
        "lead_agency": priority.lead_agency.name if priority.lead_agency_id else "",
        "proposed_kpis": priority.proposed_kpis,
    }


def priority_snapshot(priority: Priority, year_ranks: YearRanking | None = None) -> dict:
    """The proposal as it stands, with its issues' agreed totals and ranks: what a
    decision freezes, and what "changed since" compares against."""
    year_ranks = year_ranks or year_ranking(priority.year)
    issues = []
    for issue in priority.issues.order_by("title"):
        info = year_ranks.ranks.get(issue.pk)
        issues.append(
            {
                "id": issue.pk,
                "title": issue.title,
                "total": info.total if info else None,
                "rank": info.rank if info else None,
            }
        )
    return {
        **_proposal_fields(priority),
        "issues": issues,
        "round": year_ranks.round.name if year_ranks.round else None,
    }


def _current_fields(priority: Priority) -> dict:
    """The proposal fields of a priority loaded with issues, lead and agency."""
    return {
        **_proposal_fields(priority),
        "issues": [{"title": i.title} for i in priority.issues.all()],
    }


def latest_decision(priority: Priority) -> Decision | None:
    decisions = list(priority.decisions.all())
    return decisions[-1] if decisions else None


def changes_since_decision(priority: Priority) -> list[rules.Difference]:
    decision = latest_decision(priority)
    if decision is None or not decision.approves():
        return []
    return rules.snapshot_differences(decision.snapshot, _current_fields(priority))


# The year's priorities ------------------------------------------------------------------


def priorities_for(year_filter: Q):
    return (
        Priority.objects.filter(year_filter)
        .select_related("lead__user", "lead_agency", "year__cycle")
        .prefetch_related(
            Prefetch("issues", queryset=Issue.objects.order_by("title")),
            "decisions__item__meeting",
            Prefetch("kpis", queryset=KPI.objects.prefetch_related("values")),
            Prefetch("objectives", queryset=objective_selectors.in_plan_order()),
        )
    )


def in_force(year: CycleYear) -> Q:
    """The one rule for which priorities are in force in `year`: agreed in this cycle
    in this year or an earlier one, and not retired by then."""
    return in_force_in(year.cycle_id, year.number)


def in_force_in(cycle, number) -> Q:
    """`in_force` for a year given by its cycle and number, which may be values or
    references to an outer query (OuterRef)."""
    return (
        Q(year__cycle=cycle, year__number__lte=number)
        & Q(status=Priority.Status.AGREED)
        & (Q(ended_in__isnull=True) | Q(ended_in__number__gt=number))
    )


def non_priorities(year: CycleYear) -> list[Issue]:
    """The watchlist: the year's long-list issues that no priority in force covers. An
    issue carried over from an earlier year counts as the issue it came from."""
    chosen = set(
        Issue.objects.filter(priorities__in=Priority.objects.filter(in_force(year))).values_list(
            "pk", flat=True
        )
    )
    return [
        issue
        for issue in year.issues.order_by("title")
        if issue.pk not in chosen and issue.carried_from_id not in chosen
    ]


def cycle_priorities(year: CycleYear) -> list[Priority]:
    """The agreed priorities in force in `year` (`in_force`). Each priority comes before
    its focus areas; a focus area goes when its priority does. Loaded with leads, issues,
    decisions and KPI figures in a fixed number of queries."""
    in_force_now = list(priorities_for(in_force(year)).order_by("year__number", "position", "pk"))
    tops = [p for p in in_force_now if p.parent_id is None]
    under: dict[int, list[Priority]] = {}
    for p in in_force_now:
        if p.parent_id is not None:
            under.setdefault(p.parent_id, []).append(p)
    return [row for top in tops for row in [top, *under.get(top.pk, [])]]


CURRENCY_SYMBOLS = ("£", "€", "$")


def kpi_figure(value, unit: str = "") -> str:
    """A KPI figure as the priority's page and the report print it: up to two decimal
    places, as entered (0.20 stays 0.20; 12.00 reads 12), with thousands separated as
    every other figure is (1,200). A currency symbol goes in front (£2,500); a word
    follows after a space (1,200 people); any other symbol straight after (45%)."""
    shown = figure(value)
    if not unit:
        return shown
    if unit.startswith(CURRENCY_SYMBOLS):
        return f"{unit}{shown}"
    return f"{shown} {unit}" if unit[0].isalnum() else f"{shown}{unit}"


@dataclass
class KPIRow:
    kpi: KPI
    values: list
    latest: object
    status: str
    status_label: str

    @property
    def baseline_shown(self) -> str:
        return kpi_figure(self.kpi.baseline, self.kpi.unit)

    @property
    def target_shown(self) -> str:
        return kpi_figure(self.kpi.target, self.kpi.unit)

    @property
    def values_shown(self) -> list[tuple]:
        """Each figure with its number as the baseline and target are written."""
        return [(v, kpi_figure(v.value, self.kpi.unit)) for v in self.values]

    @property
    def latest_shown(self) -> str:
        return "none yet" if self.latest is None else kpi_figure(self.latest, self.kpi.unit)

    @cached_property
    def chart(self) -> charts.Chart:
        """Drawn only when a page shows it: the year page and the report list KPIs too."""
        return charts.kpi_trend(
            name=self.kpi.name,
            periods=[v.period_ending for v in self.values],
            values=[float(v.value) for v in self.values],
            baseline=float(self.kpi.baseline),
            target=float(self.kpi.target),
            higher_is_better=self.kpi.direction == "up",
        )


def kpi_rows(kpis) -> list[KPIRow]:
    rows = []
    for kpi in kpis:
        values = list(kpi.values.all())
        latest = values[-1].value if values else None
        status = rules.kpi_status(
            baseline=kpi.baseline, target=kpi.target, direction=kpi.direction, latest=latest
        )
        rows.append(
            KPIRow(
                kpi,
                values,
                latest,
                status,
                rules.STATUS_LABELS[status],
            )
        )
    return rows


@dataclass
class PriorityCard:
    priority: Priority
    ranks: list[tuple[Issue, RankInfo | None]]
    decision: Decision | None
    changes: list[rules.Difference]
    kpis: list[KPIRow]


@dataclass
class WatchlistRow:
    issue: Issue
    info: RankInfo | None


@dataclass
class YearOverview:
    year: CycleYear
    previous: CycleYear | None
    cards: list[PriorityCard]
    comparison: list[rules.ComparisonRow]
    watchlist: list[WatchlistRow]
    ranking: YearRanking
    review: object = None
    previous_by_id: dict = field(default_factory=dict)


def priority_card(priority: Priority, year_ranks: YearRanking) -> PriorityCard:
    decision = latest_decision(priority)
    changes = []
    if decision is not None and decision.approves():
        changes = rules.snapshot_differences(decision.snapshot, _current_fields(priority))
    return PriorityCard(
        priority=priority,
        ranks=[(i, year_ranks.ranks.get(i.pk)) for i in priority.issues.all()],
        decision=decision,
        changes=changes,
        kpis=kpi_rows(priority.kpis.all()),
    )


def year_overview(year: CycleYear) -> YearOverview:
    year_ranks = year_ranking(year)
    priorities = list(priorities_for(Q(year=year)))
    previous = previous_year(year)
    # Compared with the last cycle's priorities as they stood at its end; within a
    # cycle the earlier years' priorities are this year's too, so nothing is compared.
    if previous is not None and previous.cycle_id == year.cycle_id:
        previous = None
    previous_priorities = (
        [p for p in cycle_priorities(previous) if p.parent_id is None] if previous else []
    )
    comparison = rules.compare_with_previous(
        [
            rules.PriorityRef(p.pk, p.title, frozenset(i.pk for i in p.issues.all()))
            for p in previous_priorities
        ],
        [
            rules.PriorityRef(
                p.pk,
                p.title,
                origin_issue_ids=frozenset(
                    i.carried_from_id for i in p.issues.all() if i.carried_from_id
                ),
                continues_id=p.continues_id,
            )
            for p in priorities
            if p.status != Priority.Status.NOT_AGREED
        ],
    )
    watchlist = [
        WatchlistRow(issue, year_ranks.ranks.get(issue.pk)) for issue in non_priorities(year)
    ]
    watchlist.sort(key=lambda row: (row.info is None, row.info.rank if row.info else 0))
    return YearOverview(
        year=year,
        previous=previous,
        cards=[priority_card(p, year_ranks) for p in priorities],
        comparison=comparison,
        watchlist=watchlist,
        ranking=year_ranks,
        review=Review.objects.filter(year=year).first(),
        previous_by_id={p.pk: p for p in previous_priorities},
    )


# Meetings and actions --------------------------------------------------------------------


def actions_with_updates():
    return Action.objects.select_related(
        "owner__user", "owner_agency", "owner_group", "item__meeting", "priority"
    ).prefetch_related(
        Prefetch("updates", queryset=ActionUpdate.objects.select_related("author__user"))
    )


def follow_up_actions(meeting) -> list[Action]:
    """Every action still open that was raised before this meeting: the agenda's
    follow-up list. A group's meeting follows up the actions its group owns or raised."""
    actions = actions_with_updates().filter(
        partnership=meeting.partnership_id,
        status__in=Action.OPEN_STATUSES,
        raised_on__lt=meeting.held_on,
    )
    if meeting.group_id:
        actions = actions.filter(
            Q(owner_group=meeting.group_id) | Q(item__meeting__group=meeting.group_id)
        )
    return list(actions)


def county_escalations(county: Partnership) -> list[Priority]:
    return list(
        Priority.objects.filter(year__cycle__partnership__parent=county, escalate_to_county=True)
        .select_related("year__cycle__partnership", "lead_agency")
        .prefetch_related(
            Prefetch(
                "adoptions",
                queryset=Priority.objects.select_related("year"),
            )
        )
        .order_by("year__cycle__partnership__name", "position")
    )


# Checklists --------------------------------------------------------------------------------


def checklist_items(run: ChecklistRun) -> list[ChecklistItem]:
    return list(
        run.items.select_related("requirement", "owner__user").order_by("requirement__position")
    )


def checklist_progress(items: list[ChecklistItem]) -> rules.Progress:
    """Progress over the items still asked: a line marked as no longer applying is
    neither done nor outstanding. Needs each item's requirement loaded."""
    return rules.checklist_progress([item.rag for item in items if not item.requirement.not_asked])
