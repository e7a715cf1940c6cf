"""How a partnership publishes small numbers: one rule for every public page and report.

Counts below the partnership's threshold (`Partnership.suppress_below`, 10 unless an
admin changes it) are shown as "fewer than N", so nobody can be picked out of a small
group. A threshold of 1 shows every count as it is.
"""

DEFAULT_THRESHOLD = 10
LOWEST, HIGHEST = 1, 100


def shown_count(count: int | None, threshold: int) -> str:
    """A count as the public may see it: exact at or above the threshold (or zero),
    otherwise "fewer than N"."""
    if count is None:
        return "no data"
    if threshold > 1 and 0 < count < threshold:
        return f"fewer than {threshold}"
    return f"{count:,}"


def hidden(count: int | None, threshold: int) -> bool:
    """True where a public chart or table should leave the count out altogether."""
    return count is not None and threshold > 1 and 0 < count < threshold
