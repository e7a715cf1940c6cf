"""Months as uploads and removals store them ("2016-11"), written as the rest of the
product writes a month: November 2016."""

from django import template

from analysis import rules

register = template.Library()


@register.filter
def months_written(months) -> str:
    return rules.stored_months_written(months or [])
