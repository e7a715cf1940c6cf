"""How a partnership publishes small numbers: one rule for every public page and report.

Counts below the partnership's threshold (`Partnership.suppress_below`, 10 unless an
admin changes it) are shown as "fewer than N", so nobody can be picked out of a small
group. A threshold of 1 shows every count as it is.

Where counts add up to a total shown beside them (the answers to a single-choice
question and the people who took part; crime categories and "All crime"), hiding one
is not enough: it would be the total minus the others. `group_hidden` then hides one
more count, so the hidden ones can only be worked out together.
"""

from collections.abc import Sequence

DEFAULT_THRESHOLD = 10
LOWEST, HIGHEST = 1, 100
NOT_SHOWN = "not shown"


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


def group_hidden(counts: Sequence[int | None], threshold: int) -> list[bool]:
    """Which of a group of counts that adds up to a total shown with them must be left
    out (secondary suppression). Pass every part of the total, including any the page
    does not list (people who gave no answer), so the parts add up exactly.

    Each small count is hidden (`hidden`). If any is, the smallest count still shown
    that is not zero is hidden too (the first of equals), so the total minus the shown
    counts gives only the sum of two or more hidden ones, one of them at least the
    threshold. A zero stays shown: it picks out nobody, and hiding it would protect
    nothing, since the count hidden with it would still be the total minus the rest.
    If every count that is not zero is already hidden, there is nothing more to hide:
    the total is then the sum of two or more small counts.

    Counts that do not add up to a total (a question where each person may choose
    several answers counts some people more than once) need only `hidden`: no
    subtraction leaves one of them on its own.
    """
    hide = [hidden(count, threshold) for count in counts]
    if any(hide):
        shown = [(count, i) for i, count in enumerate(counts) if count and not hide[i]]
        if shown:
            hide[min(shown)[1]] = True
    return hide


def shown_group(counts: Sequence[int | None], threshold: int) -> list[str]:
    """A group of counts that adds up to a shown total, as the public may see them: a
    small count reads "fewer than N" and the count hidden with it "not shown"."""
    return [
        NOT_SHOWN if hide and not hidden(count, threshold) else shown_count(count, threshold)
        for count, hide in zip(counts, group_hidden(counts, threshold), strict=True)
    ]
