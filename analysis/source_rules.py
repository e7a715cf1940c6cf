"""When a data source is due and whether it is overdue, and when an agreement needs
its review. Pure: dates in, answers out.

The regulations set the interval: the information for one period is to be shared by
the end of the period after it (SI 2007/1831 reg. 3(1), with three-month periods under
reg. 1(2)). So a quarterly source that last delivered July to September is next due,
for October to December, by the end of March. A source never received is due from the
day it was added to the register: the partnership has said it expects the data.
"""

import calendar
from dataclasses import dataclass
from datetime import date

from csp_assessment.dates import day

# An agreement shows on the dashboard from this many days before its review date.
REVIEW_NOTICE_DAYS = 30
# A review date is set at most this many years ahead: an agreement is to be reviewed
# regularly, and a date further off is a typing slip, not a plan.
REVIEW_MAX_YEARS = 5


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


# The months a date can hold (January of year 1 to December of 9999), counted as
# year * 12 + month - 1.
FIRST_MONTH, LAST_MONTH = 1 * 12, 9999 * 12 + 11


def add_months(day: date, months: int) -> date:
    """The last day of the month `months` after `day`'s month, held within the years a
    date can hold: a far date already stored gives the first or last day there is, never
    an error on the page that reads it."""
    index = min(max(day.year * 12 + day.month - 1 + months, FIRST_MONTH), LAST_MONTH)
    return month_end(index // 12, index % 12 + 1)


def next_due(*, period_end: date | None, frequency: int, created_on: date) -> date:
    """The date by which the next period's data should have arrived."""
    if period_end is None:
        return created_on
    # The next period ends one interval after this one; it is due one interval later.
    return add_months(period_end, 2 * frequency)


@dataclass(frozen=True)
class SourceState:
    received: bool
    due_on: date
    overdue: bool

    @property
    def in_date(self) -> bool:
        """Received, and nothing newer is overdue: what a report may count as evidence."""
        return self.received and not self.overdue


def source_state(
    *, period_end: date | None, frequency: int, created_on: date, today: date
) -> SourceState:
    due = next_due(period_end=period_end, frequency=frequency, created_on=created_on)
    return SourceState(received=period_end is not None, due_on=due, overdue=due < today)


def review_reminder_from(review_on: date) -> date:
    return date.fromordinal(max(review_on.toordinal() - REVIEW_NOTICE_DAYS, 1))


def review_due(*, review_on: date | None, today: date) -> bool:
    """Whether the agreement's review is close enough (or past) to remind about."""
    return review_on is not None and today >= review_reminder_from(review_on)


def latest_review(today: date) -> date:
    """The furthest review date an agreement may be given today."""
    year = today.year + REVIEW_MAX_YEARS
    return date(year, today.month, min(today.day, month_end(year, today.month).day))


def review_problem(
    *, review_on: date | None, signed_on: date | None, today: date, stored: date | None = None
) -> str:
    """Why an agreement's review date cannot be right, or "" if it can. `stored` is the
    date the agreement already has: kept as it is, a date now past is no new mistake
    (the review is overdue, and the pages say so)."""
    if review_on is None:
        return ""
    if signed_on and review_on < signed_on:
        return "The review date must be after the date signed."
    if review_on == stored:
        return ""
    if review_on < today:
        return "The review date cannot be in the past."
    latest = latest_review(today)
    if review_on > latest:
        when = day(latest)
        return (
            f"The review date must be within {REVIEW_MAX_YEARS} years from today, "
            f"by {when} at the latest."
        )
    return ""


def period_problem(*, period_start: date, period_end: date, received_on: date) -> str:
    """Why a receipt's dates cannot be right, or "" if they can."""
    if period_end < period_start:
        return "The period must end on or after the day it starts."
    if received_on < period_start:
        return "The data cannot have been received before the period it covers began."
    if period_end > received_on:
        return "The period cannot end after the day the data was received."
    return ""
