"""Fills a report from priorities: the cycle's agreed priorities (agreed once, in the
cycle's first year, with any added later, and focus areas under them), this year's other
proposals, progress against the cycle's priorities (last cycle's, in a cycle's first
year), the board's actions, and the public summary's published priorities."""

from collections import Counter

from django.db.models import Prefetch, prefetch_related_objects

from csp_assessment import charts
from csp_assessment.dates import day
from csp_assessment.plurals import counted
from csp_assessment.text import and_list
from cycles.services import previous_year
from priorities.cycle_selectors import span_of
from priorities.models import Action, Priority
from priorities.objective_selectors import in_plan_order
from priorities.rules import ON_TRACK, RAG_LABELS, RAG_RULE, priority_rag
from priorities.selectors import cycle_priorities, kpi_rows

from ..blocks import Block, empty
from ..models import Report
from .reader import Reader


def _title(p: Priority, by_pk: dict[int, Priority]) -> str:
    """A focus area reads under its priority: "Domestic abuse: stalking"."""
    if p.parent_id and p.parent_id in by_pk:
        return f"{by_pk[p.parent_id].title}: {p.title}"
    return p.title


def _agreed(p: Priority, reader: Reader) -> str:
    decision = max(p.decisions.all(), key=lambda d: d.decided_at, default=None)
    when = f"Agreed on {day(decision.item.meeting.held_on)}" if decision else "Agreed"
    if p.year_id != reader.year.pk:
        when += f" (year {p.year.number}, {p.year.label})"
    return when + (", focus area" if p.is_focus_area() else "")


def _serves(p: Priority) -> str:
    """The other plans' objectives the priority serves, worded as the plan words them."""
    return "; ".join(f"{o.plan_label}: {o.wording}" for o in p.objectives.all())


def read_priorities(reader: Reader) -> None:
    year = reader.year
    in_force = cycle_priorities(year)
    by_pk = {p.pk: p for p in in_force}
    if reader.public:
        published = [p for p in in_force if p.published]
        if published:
            reader.out.note(
                "plan", f"{counted(len(published), 'published priority', 'published priorities')}"
            )
            reader.add(
                "our-priorities",
                Block(
                    kind="list",
                    caption=f"The partnership agreed these priorities for {span_of(year.cycle)}:",
                    items=[
                        _title(p, by_pk)
                        + (f" (led by {p.lead_agency.name})" if p.lead_agency else "")
                        for p in published
                    ],
                ),
            )
        else:
            reader.add("our-priorities", empty("No priorities have been published yet."))
        return
    proposals = list(
        Priority.objects.filter(year=year)
        .select_related("parent")
        .prefetch_related("issues")
        .order_by("position", "title")
    )
    if reader.report.kind == Report.Kind.REFRESH:
        proposed = [p for p in proposals if p.status == Priority.Status.PROPOSED]
        reader.add(
            "proposed-additions",
            Block(
                kind="table",
                headers=["Proposed addition", "Why", "Issues"],
                rows=[
                    [
                        f"Focus area under {p.parent.title}: {p.title}" if p.parent_id else p.title,
                        p.rationale,
                        ", ".join(i.title for i in p.issues.all()),
                    ]
                    for p in proposed
                ],
            )
            if proposed
            else empty("No additions to the cycle's priorities have been proposed."),
        )
        reader.add("progress", *measures(reader, in_force, "the cycle's priorities"))
        return
    if in_force:
        # One query for every priority's objectives, in the plans' order (as the plan).
        prefetch_related_objects(in_force, Prefetch("objectives", queryset=in_plan_order()))
        reader.add(
            "priorities",
            Block(
                kind="table",
                title="The strategic priorities",
                caption=f"Agreed by the board for {span_of(year.cycle)}.",
                headers=["Priority", "Lead agency", "Issues it covers", "Serves", "Board decision"],
                rows=[
                    [
                        _title(p, by_pk),
                        p.lead_agency.name if p.lead_agency else "",
                        ", ".join(i.title for i in p.issues.all()),
                        _serves(p),
                        _agreed(p, reader),
                    ]
                    for p in in_force
                ],
            ),
        )
    else:
        reader.add(
            "priorities",
            empty("The board has not agreed any priorities for this cycle yet."),
        )
    others = [p for p in proposals if p.status != Priority.Status.AGREED]
    if others:
        reader.add(
            "priorities",
            Block(
                kind="table",
                title="Other proposals",
                headers=["Proposal", "Status"],
                rows=[[p.title, p.get_status_display()] for p in others],
            ),
        )
    earlier = previous_year(year)
    if earlier is not None and earlier.cycle_id == year.cycle_id:
        # Later in a cycle: progress against the cycle's priorities so far.
        reader.add("current-activity", *measures(reader, in_force, "the cycle's priorities"))
        actions = list(
            Action.objects.filter(
                priority__year__cycle=year.cycle_id, priority__year__number__lte=year.number
            )
            .select_related("owner_agency", "priority")
            .order_by("priority__year__number", "due_on", "pk")
        )
    elif earlier is None:
        reader.add("current-activity", empty("There is no earlier year to report on."))
        return
    else:
        # A cycle's first year reports on the last cycle's priorities as they ended.
        reader.add(
            "current-activity",
            *measures(reader, cycle_priorities(earlier), f"the {earlier.label} priorities"),
        )
        # Last cycle's actions first, then this year's.
        actions = [
            action
            for where in (
                {"priority__year__cycle": earlier.cycle_id},
                {"priority__year": year},
            )
            for action in Action.objects.filter(**where)
            .select_related("owner_agency", "priority")
            .order_by("due_on", "pk")
        ]
    if actions:
        counts = Counter(a.get_status_display() for a in actions)
        reader.add(
            "current-activity",
            Block(
                kind="table",
                title="Actions from the board",
                caption=", ".join(f"{n} {label.lower()}" for label, n in sorted(counts.items())),
                headers=["Action", "Priority", "Owner", "Due", "Status"],
                rows=[
                    [
                        a.title,
                        a.priority.title if a.priority else "",
                        a.owner_agency.name if a.owner_agency else "",
                        day(a.due_on),
                        a.get_status_display(),
                    ]
                    for a in actions
                ],
            ),
        )


def measures(reader: Reader, priorities: list[Priority], described: str) -> list[Block | None]:
    if not priorities:
        return [empty(f"There are no agreed priorities: {described}.")]
    rows, chart_rows, progress = [], [], []
    by_pk = {p.pk: p for p in priorities}
    for p in priorities:
        kpis = kpi_rows(p.kpis.all())
        rag = priority_rag([row.status for row in kpis])
        title = _title(p, by_pk)
        progress.append(
            [
                title,
                p.lead_agency.name if p.lead_agency_id else "–",
                f"{sum(r.status == ON_TRACK for r in kpis)} of {len(kpis)}"
                if kpis
                else "No KPIs yet",
                RAG_LABELS[rag],
            ]
        )
        for row in kpis:
            rows.append(
                [
                    title,
                    row.kpi.name,
                    # As the priority's page shows them (priorities.selectors.kpi_figure).
                    row.baseline_shown,
                    row.target_shown,
                    row.latest_shown,
                    row.status_label,
                ]
            )
            if row.latest is not None:
                chart_rows.append(row)
    focus_areas = sum(1 for p in priorities if p.parent_id)
    counts = [counted(len(priorities) - focus_areas, "priority", "priorities")]
    if focus_areas:
        counts.append(counted(focus_areas, "focus area"))
    counts.append(counted(len(rows), "measure"))
    reader.out.note("plan", f"{and_list(counts)}: {described}")
    blocks: list[Block | None] = [
        Block(
            kind="table",
            title=f"Progress against {described}",
            caption=RAG_RULE,
            headers=["Priority", "Lead agency", "KPIs on track", "RAG"],
            rows=progress,
        ),
        Block(
            kind="table",
            title=f"Measures for {described}",
            headers=["Priority", "Measure", "Baseline", "Target", "Latest", "Status"],
            numeric=[False, False, True, True, True, False],
            rows=rows,
        )
        if rows
        else empty(f"No measures were set for {described}."),
    ]
    if chart_rows:
        met = sum(1 for r in chart_rows if r.status_label == "On track")
        blocks.append(
            reader.chart(
                charts.progress,
                labels=[r.kpi.name for r in chart_rows],
                baseline=[float(r.kpi.baseline) for r in chart_rows],
                latest=[float(r.latest) for r in chart_rows],
                target=[float(r.kpi.target) for r in chart_rows],
                alt=(
                    f"Bar chart of progress from baseline to target for "
                    f"{counted(len(chart_rows), 'measure')}; {met} "
                    f"{'is' if met == 1 else 'are'} on track."
                ),
            )
        )
    return blocks
