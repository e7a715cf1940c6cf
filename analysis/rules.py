"""Pure calculations for the analysis: which months to compare, change statistics under a
Poisson assumption, concentration, seasonality, trend, and suggested scores for the
data-driven scoring criteria. No ORM, no requests, no files."""

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from csp_assessment import dates, text

# A change is flagged as unlikely to be chance when its two-sided p-value is below this.
SIGNIFICANCE_LEVEL = 0.05
# Up to this many events in the two periods together the p-value is exact; above it a
# normal approximation is used (with n > 2,000 the two differ in the fourth decimal).
EXACT_TEST_LIMIT = 2000


# ---------------------------------------------------------------- months and periods


def month_start(value: date) -> date:
    return value.replace(day=1)


def add_months(month: date, count: int) -> date:
    index = month.year * 12 + (month.month - 1) + count
    return date(index // 12, index % 12 + 1, 1)


def month_label(month: date) -> str:
    return dates.month(month)


def stored_month(month: str) -> date:
    """A month as uploads, removals and imports store it, "2016-11": its first day."""
    year, number = month.split("-")
    return date(int(year), int(number), 1)


def stored_months_written(months: Iterable[str]) -> str:
    """Stored months written out: "November 2016, November 2017"."""
    return ", ".join(month_label(stored_month(month)) for month in months)


def months_between(first: date, last: date) -> list[date]:
    months, month = [], first
    while month <= last:
        months.append(month)
        month = add_months(month, 1)
    return months


def describe_months(months: Sequence[date]) -> str:
    """'November 2017', 'January to March 2024', or a list when there are gaps."""
    months = sorted(months)
    if not months:
        return "no months"
    if len(months) == 1:
        return month_label(months[0])
    if months == months_between(months[0], months[-1]):
        if months[0].year == months[-1].year:
            return f"{months[0]:%B} to {month_label(months[-1])}"
        return f"{month_label(months[0])} to {month_label(months[-1])}"
    return text.and_list(month_label(m) for m in months)


@dataclass(frozen=True)
class Window:
    """A run of calendar months and which of them have data."""

    first: date
    last: date
    months_with_data: tuple[date, ...]

    @property
    def length(self) -> int:
        return len(months_between(self.first, self.last))

    @property
    def is_complete(self) -> bool:
        return len(self.months_with_data) == self.length


class PairedMonths:
    """Months matched with the months they are compared with: `pairs` of (current,
    baseline)."""

    pairs: tuple[tuple[date, date], ...]

    @property
    def current_months(self) -> tuple[date, ...]:
        return tuple(current for current, _ in self.pairs)

    @property
    def baseline_months(self) -> tuple[date, ...]:
        return tuple(baseline for _, baseline in self.pairs)


@dataclass(frozen=True)
class Pairing(PairedMonths):
    """Months of the current period matched with the months they are compared with."""

    label: str
    window: Window
    pairs: tuple[tuple[date, date], ...]


@dataclass(frozen=True)
class PeriodChoice:
    current: Window
    previous: Pairing
    year_earlier: Pairing

    @property
    def comparisons(self) -> tuple[Pairing, ...]:
        """The two comparisons, or one when a 12-month period makes them the same."""
        if self.previous.window.first == self.year_earlier.window.first:
            return (self.previous,)
        return (self.previous, self.year_earlier)


def choose_periods(
    available: Iterable[date], *, end: date | None, length: int
) -> PeriodChoice | None:
    """The current period (`length` months to `end`, default the latest month with data),
    the period before it and the same period a year earlier.

    Data often has gaps (a partnership imports a month a year, or starts mid-year), so
    each comparison pairs a current month with the month `length` (or 12) months
    before it and uses only pairs where both months have data. Counts then cover the
    same number of months on both sides and the page can say which months they are.
    """
    available = sorted({month_start(m) for m in available})
    if not available:
        return None
    end = month_start(end) if end else available[-1]
    have = set(available)
    first = add_months(end, -(length - 1))
    current_months = tuple(m for m in months_between(first, end) if m in have)
    current = Window(first, end, current_months)

    def pairing(label: str, shift: int) -> Pairing:
        window_first, window_last = add_months(first, -shift), add_months(end, -shift)
        window = Window(
            window_first,
            window_last,
            tuple(m for m in months_between(window_first, window_last) if m in have),
        )
        pairs = tuple(
            (m, add_months(m, -shift)) for m in current_months if add_months(m, -shift) in have
        )
        return Pairing(label, window, pairs)

    return PeriodChoice(
        current=current,
        previous=pairing("previous period", length),
        year_earlier=pairing("same period a year earlier", 12),
    )


# ---------------------------------------------------------------- change statistics


@dataclass(frozen=True)
class Change:
    current: int
    baseline: int
    p_value: float

    @property
    def absolute(self) -> int:
        return self.current - self.baseline

    @property
    def percent(self) -> float | None:
        if self.baseline == 0:
            return None
        return 100 * (self.current - self.baseline) / self.baseline

    @property
    def significant(self) -> bool:
        return self.p_value < SIGNIFICANCE_LEVEL

    @property
    def verdict(self) -> str:
        if not self.significant:
            return "Within normal variation"
        return (
            "Increase unlikely to be chance"
            if self.absolute > 0
            else ("Decrease unlikely to be chance")
        )


def _binomial_two_sided_p(k: int, n: int) -> float:
    """Exact two-sided p-value of k successes in n trials with p = 1/2."""
    if n == 0:
        return 1.0
    log_half_n = n * math.log(0.5)
    lgamma_n1 = math.lgamma(n + 1)

    def pmf(i: int) -> float:
        return math.exp(lgamma_n1 - math.lgamma(i + 1) - math.lgamma(n - i + 1) + log_half_n)

    tail = min(k, n - k)
    p = 2 * sum(pmf(i) for i in range(tail + 1))
    return min(1.0, p)


def poisson_change(current: int, baseline: int) -> Change:
    """Compare two counts over the same length of time, each taken as a Poisson count.

    If both come from the same underlying rate, then given their total n the current
    count follows a binomial distribution with n trials and p = 1/2 (the conditional,
    or "C", test). The p-value is two-sided; exact up to EXACT_TEST_LIMIT events, then
    the normal approximation with a continuity correction.
    """
    n = current + baseline
    if n <= EXACT_TEST_LIMIT:
        p = _binomial_two_sided_p(current, n)
    else:
        z = (abs(current - baseline) - 1) / math.sqrt(n)
        p = math.erfc(max(z, 0) / math.sqrt(2))
    return Change(current=current, baseline=baseline, p_value=p)


METHOD_STATEMENT = (
    "Each count is treated as a Poisson count. Two counts over the same number of months "
    "are compared with the conditional test: if the underlying rate had not changed, the "
    "current count would follow a binomial distribution over the two counts' total with "
    "a probability of one half. A change is marked as unlikely to be chance when the "
    f"two-sided p-value is below {SIGNIFICANCE_LEVEL:g}. With many crime types compared "
    "at once, about one in twenty stable types can be marked by chance alone."
)


# ---------------------------------------------------------------- patterns


def rate_per_thousand(count: int, population: int | None) -> float | None:
    if not population:
        return None
    return 1000 * count / population


@dataclass(frozen=True)
class Concentration:
    areas: int
    top_areas: int
    top_count: int
    total: int

    @property
    def top_share(self) -> float | None:
        return None if not self.total else self.top_count / self.total

    @property
    def top_percent(self) -> float | None:
        return None if not self.total else 100 * self.top_count / self.total


def concentration(counts: Iterable[int], *, areas: int, top_fraction: float = 0.1) -> Concentration:
    """The share of all events in the busiest `top_fraction` of areas.

    `counts` holds the areas with events; `areas` is how many areas there are in all
    (areas with none count towards the 10% but add nothing).
    """
    ordered = sorted((c for c in counts if c > 0), reverse=True)
    areas = max(areas, len(ordered))
    top = math.ceil(areas * top_fraction) if areas else 0
    return Concentration(
        areas=areas, top_areas=top, top_count=sum(ordered[:top]), total=sum(ordered)
    )


@dataclass(frozen=True)
class SeasonalMonth:
    calendar_month: int
    average: float
    years: int
    index: float | None  # the month's average over the average of all months


def seasonality(monthly: Mapping[date, int]) -> list[SeasonalMonth]:
    """Average count for each calendar month across the years with data, and its index."""
    by_month: dict[int, list[int]] = {}
    for month, count in monthly.items():
        by_month.setdefault(month.month, []).append(count)
    if not by_month:
        return []
    averages = {m: sum(v) / len(v) for m, v in by_month.items()}
    overall = sum(averages.values()) / len(averages)
    return [
        SeasonalMonth(m, averages[m], len(by_month[m]), averages[m] / overall if overall else None)
        for m in sorted(averages)
    ]


@dataclass(frozen=True)
class Trend:
    months: int
    slope_per_month: float
    mean: float

    @property
    def change_over_window(self) -> float | None:
        """The fitted change from the first to the last month, as a share of the mean."""
        if not self.mean:
            return None
        return self.slope_per_month * (self.months - 1) / self.mean


def linear_trend(series: Sequence[int]) -> Trend | None:
    """Least-squares straight line through consecutive monthly counts."""
    n = len(series)
    if n < 2:
        return None
    mean_x, mean_y = (n - 1) / 2, sum(series) / n
    sxx = sum((x - mean_x) ** 2 for x in range(n))
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in enumerate(series))
    return Trend(months=n, slope_per_month=sxy / sxx, mean=mean_y)


# ---------------------------------------------------------------- suggested scores

# Every threshold the suggested scores use, in one place. Bands are checked from the
# top: the first whose lower bound the measure reaches gives the score. The bands follow
# the level descriptors of the 16-criterion matrix (scoring/matrices/csp-16.yaml), so a
# suggested 2 means what the scorer reads against a 2.
SCORE_RULES = {
    "proportion_of_total_demand": {
        "criterion": "Proportion of total demand (volume)",
        "measure": "share of all recorded crime and anti-social behaviour",
        "bands": [(0.20, 5), (0.10, 4), (0.05, 3), (0.01, 2), (0.001, 1), (0.0, 0)],
    },
    "performance_deteriorating": {
        "criterion": "Performance issue (deteriorating)",
        "measure": "change against the same months a year earlier",
        # Increases unlikely to be chance, by their size: slightly worse, worse, much worse.
        "bands": [(0.25, 5), (0.10, 4), (0.0, 3)],
        "within_normal_variation": 2,  # stable
        "small_decrease": 1,  # improving slightly: a fall unlikely to be chance, under 10%
        "large_decrease": 0,  # improving clearly: a fall unlikely to be chance, 10% or more
        "large_decrease_from": 0.10,
    },
    "risk_of_increase": {
        "criterion": "Risk of increase",
        "measure": "fitted trend over the most recent months",
        "months": 12,
        "minimum_months": 6,
        "bands": [(0.30, 5), (0.20, 4), (0.10, 3), (0.05, 2), (-0.05, 1)],
        "falling": 0,  # expected to fall: the trend falls by more than 5%
    },
}


@dataclass(frozen=True)
class SuggestedScore:
    criterion: str
    value: int | None  # None: not enough data to suggest anything
    evidence: str
    rule: str


def _band(bands: Sequence[tuple[float, int]], measure: float) -> int | None:
    for lower, score in bands:
        if measure >= lower:
            return score
    return None


def _describe_bands(bands: Sequence[tuple[float, int]]) -> str:
    return "; ".join(f"{score} from {lower:.1%}" for lower, score in bands)


def suggest_demand_score(*, category: str, count: int, total: int, months: str) -> SuggestedScore:
    rule = SCORE_RULES["proportion_of_total_demand"]
    rule_text = f"Score by {rule['measure']}: {_describe_bands(rule['bands'])}."
    if not total:
        return SuggestedScore(
            rule["criterion"], None, f"No recorded events in {months}.", rule_text
        )
    share = count / total
    value = _band(rule["bands"], share)
    evidence = (
        f"{category}: {count:,} of {total:,} recorded crimes and anti-social behaviour "
        f"incidents in {months} ({share:.1%})."
    )
    return SuggestedScore(rule["criterion"], value, evidence, rule_text)


def suggest_deterioration_score(*, category: str, change: Change, compared: str) -> SuggestedScore:
    rule = SCORE_RULES["performance_deteriorating"]
    rule_text = (
        f"Score by {rule['measure']}, Poisson conditional test at p < {SIGNIFICANCE_LEVEL:g}. "
        f"A change within normal variation scores {rule['within_normal_variation']}. An "
        f"increase unlikely to be chance scores by its size: {_describe_bands(rule['bands'])}. "
        f"A fall unlikely to be chance scores {rule['large_decrease']} from "
        f"{rule['large_decrease_from']:.0%}, else {rule['small_decrease']}."
    )
    percent = "" if change.percent is None else f" ({change.percent:+.1f}%)"
    evidence = (
        f"{category}: {change.current:,} against {change.baseline:,} in {compared}, "
        f"a change of {change.absolute:+,}{percent}; p = {change.p_value:.3f}, "
        f"{change.verdict.lower()}."
    )
    if change.current + change.baseline == 0:
        return SuggestedScore(
            rule["criterion"], None, f"{category}: none recorded in {compared}.", rule_text
        )
    if not change.significant:
        value = rule["within_normal_variation"]
    elif change.absolute > 0:
        growth = math.inf if change.baseline == 0 else change.absolute / change.baseline
        value = _band(rule["bands"], growth)
    else:
        fall = -change.absolute / change.baseline
        value = (
            rule["large_decrease"]
            if fall >= rule["large_decrease_from"]
            else rule["small_decrease"]
        )
    return SuggestedScore(rule["criterion"], value, evidence, rule_text)


def suggest_risk_of_increase_score(
    *, category: str, series: Sequence[int], months: str
) -> SuggestedScore:
    rule = SCORE_RULES["risk_of_increase"]
    rule_text = (
        f"Score by the {rule['measure']} (up to {rule['months']} consecutive months, at least "
        f"{rule['minimum_months']}), as the fitted change across them over the monthly "
        f"average: {_describe_bands(rule['bands'])}; a steeper fall scores {rule['falling']}."
    )
    recent = list(series)[-rule["months"] :]
    n = len(recent)
    if n < rule["minimum_months"]:
        return SuggestedScore(
            rule["criterion"],
            None,
            f"{category}: {n} consecutive month{'' if n == 1 else 's'} of data; the rule "
            f"needs {rule['minimum_months']}.",
            rule_text,
        )
    trend = linear_trend(recent)
    if trend is None or trend.change_over_window is None:
        # Nothing recorded: the trend has no average to be measured against, and a
        # category the data may simply not hold is not called unlikely to grow (as the
        # deterioration rule suggests nothing when none was recorded in either period).
        return SuggestedScore(
            rule["criterion"],
            None,
            f"{category}: none recorded in the {n} months {months}, so there is no trend to score.",
            rule_text,
        )
    change = trend.change_over_window
    value = _band(rule["bands"], change)
    if value is None:
        value = rule["falling"]
    evidence = (
        f"{category}: over {months} the fitted trend moves by {trend.slope_per_month:+.1f} a "
        f"month, {change:+.1%} of the monthly average of {trend.mean:.1f}."
    )
    return SuggestedScore(rule["criterion"], value, evidence, rule_text)
