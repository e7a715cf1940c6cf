"""Suggested scores for the data-driven criteria of a scoring matrix, from the crime
types each long-list issue is linked to and the partnership's police counts. A read
(selector): a fixed number of queries, whatever the number of issues or months."""

import dataclasses
from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.db.models import Sum

from csp_assessment.text import and_list
from cycles.models import CycleYear, Issue

from . import rules
from .models import Dataset, IssueCrimeTypes, MonthlyCount

# Criterion keys of the shipped matrices (scoring/matrices/csp-16.yaml) this module can
# suggest a value for.
DEMAND = "proportion_of_demand"
DETERIORATING = "performance_deteriorating"
RISK_OF_INCREASE = "risk_of_increase"
CRITERION_KEYS = (DEMAND, DETERIORATING, RISK_OF_INCREASE)

Suggestion = rules.SuggestedScore  # value (None when the data cannot say), evidence, rule


def crime_types_label(crime_types: list[str]) -> str:
    """'Burglary', 'Burglary and Robbery', 'Burglary, Drugs and Robbery'."""
    return and_list(crime_types)


def _year_of(round_or_year) -> tuple[int, date]:
    """The partnership and last day of a scoring round's year (or of a year)."""
    year_id = round_or_year.pk if isinstance(round_or_year, CycleYear) else round_or_year.year_id
    return CycleYear.objects.values_list("cycle__partnership_id", "ends_on").get(pk=year_id)


def _consecutive_months(available: list[date], last: date, limit: int) -> list[date]:
    """The run of months with data that ends at `last`, at most `limit` long."""
    have, run, month = set(available), [], last
    while month in have and len(run) < limit:
        run.append(month)
        month = rules.add_months(month, -1)
    return run[::-1]


def suggestions_for(
    round_or_year, issues: Iterable[Issue]
) -> dict[tuple[int, str], rules.SuggestedScore]:
    """{(issue id, criterion key): suggestion} for the issues linked to crime types.

    Uses the partnership's police counts up to the end of the round's year: the 12
    months to the latest month with data, compared with the same months a year
    earlier, and the run of consecutive months before it for the trend. Three queries
    at most: the links, the year, the monthly totals by category."""
    issue_ids = [issue.pk for issue in issues]
    links = {
        issue_id: types
        for issue_id, types in IssueCrimeTypes.objects.filter(issue_id__in=issue_ids).values_list(
            "issue_id", "crime_types"
        )
        if types
    }
    if not links:
        return {}
    partnership_id, year_end = _year_of(round_or_year)
    by_month_category: dict[tuple[date, str], int] = defaultdict(int)
    by_month: dict[date, int] = defaultdict(int)
    for month, category, total in (
        MonthlyCount.objects.filter(
            dataset__partnership_id=partnership_id,
            dataset__kind=Dataset.Kind.POLICE_STREET,
            month__lte=year_end,
        )
        .values("month", "category")
        .annotate(total=Sum("count"))
        .values_list("month", "category", "total")
    ):
        by_month_category[month, category] += total
        by_month[month] += total
    available = sorted(by_month)
    periods = rules.choose_periods(available, end=None, length=12)
    if periods is None:
        return {}
    current = periods.current.months_with_data
    year_earlier = periods.year_earlier
    trend_rule = rules.SCORE_RULES["risk_of_increase"]
    trend_months = _consecutive_months(available, periods.current.last, trend_rule["months"])
    grand = sum(by_month[m] for m in current)

    def count(types: list[str], months) -> int:
        return sum(by_month_category.get((m, t), 0) for m in months for t in types)

    suggestions = {}
    for issue_id, types in links.items():
        label = crime_types_label(types)
        suggestions[issue_id, DEMAND] = rules.suggest_demand_score(
            category=label,
            count=count(types, current),
            total=grand,
            months=rules.describe_months(current),
        )
        if year_earlier.pairs:
            suggestions[issue_id, DETERIORATING] = rules.suggest_deterioration_score(
                category=label,
                change=rules.poisson_change(
                    count(types, year_earlier.current_months),
                    count(types, year_earlier.baseline_months),
                ),
                compared=rules.describe_months(year_earlier.baseline_months),
            )
        else:
            no_data = rules.suggest_deterioration_score(
                category=label, change=rules.poisson_change(0, 0), compared=""
            )
            suggestions[issue_id, DETERIORATING] = dataclasses.replace(
                no_data,
                evidence=f"{label}: no month a year before {rules.describe_months(current)} "
                "has data to compare with.",
            )
        suggestions[issue_id, RISK_OF_INCREASE] = rules.suggest_risk_of_increase_score(
            category=label,
            series=[count(types, [m]) for m in trend_months],
            months=rules.describe_months(trend_months),
        )
    return suggestions
