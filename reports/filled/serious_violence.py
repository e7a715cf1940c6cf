"""Fills the serious violence strategic needs assessment's sections, in its own report
or in a full assessment that carries them: who took part, the serious violence strand
of the long list, the violent crime categories in the police data, where crime
concentrates, the specified authorities' data, the strategy's objectives, and the law
each statement rests on with whether it was verified."""

from django.db.models import Prefetch
from django.utils import timezone

from analysis import sv_rules as law
from analysis.models import IssueCrimeTypes
from analysis.source_selectors import report_sources
from analysis.sv_models import SvParticipation
from cycles.models import Issue
from priorities.models import KPI, Priority

from ..blocks import Block, empty
from ..sv_rules import carries_sna
from .analysis import analyses
from .reader import Reader, percent

# data.police.uk's categories that hold serious violence, whatever issues are linked.
VIOLENT_CATEGORIES = ("Violence and sexual offences", "Possession of weapons", "Robbery")


def read_serious_violence(reader: Reader) -> None:
    if not carries_sna(reader.report.sections.values_list("key", flat=True)):
        return
    records = list(SvParticipation.objects.filter(year=reader.year).select_related("agency"))
    issues = list(Issue.objects.filter(year=reader.year, serious_violence=True).order_by("title"))
    reader.add("sv-partnership", *participation_blocks(records))
    reader.add("sv-kinds", strand_block(issues), *category_blocks(reader, issues))
    reader.add("sv-causes", causes_block(issues))
    reader.add("sv-places", *places_blocks(reader))
    reader.add("sv-data", data_block(reader, records))
    reader.add("sv-objectives", objectives_block(reader))
    reader.add("sv-law", law_block())


def participation_blocks(records: list[SvParticipation]) -> list[Block]:
    if not records:
        return [
            empty(
                "No authority's part is recorded for this year yet: record it on the "
                "Serious violence page under Analysis."
            )
        ]
    blocks = [
        Block(
            kind="table",
            title="Who took part",
            headers=["Authority", "Kind", "Under the Act", "Contributed"],
            rows=[
                [
                    r.agency.name,
                    r.get_authority_display(),
                    law.GROUP_LABELS[r.group],
                    ", ".join(r.contribution_labels),
                ]
                for r in records
            ],
        )
    ]
    missing = law.missing_specified({r.authority for r in records})
    if missing:
        blocks.append(
            Block(
                kind="list",
                title="Specified authorities with no record",
                caption="No part is recorded this year for:",
                items=missing,
            )
        )
    return blocks


def strand_block(issues: list[Issue]) -> Block:
    if not issues:
        return empty("No issue on this year's long list is marked serious violence yet.")
    return Block(
        kind="table",
        title="The serious violence strand of the long list",
        headers=["Issue", "Theme", "Lead agency"],
        rows=[
            [i.title, i.theme or "–", i.lead_agency.name if i.lead_agency else "–"] for i in issues
        ],
    )


def _categories(issues: list[Issue]) -> list[str]:
    linked = IssueCrimeTypes.objects.filter(issue__in=issues).values_list("crime_types", flat=True)
    found = list(VIOLENT_CATEGORIES)
    for types in linked:
        found += [t for t in types if t not in found]
    return found


def category_blocks(reader: Reader, issues: list[Issue]) -> list[Block]:
    wanted = _categories(issues)
    blocks = []
    for result in analyses(reader):
        rows = [
            [level.category, reader.count(level.count), percent(level.share)]
            for level in result.levels
            if level.category in wanted
        ]
        if rows:
            blocks.append(
                Block(
                    kind="table",
                    title="Violent crime in the police data",
                    caption=f"{result.dataset.name}: {result.current_description}",
                    headers=["Category", "Recorded", "Share of all recorded"],
                    numeric=[False, True, True],
                    rows=rows,
                )
            )
    return blocks or [empty("No imported dataset holds violent crime categories yet.")]


def causes_block(issues: list[Issue]) -> Block:
    rows = [
        [i.title, ", ".join(i.pestelo_labels()) or "–", i.pestelo_note or "–"]
        for i in issues
        if i.pestelo or i.pestelo_note
    ]
    if not rows:
        return empty("No horizon-scanning factors are recorded on the strand's issues yet.")
    return Block(
        kind="table",
        title="Factors recorded on the strand's issues",
        headers=["Issue", "PESTELO factors", "Note"],
        rows=rows,
    )


def places_blocks(reader: Reader) -> list[Block]:
    blocks = []
    for result in analyses(reader):
        top = result.hotspots[:5]
        if top:
            blocks.append(
                Block(
                    kind="table",
                    title="Where recorded crime concentrates",
                    caption=f"{result.dataset.name}, all categories: the five areas with "
                    "the most. Read them with the violent crime categories above.",
                    headers=["Area", "District", "Recorded"],
                    numeric=[False, False, True],
                    rows=[[h.name, h.district, reader.count(h.count)] for h in top],
                )
            )
    return blocks or [empty("No imported dataset has areas to rank yet.")]


def data_block(reader: Reader, records: list[SvParticipation]) -> Block:
    specified = {r.agency.name for r in records if r.group == law.SPECIFIED}
    sources = [
        s for s in report_sources(reader.partnership, timezone.localdate()) if s.agency in specified
    ]
    if not sources:
        return empty(
            "No data source in the register comes from an authority recorded as a "
            "specified authority this year."
        )
    return Block(
        kind="table",
        title="Data sources from the specified authorities",
        headers=["Source", "Provided by", "Covers", "Reliability"],
        rows=[[s.name, s.agency, ", ".join(s.theme_labels), s.reliability] for s in sources],
    )


def objectives_block(reader: Reader) -> Block:
    objectives = list(
        Priority.objects.filter(year__cycle=reader.year.cycle, serious_violence=True)
        .select_related("year", "lead_agency")
        .prefetch_related(Prefetch("kpis", queryset=KPI.objects.order_by("pk")))
        .order_by("year__number", "position")
    )
    if not objectives:
        return empty("No priority is marked as a serious violence strategy objective yet.")
    return Block(
        kind="table",
        title="Objectives of the serious violence strategy",
        headers=["Objective", "Year", "Status", "Lead agency", "Measures"],
        rows=[
            [
                p.title,
                p.year.label,
                p.get_status_display(),
                p.lead_agency.name if p.lead_agency else "–",
                "; ".join(k.name for k in p.kpis.all()) or "–",
            ]
            for p in objectives
        ],
    )


def law_block() -> Block:
    return Block(
        kind="table",
        title="What the law asks, and how sure we are",
        headers=["Statement", "Source", "Status"],
        rows=[[s.text, s.citation, s.status_label] for s in law.STATEMENTS],
    )
