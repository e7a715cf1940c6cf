"""When a register source is due, overdue and in date; when an agreement needs its
review. No database."""

from datetime import date

import pytest

from analysis import source_rules

ADDED = date(2026, 1, 10)


def test_a_quarter_is_due_by_the_end_of_the_quarter_after_the_next():
    # July to September delivered: October to December is due by the end of March.
    due = source_rules.next_due(period_end=date(2026, 9, 30), frequency=3, created_on=ADDED)
    assert due == date(2027, 3, 31)


@pytest.mark.parametrize(
    "period_end,frequency,due",
    [
        (date(2026, 10, 31), 1, date(2026, 12, 31)),
        (date(2026, 6, 30), 6, date(2027, 6, 30)),
        (date(2025, 12, 31), 12, date(2027, 12, 31)),
        (date(2026, 11, 30), 3, date(2027, 5, 31)),
    ],
)
def test_each_frequency_gives_its_own_due_date(period_end, frequency, due):
    assert (
        source_rules.next_due(period_end=period_end, frequency=frequency, created_on=ADDED) == due
    )


def test_a_source_never_received_is_due_from_the_day_it_was_added():
    state = source_rules.source_state(
        period_end=None, frequency=3, created_on=ADDED, today=date(2026, 1, 11)
    )
    assert not state.received and state.overdue and not state.in_date
    same_day = source_rules.source_state(
        period_end=None, frequency=3, created_on=ADDED, today=ADDED
    )
    assert not same_day.overdue and not same_day.in_date


def test_a_received_source_is_in_date_until_its_due_day_passes():
    end = date(2026, 9, 30)
    on_the_day = source_rules.source_state(
        period_end=end, frequency=3, created_on=ADDED, today=date(2027, 3, 31)
    )
    assert on_the_day.in_date and not on_the_day.overdue
    after = source_rules.source_state(
        period_end=end, frequency=3, created_on=ADDED, today=date(2027, 4, 1)
    )
    assert after.overdue and not after.in_date


def test_the_review_reminder_starts_thirty_days_before():
    review = date(2026, 12, 31)
    assert not source_rules.review_due(review_on=review, today=date(2026, 11, 30))
    assert source_rules.review_due(review_on=review, today=date(2026, 12, 1))
    assert source_rules.review_due(review_on=review, today=date(2027, 2, 1))
    assert not source_rules.review_due(review_on=None, today=date(2027, 2, 1))


def test_a_review_date_is_between_today_and_five_years_ahead():
    today, signed = date(2026, 12, 1), date(2026, 4, 1)

    def problem(review_on, **kwargs):
        kwargs = {"signed_on": signed, "today": today, **kwargs}
        return source_rules.review_problem(review_on=review_on, **kwargs)

    assert problem(None) == problem(today) == problem(date(2031, 12, 1)) == ""
    assert problem(date(1, 1, 1)) == "The review date must be after the date signed."
    assert problem(date(1, 1, 1), signed_on=None) == "The review date cannot be in the past."
    assert problem(date(2026, 11, 30)) == "The review date cannot be in the past."
    assert problem(date(2026, 11, 30), stored=date(2026, 11, 30)) == ""  # kept: overdue
    assert problem(date(2031, 12, 2)) == (
        "The review date must be within 5 years from today, by 1 December 2031 at the latest."
    )
    assert "by 28 February 2033" in problem(date(9999, 12, 31), today=date(2028, 2, 29))


def test_impossible_periods_are_refused_with_a_reason():
    assert "on or after" in source_rules.period_problem(
        period_start=date(2026, 9, 30), period_end=date(2026, 7, 1), received_on=date(2026, 10, 5)
    )
    assert "before the period" in source_rules.period_problem(
        period_start=date(2026, 7, 1), period_end=date(2026, 9, 30), received_on=date(2026, 6, 1)
    )
    assert "cannot end after the day" in source_rules.period_problem(
        period_start=date(2025, 10, 1), period_end=date(9999, 12, 31), received_on=date(2026, 1, 10)
    )
    assert not source_rules.period_problem(
        period_start=date(2026, 7, 1), period_end=date(2026, 9, 30), received_on=date(2026, 10, 5)
    )
    assert not source_rules.period_problem(
        period_start=date(2026, 7, 1), period_end=date(2026, 9, 30), received_on=date(2026, 9, 30)
    )


def test_dates_at_the_ends_of_the_calendar_give_a_date_not_an_error():
    last, first = date(9999, 12, 31), date(1, 1, 1)
    assert source_rules.next_due(period_end=last, frequency=12, created_on=ADDED) == last
    assert source_rules.add_months(first, -3) == date(1, 1, 31)
    assert source_rules.review_reminder_from(first) == first
    assert not source_rules.source_state(
        period_end=last, frequency=3, created_on=ADDED, today=date(2026, 1, 11)
    ).overdue
