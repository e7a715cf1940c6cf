"""Pure rules of the cycle app: no ORM, no request, tested without a database."""

import calendar
from collections import Counter
from collections.abc import Iterable
from datetime import date

# The themes a strategic assessment is usually written by (seed 002 recommends
# victim / offender / location themes rather than crime-type chapters).
DEFAULT_THEMES = ("Victims", "Offenders", "Locations")


def tidy_theme(text: str) -> str:
    """A theme's name as stored: surrounding and repeated whitespace removed."""
    return " ".join(text.split())


def theme_key(text: str) -> str:
    """What makes two theme names the same theme: case and whitespace do not count."""
    return tidy_theme(text).casefold()


def map_themes(written: Iterable[str], known: Iterable[str] = DEFAULT_THEMES) -> dict[str, str]:
    """Map each free-text theme as written to the theme it becomes.

    A value matching a known theme (ignoring case and whitespace) becomes that theme.
    Other values that match each other become one new theme, named as most of them
    were written (ties go to the first in alphabetical order). Anything else, a typo
    included, stays a theme of its own, so it can be seen and merged. Blank values
    are left out: an issue without a theme keeps none.
    """
    written = [value for value in written if tidy_theme(value)]
    names = {theme_key(name): name for name in known}
    spellings: dict[str, Counter] = {}
    for value in written:
        key = theme_key(value)
        if key not in names:
            spellings.setdefault(key, Counter())[tidy_theme(value)] += 1
    for key, counts in spellings.items():
        names[key] = min(counts, key=lambda spelling: (-counts[spelling], spelling))
    return {value: names[theme_key(value)] for value in written}


def activity_due_window(
    year_starts_on: date, year_ends_on: date, stage_starts_on: date, stage_ends_on: date
) -> tuple[date, date]:
    """The first and last dates an activity of a stage may be due on: while its year or
    its stage runs, whichever starts first and ends last (a stage may run past its
    year's end, as reports often do). A date outside is almost always a slip of the
    keyboard: 2062 for 2026, or last year's date copied forward."""
    return min(year_starts_on, stage_starts_on), max(year_ends_on, stage_ends_on)


# How long after its year's end a stage may run: reports are often finished and taken
# to the board in the months after 31 March, rarely later than the autumn.
STAGE_OVERRUN_MONTHS = 6


def latest_stage_end(year_ends_on: date) -> date:
    """The last day a stage of a year ending on `year_ends_on` may end on: six months
    after, or the month's last day when it is shorter (31 March gives 30 September)."""
    months = year_ends_on.month - 1 + STAGE_OVERRUN_MONTHS
    year, month = year_ends_on.year + months // 12, months % 12 + 1
    return date(year, month, min(year_ends_on.day, calendar.monthrange(year, month)[1]))


def year_has_ended(ends_on: date, today: date) -> bool:
    """A year whose last day is past. Nothing new is asked for or added in it: no
    rationale request, no new survey or its publishing, no new scoring round, no new
    issue on its long list.
    Its assessment is done, so nothing new would be read."""
    return ends_on < today
