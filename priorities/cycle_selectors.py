"""Reads for the cycle's priorities: what the board agreed for the whole cycle (seed
000), with each priority's focus areas, lead, KPIs and RAG, as the priorities page, the
dashboard, the report and the public page show them. A fixed number of queries."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, prefetch_related_objects

from cycles.models import Cycle, CycleYear
from cycles.services import previous_year

from . import rules
from .models import Decision, Objective, Priority
from .objective_selectors import in_plan_order
from .selectors import KPIRow, cycle_priorities, kpi_rows, latest_decision


@dataclass
class CycleRow:
    priority: Priority
    kpis: list[KPIRow]
    rag: str
    decision: Decision | None
    focus_areas: list["CycleRow"] = field(default_factory=list)

    @property
    def rag_label(self) -> str:
        return rules.RAG_LABELS[self.rag]

    @property
    def agreed_in(self) -> CycleYear:
        return self.priority.year


@dataclass
class CycleProgress:
    year: CycleYear
    span: str
    rows: list[CycleRow]

    @property
    def count(self) -> int:
        return len(self.rows)

    @property
    def focus_area_count(self) -> int:
        return sum(len(row.focus_areas) for row in self.rows)

    @property
    def rag_counts(self) -> dict[str, int]:
        counts = dict.fromkeys(rules.RAG_LABELS, 0)
        for row in self.rows:
            counts[row.rag] += 1
        return counts


def span_of(cycle: Cycle) -> str:
    """The cycle's length as it reads on screen, such as "the four years 2026 to 2030".
    One query over the cycle's years."""
    years = list(cycle.years.order_by("number").values_list("starts_on", "ends_on"))
    if not years:
        return cycle.name
    return rules.cycle_span(years[0][0].year, years[-1][1].year, len(years))


def spans_by_cycle(partnership_id: int) -> dict[int, tuple[int, int, int]]:
    """Each of the partnership's cycles as (first calendar year, last, number of years):
    one query."""
    spans: dict[int, tuple[int, int, int]] = {}
    for cycle_id, starts_on, ends_on in CycleYear.objects.filter(
        cycle__partnership=partnership_id
    ).values_list("cycle_id", "starts_on", "ends_on"):
        first, last, count = spans.get(cycle_id, (starts_on.year, ends_on.year, 0))
        spans[cycle_id] = (min(first, starts_on.year), max(last, ends_on.year), count + 1)
    return spans


def decided_for(priority: Priority, spans: dict[int, tuple[int, int, int]]) -> str:
    """What agreeing `priority` agrees it for (rules.decided_for). Needs its year."""
    first, last, years = spans[priority.year.cycle_id]
    return rules.decided_for(
        focus_area=priority.is_focus_area(),
        year_number=priority.year.number,
        year_start=priority.year.starts_on.year,
        first=first,
        last=last,
        years=years,
    )


def _row(priority: Priority) -> CycleRow:
    kpis = kpi_rows(priority.kpis.all())
    return CycleRow(
        priority=priority,
        kpis=kpis,
        rag=rules.priority_rag([k.status for k in kpis]),
        decision=latest_decision(priority),
    )


def cycle_progress(year: CycleYear, *, published_only: bool = False) -> CycleProgress:
    """The cycle's priorities in force in `year`, each with its focus areas under it."""
    rows: list[CycleRow] = []
    for priority in cycle_priorities(year):
        if published_only and not priority.published:
            continue
        if priority.parent_id is None:
            rows.append(_row(priority))
        elif rows and rows[-1].priority.pk == priority.parent_id:
            rows[-1].focus_areas.append(_row(priority))
    return CycleProgress(year=year, span=span_of(year.cycle), rows=rows)


def last_cycle_priorities(year: CycleYear) -> list[Priority]:
    """What a year-1 proposal may continue: the last cycle's priorities as they stood in
    its final year (focus areas aside). Within a cycle there is nothing to continue:
    the cycle's priorities carry on by themselves."""
    earlier = previous_year(year)
    if earlier is None or earlier.cycle_id == year.cycle_id:
        return []
    return [p for p in cycle_priorities(earlier) if p.parent_id is None]


@dataclass
class CarryLine:
    """One of last cycle's priorities to carry over: the other plans' objectives it
    takes with it, and those left because they ended before the new year."""

    priority: Priority
    carried: list[Objective]
    left: list[Objective]


def to_carry_over(year: CycleYear) -> list[CarryLine]:
    """Last cycle's priorities not yet continued in `year`, each with the objectives
    that carry over with it (rules.objectives_to_carry). Two queries beyond the
    priorities: those already continued, and every priority's objectives."""
    done = set(year.priorities.exclude(continues=None).values_list("continues_id", flat=True))
    olds = [p for p in last_cycle_priorities(year) if p.pk not in done]
    prefetch_related_objects(olds, Prefetch("objectives", queryset=in_plan_order()))
    return [CarryLine(old, *rules.objectives_to_carry(old.objectives.all())) for old in olds]
