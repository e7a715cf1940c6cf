"""How the product writes a date in Python, as the templates' ``|date`` draws it:
23 November 2026, a moment as 23 November 2026, 14:05, in local time, its time of day
as 14:05, and a month as November 2026. Tables, messages, notices, history, charts'
text and the report's filled sections all call these, so a moment near midnight names
the same day everywhere."""

from datetime import date, datetime

from django.utils import timezone
from django.utils.formats import date_format, time_format

# The names of the formats in csp_assessment/formats/en_GB/formats.py, the one place
# the product's date formats are written. In a template a day is a plain |date, a
# moment |date:"DATETIME_FORMAT" and a month |date:"YEAR_MONTH_FORMAT".
DAY = "DATE_FORMAT"
MOMENT = "DATETIME_FORMAT"
MONTH = "YEAR_MONTH_FORMAT"
CLOCK = "TIME_FORMAT"


def _local(value: datetime) -> datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


def _written(value: date | datetime | None, name: str) -> str:
    """A date, or a moment's local date, in the named format; nothing for no date."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = _local(value)
    return date_format(value, name)


def day(value: date | datetime | None) -> str:
    """A date, or a moment's local date: 23 November 2026. Nothing for no date."""
    return _written(value, DAY)


def month(value: date | datetime | None) -> str:
    """A month: November 2026. Nothing for no date."""
    return _written(value, MONTH)


def clock(value: datetime) -> str:
    """A moment's local time of day: 14:05."""
    return time_format(_local(value), CLOCK)


def moment(value: datetime | None) -> str:
    """A moment in local time: 23 November 2026, 14:05. Nothing for no moment."""
    if value is None:
        return ""
    return date_format(_local(value), MOMENT)
