"""Every write to the record of who took part in the serious violence work."""

from django.core.exceptions import ValidationError
from django.db import transaction

from csp_assessment.edits import refuse_if_record_changed
from cycles.models import CycleYear
from partnerships.models import Agency, Membership

from . import sv_rules
from .sv_models import SvParticipation

LABELS = {
    "agency": "the authority",
    "authority": "the kind of authority",
    "contributions": "what it contributed",
    "note": "the note",
}


def _values(*, year: CycleYear, agency: Agency, authority: str, contributions, note: str) -> dict:
    if agency.partnership_id != year.cycle.partnership_id:
        raise ValidationError({"agency": "Choose one of this partnership's own agencies."})
    authority = authority or sv_rules.KIND_FOR_AGENCY_TYPE.get(agency.type, "")
    if not authority:
        raise ValidationError(
            {"authority": f"Say which kind of authority {agency.name} is: its type does not say."}
        )
    if authority not in sv_rules.KIND_LABELS:
        raise ValidationError({"authority": "Choose a kind of authority from the list."})
    order = [value for value, _ in sv_rules.CONTRIBUTIONS]
    unknown = set(contributions) - set(order)
    if unknown:
        raise ValidationError({"contributions": "Choose contributions from the list."})
    contributions = sorted(set(contributions), key=order.index)
    if not contributions:
        raise ValidationError(
            {"contributions": "Choose at least one thing the authority contributed."}
        )
    return {
        "agency": agency,
        "authority": authority,
        "contributions": contributions,
        "note": note.strip(),
    }


@transaction.atomic
def record_participation(
    *,
    year: CycleYear,
    agency: Agency,
    contributions: list[str],
    authority: str = "",
    note: str = "",
    recorded_by: Membership | None = None,
) -> SvParticipation:
    values = _values(
        year=year, agency=agency, authority=authority, contributions=contributions, note=note
    )
    if SvParticipation.objects.filter(year=year, agency=agency).exists():
        raise ValidationError(
            {"agency": f"{agency.name} is already recorded for year {year.number}: change it."}
        )
    record = SvParticipation(year=year, recorded_by=recorded_by, **values)
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def update_participation(
    *,
    record: SvParticipation,
    agency: Agency,
    contributions: list[str],
    authority: str = "",
    note: str = "",
    seen: str | None = None,
    recorded_by: Membership | None = None,
) -> SvParticipation:
    record = SvParticipation.objects.select_for_update().get(pk=record.pk)
    values = _values(
        year=record.year, agency=agency, authority=authority, contributions=contributions, note=note
    )
    refuse_if_record_changed(
        record,
        seen=seen,
        what="record",
        wanted=values,
        labels=LABELS,
    )
    clash = SvParticipation.objects.filter(year=record.year_id, agency=agency).exclude(pk=record.pk)
    if clash.exists():
        raise ValidationError(
            {"agency": f"{agency.name} is already recorded for this year: change that record."}
        )
    for name, value in values.items():
        setattr(record, name, value)
    record.recorded_by = recorded_by
    record.full_clean()
    record.save()
    return record
