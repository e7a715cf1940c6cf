"""Reads of the data sources register and the agreements: for the register's pages,
the dashboard and the report (which may read analysis, to its left)."""

from dataclasses import dataclass
from datetime import date

from partnerships.models import Partnership

from . import source_rules
from .source_models import DataSource, SharingAgreement


@dataclass(frozen=True)
class SourceRow:
    source: DataSource
    state: source_rules.SourceState


def _state(source: DataSource, today: date) -> source_rules.SourceState:
    return source_rules.source_state(
        period_end=source.period_end,
        frequency=source.frequency,
        created_on=source.created_on,
        today=today,
    )


def register(partnership: Partnership, today: date) -> list[SourceRow]:
    """Every source of the partnership with whether it is due or overdue. One query."""
    sources = DataSource.objects.filter(partnership=partnership).select_related(
        "partnership", "agency", "owner__user", "agreement__partnership", "dataset"
    )
    return [SourceRow(source, _state(source, today)) for source in sources]


def source_row(source: DataSource, today: date) -> SourceRow:
    return SourceRow(source, _state(source, today))


@dataclass(frozen=True)
class AgreementRow:
    agreement: SharingAgreement
    review_due: bool
    review_overdue: bool


def agreement_row(agreement: SharingAgreement, today: date) -> AgreementRow:
    live = agreement.status != SharingAgreement.Status.ENDED
    due = live and source_rules.review_due(review_on=agreement.review_on, today=today)
    overdue = due and agreement.review_on < today
    return AgreementRow(agreement, due, overdue)


def agreements(partnership: Partnership, today: date) -> list[AgreementRow]:
    rows = (
        SharingAgreement.objects.filter(partnership=partnership)
        .select_related("partnership")
        .prefetch_related("parties")
    )
    return [agreement_row(agreement, today) for agreement in rows]


@dataclass(frozen=True)
class ReportSource:
    """One register entry as the report prints it: plain values only."""

    name: str
    agency: str
    themes: tuple[str, ...]  # theme keys
    theme_labels: tuple[str, ...]
    period_start: date | None
    period_end: date | None
    received_on: date | None
    reliability: str
    reliability_note: str
    dataset_name: str  # the imported dataset it feeds, or ""
    in_date: bool
    overdue: bool


def report_sources(partnership: Partnership, today: date) -> list[ReportSource]:
    return [
        ReportSource(
            name=row.source.name,
            agency=row.source.agency.name,
            themes=tuple(row.source.themes),
            theme_labels=tuple(row.source.theme_labels),
            period_start=row.source.period_start,
            period_end=row.source.period_end,
            received_on=row.source.last_received_on,
            reliability=row.source.get_reliability_display(),
            reliability_note=row.source.reliability_note,
            dataset_name=row.source.dataset.name if row.source.dataset else "",
            in_date=row.state.in_date,
            overdue=row.state.overdue,
        )
        for row in register(partnership, today)
    ]
