"""Writes to KPIs: adding a KPI to an agreed priority and entering its figures."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from partnerships.models import Membership

from ..models import (
    KPI,
    KPIValue,
    Priority,
)


@transaction.atomic
def add_kpi(
    *,
    priority: Priority,
    name: str,
    baseline,
    target,
    direction: str,
    period: str = KPI.Period.QUARTER,
    unit: str = "",
) -> KPI:
    if priority.status != Priority.Status.AGREED:
        raise ValidationError(
            "KPIs belong to agreed priorities. The board has not agreed this one."
        )
    if baseline == target:
        raise ValidationError({"target": "The target must differ from the baseline."})
    kpi = KPI(
        priority=priority,
        name=name.strip(),
        baseline=baseline,
        target=target,
        direction=direction,
        period=period,
        unit=unit.strip(),
    )
    kpi.full_clean()
    kpi.save()
    return kpi


@transaction.atomic
def enter_kpi_value(
    *, kpi: KPI, period_ending: date, value, entered_by: Membership, note: str = ""
) -> KPIValue:
    if KPIValue.objects.filter(kpi=kpi, period_ending=period_ending).exists():
        raise ValidationError(
            {
                "period_ending": "There is already a figure for the period ending "
                f"{period_ending:%-d %B %Y}. Choose another date."
            }
        )
    row = KPIValue(
        kpi=kpi, period_ending=period_ending, value=value, note=note.strip(), entered_by=entered_by
    )
    row.full_clean()
    row.save()
    return row
