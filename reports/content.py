"""What goes into a report: each section's narrative, and the content the workbench
already knows (data tables and charts, the scoring matrix and ranking, priorities and
decisions, checklist status, consultation) filled in automatically.

Everything here turns rows into plain values (strings, numbers, lists) for the PDF
templates, so the templates never query or decide. Each block says plainly when its
data is not there yet."""

import time

from django.template.loader import render_to_string
from django.utils import timezone

from csp_assessment.dates import day

from . import board, period, rules, sv_rules
from .blocks import Block, Gathered
from .filled.gather import gather
from .models import Report, Section
from .narrative import narrative_html


def template_for(report: Report) -> str:
    return "reports/pdf/report.html"


def _section_values(section: Section, blocks: list[Block]) -> dict:
    return {
        "id": section.key,
        "title": section.title,
        "html": narrative_html(section.narrative),
        "blocks": blocks,
    }


def board_decision(report: Report, *, as_of=None) -> list[dict]:
    """The board's decisions the agreed assessment cites, as plain values: the meeting
    and its date, the priority, what the board decided and its minute."""
    return [
        {
            "meeting": f"{d.item.meeting.title}, {day(d.item.meeting.held_on)}",
            "priority": d.priority.display_title,
            "outcome": d.get_outcome_display(),
            "minute": d.minute,
        }
        for d in board.decisions(report.year, as_of=as_of)
    ]


def report_context(
    report: Report,
    *,
    state: str = rules.DRAFT,
    version: int | None = None,
    as_of=None,
    timings=None,
) -> dict:
    """Plain values for the PDF template."""
    started = time.perf_counter()
    gathered = gather(report, timings=timings)
    sections = list(report.sections.all())
    if report.kind == Report.Kind.PUBLIC:
        sections = [s for s in sections if not s.internal]
    if report.kind == Report.Kind.FULL:
        gathered.add("appendix-compliance", components_table(report, gathered))
    partnership = report.year.cycle.partnership
    context = {
        "title": report.title,
        "kind": report.get_kind_display(),
        "partnership": partnership.name,
        "period": report.year.label,
        "analysis_period": period.analysis_period(report).description,
        "marking": report.protective_marking,
        "authors": report.authors,
        "state": state,
        "state_name": rules.state_name(report.kind, state),
        "mark": rules.STATE_MARKS.get(state, ""),
        "decisions": board_decision(report, as_of=as_of) if state == rules.AGREED else [],
        "version": version,
        # The day the version was asked for: a render queued again later, or the demo's
        # back-dated versions, keep the date the board's paper was made on.
        "date": timezone.localdate(as_of) if as_of else timezone.localdate(),
        "sections": [_section_values(s, gathered.blocks.get(s.key, [])) for s in sections],
    }
    if timings is not None:
        timings.context = time.perf_counter() - started - timings.charts
    return context


def _written(report: Report) -> list[rules.WrittenSection]:
    return [
        rules.WrittenSection(s.title, tuple(s.components), bool(s.narrative.strip()))
        for s in report.sections.all()
        if not (report.kind == Report.Kind.PUBLIC and s.internal)
    ]


def components_table(report: Report, gathered: Gathered) -> Block:
    checks = rules.check_components(gathered.evidence, _written(report))
    themes = rules.check_themes(gathered.evidence)
    return Block(
        kind="table",
        title="The statutory components",
        caption=rules.COMPONENTS_LAW,
        headers=["Component", "Covered", "What covers it"],
        rows=[
            [
                c.label,
                "Yes" if c.covered else "Not yet",
                " ".join(c.covered_by),
            ]
            for c in checks
        ]
        + [
            [
                f"Figures on {t.label.lower()}",
                "Yes" if t.covered else "Not yet",
                t.covered_by,
            ]
            for t in themes
        ],
    )


def section_html(section: Section) -> str:
    """One section exactly as it will print, for the preview beside the editor."""
    gathered = gather(section.report)
    values = _section_values(section, gathered.blocks.get(section.key, []))
    return render_to_string("reports/pdf/_section.html", {"section": values, "state": rules.DRAFT})


def statutory_check(report: Report) -> list[rules.ComponentCheck]:
    return checks(report)[0]


def checks(report: Report) -> tuple[list[rules.ComponentCheck], list[rules.ThemeCheck]]:
    """The statutory components, and the themes' evidence, from one gathering. A
    serious violence needs assessment is checked against what it must cover instead;
    a full assessment that carries one is checked against both."""
    sections = list(report.sections.all())
    sna = sv_rules.check_sna({s.key: s.title for s in sections if s.narrative.strip()})
    if report.kind == Report.Kind.SNA:
        return sna, []
    gathered = gather(report, charts=False)
    components = rules.check_components(gathered.evidence, _written(report))
    if sv_rules.carries_sna(s.key for s in sections):
        components += sna
    return components, rules.check_themes(gathered.evidence)
