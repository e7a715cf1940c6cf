"""Pure rules for the six-month review and the watchlist of non-priorities: which
months of police data are compared with which, and when a change is a key change (a
change the Poisson test marks, or a rank that moves `rules.RANK_MOVE_PLACES` places or
more). No ORM, no request."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from analysis import rules as analysis_rules

from .rules import RANK_MOVE_PLACES

DATA = "data"
RANK = "rank"


@dataclass(frozen=True)
class DataComparison(analysis_rules.PairedMonths):
    """The latest months of police data paired with the same months a year earlier,
    which fall inside the assessment's own 12 months. `pairs` is empty when there is
    nothing to compare; `note` then says why."""

    data_to: date
    pairs: tuple[tuple[date, date], ...]
    note: str = ""

    @property
    def description(self) -> str:
        if not self.pairs:
            return self.note
        return (
            f"{analysis_rules.describe_months(self.current_months)} compared with "
            f"{analysis_rules.describe_months(self.baseline_months)}"
        )


def compare_since(available: Iterable[date], data_to: date) -> DataComparison:
    """The months with data after `data_to` (the last month the assessment used), up
    to twelve, each paired with the month a year before it. Comparing like months
    keeps the seasons out of the change, and every baseline month lies in the 12
    months that end with `data_to`: the assessment period."""
    data_to = analysis_rules.month_start(data_to)
    available = sorted({analysis_rules.month_start(m) for m in available})
    later = [m for m in available if m > data_to]
    if not later:
        return DataComparison(
            data_to,
            (),
            f"No police data after {analysis_rules.month_label(data_to)} yet, so nothing "
            "to compare with the assessment.",
        )
    first = analysis_rules.add_months(data_to, 1)
    length = min(12, len(analysis_rules.months_between(first, later[-1])))
    periods = analysis_rules.choose_periods(available, end=later[-1], length=length)
    pairs = periods.year_earlier.pairs
    if not pairs:
        return DataComparison(
            data_to,
            (),
            "The months since the assessment have no month a year earlier to compare with.",
        )
    return DataComparison(data_to, pairs)


@dataclass(frozen=True)
class Flag:
    """Why an issue on the watchlist is a key change, in words the analyst reads."""

    kind: str  # DATA or RANK
    reason: str


def data_flag(change: analysis_rules.Change, *, label: str, compared: str) -> Flag | None:
    """A flag when the Poisson test marks the change as unlikely to be chance."""
    if not change.significant:
        return None
    direction = "rose" if change.absolute > 0 else "fell"
    percent = f" ({change.percent:+.0f}%)" if change.percent is not None else ""
    return Flag(
        DATA,
        f"{label} {direction} from {change.baseline} to {change.current}{percent}, "
        f"{compared}. The Poisson test marks this as unlikely to be chance "
        f"(p = {change.p_value:.3f}).",
    )


def rank_flag(
    *, before: int, after: int, compared: str, places: int = RANK_MOVE_PLACES
) -> Flag | None:
    """A flag when the rank moved `places` or more between two scoring rounds. Rank 1
    is the highest; a rise is a smaller number."""
    if places < 1:
        raise ValueError("The distance must be at least one place.")
    if before < 1 or after < 1:
        raise ValueError("A rank is a whole number from 1.")
    moved = before - after
    if abs(moved) < places:
        return None
    direction = "Rose" if moved > 0 else "Fell"
    return Flag(
        RANK,
        f"{direction} {abs(moved)} places in the ranking, from {before} to {after}, "
        f"since {compared}.",
    )
