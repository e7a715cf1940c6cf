"""Fills a report from priorities: the agreed priorities and other proposals, last
year's measures and actions, and the public summary's published priorities."""

from collections import Counter

from csp_assessment import charts
from cycles.services import previous_year
from priorities.models import Action, Priority
from priorities.selectors import kpi_rows

from ..blocks import Block, empty
from ..models import Report
from .reader import Reader, day, number


def read_priorities(reader: Reader) -> None:
    priorities = list(
        Priority.objects.filter(year=reader.year)
        .select_related("lead_agency", "lead__user")
        .prefetch_related("issues", "kpis__values", "decisions__item__meeting")
        .order_by("position", "title")
    )
    agreed = [p for p in priorities if p.status == Priority.Status.AGREED]
    if reader.public:
        published = [p for p in agreed if p.published]
        if published:
            reader.out.note("plan", f"{len(published)} published priorities")
            reader.add(
                "our-priorities",
                Block(
                    kind="list",
                    caption="The partnership agreed these priorities:",
                    items=[
                        p.title + (f" (led by {p.lead_agency.name})" if p.lead_agency else "")
                        for p in published
                    ],
                ),
            )
        else:
            reader.add("our-priorities", empty("No priorities have been published yet."))
        return
    if reader.report.kind == Report.Kind.REFRESH:
        proposed = [p for p in priorities if p.status == Priority.Status.PROPOSED]
        reader.add(
            "proposed-additions",
            Block(
                kind="table",
                headers=["Proposed priority", "Why", "Issues"],
                rows=[
                    [p.title, p.rationale, ", ".join(i.title for i in p.issues.all())]
                    for p in proposed
                ],
            )
            if proposed
            else empty("No additions to the priorities have been proposed."),
        )
        reader.add("progress", *measures(reader, agreed, "the current priorities"))
        return
    if agreed:
        rows = []
        for p in agreed:
            decision = max(p.decisions.all(), key=lambda d: d.decided_at, default=None)
            rows.append(
                [
                    p.title,
                    p.lead_agency.name if p.lead_agency else "",
                    ", ".join(i.title for i in p.issues.all()),
                    f"Agreed on {day(decision.item.meeting.held_on)}" if decision else "Agreed",
                ]
            )
        reader.add(
            "priorities",
            Block(
                kind="table",
                title="The strategic priorities",
                headers=["Priority", "Lead agency", "Issues it covers", "Board decision"],
                rows=rows,
            ),
        )
    else:
        reader.add(
            "priorities",
            empty("The board has not agreed any priorities for this year yet."),
        )
    others = [p for p in priorities if p.status != Priority.Status.AGREED]
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
    earlier = previous_year(reader.year)
    if earlier is None:
        reader.add("current-activity", empty("There is no earlier year to report on."))
        return
    last = list(
        Priority.objects.filter(year=earlier, status=Priority.Status.AGREED)
        .prefetch_related("kpis__values")
        .order_by("position", "title")
    )
    reader.add("current-activity", *measures(reader, last, f"the {earlier.label} priorities"))
    # Last year's actions first, then this year's.
    actions = [
        action
        for year in (earlier, reader.year)
        for action in Action.objects.filter(priority__year=year).select_related(
            "owner_agency", "priority"
        )
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
    rows, chart_rows = [], []
    for p in priorities:
        for row in kpi_rows(p.kpis.all()):
            rows.append(
                [
                    p.title,
                    row.kpi.name,
                    number(row.kpi.baseline, 1),
                    number(row.kpi.target, 1),
                    number(row.latest, 1) if row.latest is not None else "none yet",
                    row.status_label,
                ]
            )
            if row.latest is not None:
                chart_rows.append(row)
    reader.out.note("plan", f"{len(priorities)} priorities and {len(rows)} measures: {described}")
    blocks: list[Block | None] = [
        Block(
            kind="table",
            title=f"Measures for {described}",
            headers=["Priority", "Measure", "Baseline", "Target", "Latest", "Status"],
            numeric=[False, False, True, True, True, False],
            rows=rows,
        )
        if rows
        else empty(f"No measures were set for {described}.")
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
                    f"Bar chart of progress from baseline to target for {len(chart_rows)} "
                    f"measures; {met} are on track."
                ),
            )
        )
    return blocks
