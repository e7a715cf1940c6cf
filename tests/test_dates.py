"""How dates are written in Python: one home, the day named in local time."""

from datetime import UTC, date, datetime

from csp_assessment.dates import clock, day, moment, month


def test_a_date_is_written_day_month_year():
    assert day(date(2026, 11, 23)) == "23 November 2026"


def test_a_moment_late_on_a_summer_evening_names_the_local_day():
    # 23:30 in UTC is 00:30 the next day in London during British Summer Time.
    late = datetime(2026, 6, 30, 23, 30, tzinfo=UTC)
    assert day(late) == "1 July 2026"
    assert moment(late) == "1 July 2026, 00:30"
    assert clock(late) == "00:30"


def test_a_winter_moment_is_the_same_in_london_and_utc():
    assert moment(datetime(2026, 12, 2, 9, 5, tzinfo=UTC)) == "2 December 2026, 09:05"


def test_no_date_is_written_as_nothing():
    assert day(None) == ""
    assert moment(None) == ""


def test_the_formats_hold_where_no_language_is_active():
    from django.utils import translation

    with translation.override(None):
        assert day(date(2026, 11, 23)) == "23 November 2026"
        assert month(date(2026, 11, 1)) == "November 2026"
        assert moment(datetime(2026, 12, 2, 9, 5, tzinfo=UTC)) == "2 December 2026, 09:05"
        assert clock(datetime(2026, 12, 2, 14, 5, tzinfo=UTC)) == "14:05"


def test_a_month_is_written_month_year():
    assert month(date(2026, 11, 23)) == "November 2026"
    assert month(None) == ""
