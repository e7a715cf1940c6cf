"""Fills from the data sources register (analysis): a row per source for the
introduction's data-sources table, and evidence for each theme a source covers while
it is in date (received, and its next delivery not overdue)."""

from django.utils import timezone

from analysis.source_selectors import ReportSource, report_sources
from csp_assessment.dates import day

from ..blocks import Block
from .reader import Reader


def _latest(source: ReportSource) -> str:
    if source.period_end is None:
        return "Never received"
    text = f"{day(source.period_start)} to {day(source.period_end)}"
    text += f", received {day(source.received_on)}"
    return text + (" (next delivery overdue)" if source.overdue else "")


def read_sources(reader: Reader) -> None:
    for source in report_sources(reader.partnership, timezone.localdate()):
        if source.in_date:
            for theme in source.themes:
                reader.out.note(
                    theme,
                    f"{source.name} ({source.agency}), "
                    f"{day(source.period_start)} to {day(source.period_end)}",
                )
        reliability = source.reliability
        if source.reliability_note:
            reliability += f". {source.reliability_note}"
        reader.add(
            "introduction-register",
            Block(
                kind="row",
                title=source.dataset_name,
                items=[
                    source.name,
                    source.agency,
                    ", ".join(source.theme_labels),
                    _latest(source),
                    reliability,
                ],
            ),
        )
