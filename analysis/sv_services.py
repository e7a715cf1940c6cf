"""Every write to the record of who took part in the serious violence work."""

from django.core.exceptions import ValidationError
from django.db import transaction

from csp_assessment.edits import refuse_if_record_changed, save_values
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


def _save(record: SvParticipation, values: dict, recorded_by: Membership | None):
    """Save the record: an authority is recorded once a year."""
    agency = values["agency"]
    clash = SvParticipation.objects.filter(year=record.year_id, agency=agency)
    if clash.exclude(pk=record.pk).exists():
        raise ValidationError(
            {
                "agency": f"{agency.name} is already recorded for year {record.year.number}: "
                "change that record."
            }
        )
    return save_values(record, {**values, "recorded_by": recorded_by})


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
    return _save(SvParticipation(year=year), values, recorded_by)


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
    return _save(record, values, recorded_by)
