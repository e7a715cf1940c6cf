"""Reads for the analysis pages: datasets and uploads, and the levels, patterns and
changes for a chosen area and period. The number of queries does not depend on how
many months are stored: monthly counts come in one query, LSOA detail from the
dataset's Parquet file."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, F, Max, Min, Q, QuerySet, Sum

from partnerships.models import District, Partnership

from . import aggregates, rules
from .models import Dataset, Lsoa, MonthlyCount, Upload

TOTAL = "All crime and anti-social behaviour"
HOTSPOTS_SHOWN = 10
TREND_MONTHS = 36


def known_lsoas(partnership: Partnership, codes: Iterable[str]) -> dict[str, tuple[str, str]]:
    """Code to (name, authority) as this partnership may see them."""
    codes = sorted(set(codes))
    known: dict[str, tuple[str, str]] = {}
    for start in range(0, len(codes), 500):  # stays under every database's parameter limit
        rows = (
            Lsoa.objects.filter(code__in=codes[start : start + 500])
            .filter(Q(partnership=partnership) | Q(partnership__isnull=True))
            # Learned rows first, so reference rows (no partnership) overwrite them.
            .order_by(F("partnership").desc(nulls_last=True))
            .values_list("code", "name", "authority")
        )
        known.update((code, (name, authority)) for code, name, authority in rows)
    return known


def datasets_for(partnership: Partnership) -> list[Dataset]:
    return list(
        Dataset.objects.shown()
        .filter(partnership=partnership)
        .select_related("partnership")
        .annotate(
            first_month=Min("monthly_counts__month"),
            last_month=Max("monthly_counts__month"),
            month_count=Count("monthly_counts__month", distinct=True),
        )
    )


def uploads_for(partnership: Partnership) -> QuerySet[Upload]:
    """Every upload of the partnership, newest first (the analysis page pages through it)."""
    return (
        Upload.objects.filter(dataset__partnership=partnership)
        .select_related("dataset__partnership", "uploaded_by__user")
        .order_by("-created_at", "-pk")
    )


@dataclass
class Level:
    category: str
    count: int
    share: float | None
    rate: float | None
    monthly_average: float


@dataclass
class ChangeRow:
    category: str
    change: rules.Change


@dataclass
class Comparison:
    pairing: rules.Pairing
    rows: list[ChangeRow]
    description: str


@dataclass
class Hotspot:
    code: str
    name: str
    district: str
    count: int
    share: float | None


@dataclass
class Analysis:
    dataset: Dataset
    area_label: str
    districts: list[District]
    population: int | None
    available: list[date]
    periods: rules.PeriodChoice | None
    total_label: str = TOTAL
    levels: list[Level] = field(default_factory=list)
    by_district: list[Level] = field(default_factory=list)
    comparisons: list[Comparison] = field(default_factory=list)
    trend: list[tuple[date, int | None]] = field(default_factory=list)
    seasons: list[rules.SeasonalMonth] = field(default_factory=list)
    hotspots: list[Hotspot] = field(default_factory=list)
    concentration: rules.Concentration | None = None
    outcomes: list[tuple[str, int, float]] = field(default_factory=list)

    @property
    def current_description(self) -> str:
        if not self.periods:
            return ""
        return rules.describe_months(self.periods.current.months_with_data)

    @property
    def total(self) -> Level | None:
        return self.levels[-1] if self.levels else None


def analysis_for(
    *,
    dataset: Dataset,
    districts: list[District],
    area: District | None,
    end: date | None,
    length: int,
) -> Analysis:
    chosen = [area] if area else districts
    codes = {d.code for d in chosen}
    populations = [d.population for d in chosen]
    population = sum(populations) if all(populations) else None
    label = area.name if area else dataset.partnership.name

    rows = list(
        MonthlyCount.objects.filter(dataset=dataset, district__in=chosen).values_list(
            "month", "district_id", "category", "count"
        )
    )
    by_month_category: dict[tuple[date, str], int] = defaultdict(int)
    by_month: dict[date, int] = defaultdict(int)
    by_district_month: dict[tuple[int, date], int] = defaultdict(int)
    for month, district_id, category, count in rows:
        by_month_category[month, category] += count
        by_month[month] += count
        by_district_month[district_id, month] += count
    available = sorted(by_month)
    periods = rules.choose_periods(available, end=end, length=length)
    result = Analysis(dataset, label, chosen, population, available, periods)
    if periods is None:
        return result
    if dataset.is_police:
        result.total_label = TOTAL
    else:
        result.total_label = f"All {dataset.name}"
    categories = sorted({category for _, category in by_month_category})
    current = periods.current.months_with_data

    def total_for(category: str | None, months) -> int:
        if category is None:
            return sum(by_month.get(m, 0) for m in months)
        return sum(by_month_category.get((m, category), 0) for m in months)

    grand = total_for(None, current)
    months_with_data = max(len(current), 1)
    for category in [*categories, None]:
        count = total_for(category, current)
        if category is not None and count == 0:
            continue
        result.levels.append(
            Level(
                category=category or result.total_label,
                count=count,
                share=count / grand if grand else None,
                rate=rules.rate_per_thousand(count, population),
                monthly_average=count / months_with_data,
            )
        )
    for district in chosen:
        count = sum(by_district_month.get((district.pk, m), 0) for m in current)
        result.by_district.append(
            Level(
                category=district.name,
                count=count,
                share=count / grand if grand else None,
                rate=rules.rate_per_thousand(count, district.population),
                monthly_average=count / months_with_data,
            )
        )

    for pairing in periods.comparisons:
        if not pairing.pairs:
            result.comparisons.append(Comparison(pairing, [], ""))
            continue
        change_rows = []
        for category in [*categories, None]:
            now = total_for(category, pairing.current_months)
            before = total_for(category, pairing.baseline_months)
            if category is not None and now == before == 0:
                continue
            change_rows.append(
                ChangeRow(category or result.total_label, rules.poisson_change(now, before))
            )
        description = (
            f"{rules.describe_months(pairing.current_months)} compared with "
            f"{rules.describe_months(pairing.baseline_months)}"
        )
        result.comparisons.append(Comparison(pairing, change_rows, description))

    trend_start = rules.add_months(periods.current.last, -(TREND_MONTHS - 1))
    trend_first = max(trend_start, available[0])
    result.trend = [
        (m, by_month.get(m)) for m in rules.months_between(trend_first, periods.current.last)
    ]
    result.seasons = rules.seasonality({m: by_month[m] for m in available})
    _add_lsoa_detail(result, dataset, codes, current, {d.code: d.name for d in chosen})
    return result


def _add_lsoa_detail(result: Analysis, dataset, codes, months, district_names) -> None:
    """Hotspots, concentration and outcomes, from the dataset's Parquet file."""
    if not dataset.aggregate_path:
        return
    frame = aggregates.read(aggregates.media_path(dataset.aggregate_path))
    wanted = {f"{m:%Y-%m}" for m in months}
    frame = frame[frame["month"].isin(wanted) & frame["district"].isin(codes)]
    located = frame[frame["lsoa"] != ""]
    if not located.empty:
        per_lsoa = (
            located.groupby(["lsoa", "district"])["count"]
            .sum()
            .sort_values(ascending=False, kind="stable")
        )
        # LSOAs ever seen in this dataset for these districts: the areas the 10% is of.
        everything = aggregates.read(aggregates.media_path(dataset.aggregate_path))
        areas = everything.loc[
            everything["district"].isin(codes) & (everything["lsoa"] != ""), "lsoa"
        ].nunique()
        total = int(per_lsoa.sum())
        result.concentration = rules.concentration(per_lsoa.tolist(), areas=areas)
        top = per_lsoa.head(HOTSPOTS_SHOWN)
        known = known_lsoas(dataset.partnership, [code for code, _ in top.index])
        names = {code: name for code, (name, _authority) in known.items()}
        result.hotspots = [
            Hotspot(
                code=code,
                name=names.get(code, code),
                district=district_names.get(district, district),
                count=int(count),
                share=count / total if total else None,
            )
            for (code, district), count in top.items()
        ]
    with_outcome = frame[frame["outcome"] != ""]
    if not with_outcome.empty:
        outcomes = with_outcome.groupby("outcome")["count"].sum().sort_values(ascending=False)
        total = int(outcomes.sum())
        result.outcomes = [(name, int(count), count / total) for name, count in outcomes.items()]


@dataclass
class MonthHeld:
    month: date
    rows: int
    upload: Upload | None


def months_of(dataset: Dataset) -> list[MonthHeld]:
    """Each month a dataset holds, newest first, with its rows in the area and the
    upload that last imported it."""
    totals = (
        MonthlyCount.objects.filter(dataset=dataset)
        .values("month")
        .annotate(rows=Sum("count"))
        .order_by("-month")
    )
    last_upload: dict[str, Upload] = {}
    uploads = (
        Upload.objects.filter(dataset=dataset, status=Upload.Status.DONE)
        .select_related("dataset__partnership", "uploaded_by__user")
        .order_by("finished_at", "pk")
    )
    for upload in uploads:
        for month in upload.months:
            last_upload[month] = upload
    return [
        MonthHeld(row["month"], row["rows"], last_upload.get(f"{row['month']:%Y-%m}"))
        for row in totals
    ]
