"""A length of time in words, for pages that say how long to wait."""

from datetime import timedelta

from django import template

from csp_assessment.text import and_list

register = template.Library()


def _count(number: int, unit: str) -> str:
    return f"{number} {unit}" if number == 1 else f"{number} {unit}s"


@register.filter
def in_words(length: timedelta | None) -> str:
    """timedelta(minutes=90) -> "1 hour and 30 minutes"; whole minutes, at least one."""
    if length is None:
        return ""
    minutes = max(1, round(length.total_seconds() / 60))
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    parts = [
        _count(number, unit)
        for number, unit in ((days, "day"), (hours, "hour"), (minutes, "minute"))
        if number
    ]
    return and_list(parts)
