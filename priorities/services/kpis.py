"""Writes to KPIs: adding a KPI to an agreed priority, entering its figures, and
putting either right afterwards.

The rule for every write here, adding or correcting: KPIs belong to agreed priorities.
While the priority is agreed (and so in force, including after the board retires it
from a later year: `ended_in` does not change its status), its lead and those who
manage the cycle may add, change and remove its KPIs and figures. A priority that is
not agreed takes no change to its KPIs.

A correction keeps the rules of the first entry: a KPI's target differs from its
baseline, on the side its direction calls better, and a KPI has one figure per period.
A KPI is removed only while it has no figures, so no figure is lost with it. The
history keeps every change and removal.
"""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from csp_assessment.dates import day
from csp_assessment.edits import last_saved_by, refuse_if_record_changed, save_values
from partnerships.models import Membership

from ..models import (
    KPI,
    KPIValue,
    Priority,
)
from ..selectors import kpi_figure

# What a KPI's and a figure's history tables name, and what an edit clash lists.
KPI_FIELDS = {
    "name": "Name",
    "unit": "Unit",
    "baseline": "Baseline",
    "target": "Target",
    "direction": "Direction",
    "period": "Period",
}
FIGURE_FIELDS = {"period_ending": "Period ending", "value": "Figure", "note": "Note"}


def _check_agreed(priority: Priority) -> None:
    if priority.status != Priority.Status.AGREED:
        raise ValidationError(
            "KPIs belong to agreed priorities. The board has not agreed this one."
        )


def _check_target(baseline, target, direction: str) -> None:
    """The target differs from the baseline, on the side the direction calls better: a
    target above the baseline of a KPI where lower is better would count a rise as
    success."""
    baseline, target = Decimal(str(baseline)), Decimal(str(target))
    if baseline == target:
        raise ValidationError({"target": "The target must differ from the baseline."})
    if direction not in KPI.Direction.values:
        return  # full_clean names a direction that is not one of the choices
    lower = direction == KPI.Direction.DOWN
    if (target > baseline) if lower else (target < baseline):
        raise ValidationError(
            {
                "target": f"{KPI.Direction(direction).label}, so the target must be "
                f"{'below' if lower else 'above'} the baseline of {kpi_figure(baseline)}."
            }
        )


def _check_one_per_period(kpi: KPI, period_ending: date, *, besides: KPIValue | None = None):
    others = KPIValue.objects.filter(kpi=kpi, period_ending=period_ending)
    if besides is not None:
        others = others.exclude(pk=besides.pk)
    if others.exists():
        raise ValidationError(
            {
                "period_ending": "There is already a figure for the period ending "
                f"{day(period_ending)}. Choose another date."
            }
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
    _check_agreed(priority)
    _check_target(baseline, target, direction)
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
def change_kpi(
    *,
    kpi: KPI,
    name: str,
    baseline,
    target,
    direction: str,
    period: str,
    unit: str = "",
    seen: str | None = None,
) -> KPI:
    """Correct a KPI's name, unit, baseline, target, direction or period. With `seen`,
    a change saved by someone else since the form was opened is refused."""
    current = KPI.objects.select_for_update().select_related("priority").get(pk=kpi.pk)
    _check_agreed(current.priority)
    wanted = {
        "name": name.strip(),
        "unit": unit.strip(),
        "baseline": baseline,
        "target": target,
        "direction": direction,
        "period": period,
    }
    refuse_if_record_changed(
        current,
        seen=seen,
        what="KPI",
        wanted=wanted,
        labels=KPI_FIELDS,
        saved_by=last_saved_by(current),
    )
    _check_target(baseline, target, direction)
    return save_values(current, wanted)


def check_kpi_removable(*, kpi: KPI) -> bool:
    """True if the KPI may be removed; a ValidationError saying why not otherwise."""
    _check_agreed(kpi.priority)
    count = kpi.values.count()
    if count:
        figures = "one figure" if count == 1 else f"{count} figures"
        raise ValidationError(
            f"{kpi.name} has {figures}, so it cannot be removed. "
            "Remove its figures first if the KPI was added in error."
        )
    return True


@transaction.atomic
def remove_kpi(*, kpi: KPI) -> None:
    """Remove a KPI added in error. Refused while it has figures."""
    current = KPI.objects.select_for_update().select_related("priority").get(pk=kpi.pk)
    check_kpi_removable(kpi=current)
    current.delete()


@transaction.atomic
def enter_kpi_value(
    *, kpi: KPI, period_ending: date, value, entered_by: Membership, note: str = ""
) -> KPIValue:
    # Locked first, so a second save of the same figure (a double click) waits for the
    # first and is told the period has a figure, rather than failing on the constraint.
    kpi = KPI.objects.select_for_update(of=("self",)).select_related("priority").get(pk=kpi.pk)
    _check_agreed(kpi.priority)
    _check_one_per_period(kpi, period_ending)
    row = KPIValue(
        kpi=kpi, period_ending=period_ending, value=value, note=note.strip(), entered_by=entered_by
    )
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def correct_kpi_value(
    *, figure: KPIValue, period_ending: date, value, note: str = "", seen: str | None = None
) -> KPIValue:
    """Correct a figure's period ending, value or note. Still one figure per period.
    With `seen`, a correction saved by someone else since the form was opened is
    refused."""
    KPI.objects.select_for_update().get(pk=figure.kpi_id)  # first, as in enter_kpi_value
    current = KPIValue.objects.select_for_update().select_related("kpi__priority").get(pk=figure.pk)
    _check_agreed(current.kpi.priority)
    wanted = {"period_ending": period_ending, "value": value, "note": note.strip()}
    refuse_if_record_changed(
        current,
        seen=seen,
        what="figure",
        wanted=wanted,
        labels=FIGURE_FIELDS,
        saved_by=last_saved_by(current),
    )
    _check_one_per_period(current.kpi, period_ending, besides=current)
    return save_values(current, wanted)


@transaction.atomic
def remove_kpi_value(*, figure: KPIValue) -> None:
    """Remove a figure entered in error. Its history keeps the record."""
    current = KPIValue.objects.select_for_update().select_related("kpi__priority").get(pk=figure.pk)
    _check_agreed(current.kpi.priority)
    current.delete()
