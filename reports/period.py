"""The report's analysis period: the twelve months to the end month the analyst chose,
or to the latest month with data. The PDF, the preview and the report page read it
here; analysis.rules decides which months each comparison pairs."""

from dataclasses import dataclass, replace
from datetime import date

from analysis import rules as analysis_rules
from analysis.models import MonthlyCount

from .models import Report

ANALYSIS_MONTHS = 12  # the report analyses twelve months, like the analysis pages' default


def months_with_data(partnership) -> list[date]:
    """Every month any of the partnership's datasets has figures for, oldest first."""
    return list(
        MonthlyCount.objects.filter(dataset__partnership=partnership)
        .order_by("month")
        .values_list("month", flat=True)
        .distinct()
    )


@dataclass(frozen=True)
class AnalysisPeriod:
    end: date | None  # the last month analysed; None when there is no data at all
    chosen: bool  # the analyst chose it (otherwise it is the latest month with data)
    has_data: bool  # False when the chosen month has no data any more
    latest: date | None
    with_data: int = ANALYSIS_MONTHS  # how many of the months analysed have data

    @property
    def months(self) -> list[date]:
        if self.end is None:
            return []
        return analysis_rules.months_between(
            analysis_rules.add_months(self.end, -(ANALYSIS_MONTHS - 1)), self.end
        )

    @property
    def description(self) -> str:
        """The period in words; when some of its months have no data, it says how many
        do, so a run of months is not read as unbroken."""
        if self.end is None:
            return "No crime or partner data has been imported yet."
        window = analysis_rules.describe_months(self.months)
        if self.with_data < ANALYSIS_MONTHS:
            verb = "has" if self.with_data == 1 else "have"
            return (
                f"The {ANALYSIS_MONTHS} months from {window} ({self.with_data} of them {verb} data)"
            )
        return f"The {ANALYSIS_MONTHS} months from {window}"


def analysis_period(report: Report, months: list[date] | None = None) -> AnalysisPeriod:
    """The period the report analyses: the month the analyst chose, or the latest month
    with data. Pass `months` (from `months_with_data`) when already read."""
    months = months_with_data(report.year.cycle.partnership) if months is None else months
    latest = months[-1] if months else None
    end = report.analysis_end or latest
    chosen = AnalysisPeriod(
        end=end, chosen=report.analysis_end is not None, has_data=end in months, latest=latest
    )
    present = set(months)
    return replace(chosen, with_data=sum(1 for month in chosen.months if month in present))
