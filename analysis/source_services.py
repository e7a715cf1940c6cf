"""Every write to the data sources register and the information-sharing agreements."""

from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from csp_assessment import stored_files
from csp_assessment.edits import refuse_if_record_changed, save_values
from partnerships.models import Agency, Membership, Partnership
from partnerships.services import check_still_here

from . import source_rules
from .models import Dataset
from .source_models import DataSource, SharingAgreement, SourceReceipt

SOURCE_LABELS = {
    "name": "the name",
    "agency": "who provides it",
    "owner": "the owner",
    "agreement": "the agreement",
    "dataset": "the imported dataset",
    "themes": "what it covers",
    "prescribed": "whether it is prescribed",
    "frequency": "how often it is due",
    "reliability": "the reliability",
    "reliability_note": "the note on reliability",
}
AGREEMENT_LABELS = {
    "title": "the title",
    "purpose": "the purpose",
    "lawful_basis": "the lawful basis",
    "gateway": "the legal gateway",
    "basis_note": "the note on the lawful basis",
    "signed_on": "the date signed",
    "review_on": "the review date",
    "status": "the status",
}


def _belongs(partnership: Partnership, **rows) -> None:
    wrong = {
        field: "Choose one of this partnership's own."
        for field, row in rows.items()
        if row is not None and row.partnership_id != partnership.pk
    }
    if wrong:
        raise ValidationError(wrong)


def _source_values(**values) -> dict:
    values["name"] = values["name"].strip()
    values["reliability_note"] = values.get("reliability_note", "").strip()
    values["themes"] = sorted(set(values["themes"]), key=list(DataSource.Theme.values).index)
    if not values["themes"]:
        raise ValidationError({"themes": "Choose at least one thing the source covers."})
    return values


def _refuse_same_name(record, field: str, value: str, message: str) -> None:
    """Refuse giving `record` a `field` that another row of its partnership has,
    ignoring case (the register's names, the agreements' titles); `message` names it."""
    clash = type(record).objects.filter(
        partnership=record.partnership_id, **{f"{field}__iexact": value}
    )
    if clash.exclude(pk=record.pk).exists():
        raise ValidationError({field: message.format(value)})


def _save_source(source: DataSource, values: dict) -> DataSource:
    message = "The register already has a source called {}."
    _refuse_same_name(source, "name", values["name"], message)
    return save_values(source, values)


@transaction.atomic
def add_source(
    *,
    partnership: Partnership,
    name: str,
    agency: Agency,
    themes: list[str],
    owner: Membership | None = None,
    agreement: SharingAgreement | None = None,
    dataset: Dataset | None = None,
    prescribed: bool = False,
    frequency: int = DataSource.Frequency.QUARTERLY,
    reliability: str = DataSource.Reliability.FAIR,
    reliability_note: str = "",
) -> DataSource:
    _belongs(partnership, agency=agency, owner=owner, agreement=agreement, dataset=dataset)
    check_still_here(owner, field="owner")
    values = _source_values(
        name=name,
        agency=agency,
        owner=owner,
        agreement=agreement,
        dataset=dataset,
        themes=themes,
        prescribed=prescribed,
        frequency=frequency,
        reliability=reliability,
        reliability_note=reliability_note,
    )
    return _save_source(DataSource(partnership=partnership), values)


@transaction.atomic
def update_source(*, source: DataSource, seen: str | None = None, **fields) -> DataSource:
    """Save the register entry. With `seen`, a save by someone else since the form was
    opened is refused with what differs, never overwritten."""
    current = DataSource.objects.select_for_update().get(pk=source.pk)
    _belongs(
        current.partnership,
        **{k: fields.get(k) for k in ("agency", "owner", "agreement", "dataset")},
    )
    check_still_here(fields.get("owner"), field="owner", now=current.owner_id)
    values = _source_values(**fields)
    refuse_if_record_changed(
        current,
        seen=seen,
        what="data source",
        wanted=values,
        labels=SOURCE_LABELS,
    )
    return _save_source(current, values)


@transaction.atomic
def record_receipt(
    *,
    source: DataSource,
    received_on: date,
    period_start: date,
    period_end: date,
    note: str = "",
    recorded_by: Membership | None = None,
    today: date | None = None,
) -> SourceReceipt:
    """Note a delivery. The source's latest period moves on only if this one is newer:
    a late copy of an older quarter is kept without making the source look current."""
    problem = source_rules.period_problem(
        period_start=period_start, period_end=period_end, received_on=received_on
    )
    if problem:
        raise ValidationError({"period_end": problem})
    if today is not None and received_on > today:
        raise ValidationError({"received_on": "The date received cannot be in the future."})
    current = DataSource.objects.select_for_update().get(pk=source.pk)
    receipt = SourceReceipt.objects.create(
        source=current,
        received_on=received_on,
        period_start=period_start,
        period_end=period_end,
        note=note.strip(),
        recorded_by=recorded_by,
    )
    if current.period_end is None or period_end >= current.period_end:
        current.last_received_on = received_on
        current.period_start, current.period_end = period_start, period_end
        current.save()
    return receipt


def _agreement_values(
    *,
    today: date | None = None,
    stored_review: date | None = None,
    stored_signed: date | None = None,
    **values,
) -> dict:
    """The agreement's fields cleaned and checked against `today` (the day the change
    is made; the demo passes the day its story is told on)."""
    today = today or timezone.localdate()
    values["title"] = values["title"].strip()
    values["purpose"] = values["purpose"].strip()
    values["basis_note"] = values.get("basis_note", "").strip()
    status, signed_on = values["status"], values["signed_on"]
    if status == SharingAgreement.Status.SIGNED and signed_on is None:
        raise ValidationError({"signed_on": "Give the date it was signed, or mark it a draft."})
    if signed_on and signed_on > today and signed_on != stored_signed:
        raise ValidationError({"signed_on": "The date signed cannot be in the future."})
    problem = source_rules.review_problem(
        review_on=values["review_on"],
        signed_on=signed_on,
        today=today,
        stored=stored_review,
    )
    if problem:
        raise ValidationError({"review_on": problem})
    return values


def _parties(partnership: Partnership, parties) -> list[Agency]:
    parties = list(parties)
    if any(p.partnership_id != partnership.pk for p in parties):
        raise ValidationError({"parties": "Choose agencies of this partnership."})
    if len(parties) < 2:
        raise ValidationError({"parties": "An agreement needs at least two parties."})
    return parties


def _save_agreement(
    agreement: SharingAgreement, values: dict, *, parties, document, written: list[Path]
) -> SharingAgreement:
    """Save the agreement with its parties and any new signed document, inside the
    caller's `kept_only_if_committed` block: the save stores the document, and `written`
    has it removed again if the change is not committed."""
    message = "There is already an agreement called {}."
    _refuse_same_name(agreement, "title", values["title"], message)
    save_values(agreement, {**values, "document": document} if document else values)
    if document:
        written.append(Path(agreement.document.path))
    agreement.parties.set(parties)
    return agreement


def add_agreement(
    *,
    partnership: Partnership,
    title: str,
    parties,
    purpose: str,
    lawful_basis: str,
    gateway: str = SharingAgreement.Gateway.DUTY_17A,
    basis_note: str = "",
    signed_on: date | None = None,
    review_on: date | None = None,
    status: str = SharingAgreement.Status.DRAFT,
    document=None,
    today: date | None = None,
) -> SharingAgreement:
    with stored_files.kept_only_if_committed() as written:
        parties = _parties(partnership, parties)
        values = _agreement_values(
            today=today,
            title=title,
            purpose=purpose,
            lawful_basis=lawful_basis,
            gateway=gateway,
            basis_note=basis_note,
            signed_on=signed_on,
            review_on=review_on,
            status=status,
        )
        return _save_agreement(
            SharingAgreement(partnership=partnership),
            values,
            parties=parties,
            document=document,
            written=written,
        )


def update_agreement(
    *, agreement: SharingAgreement, parties, document=None, seen: str | None = None, **fields
) -> SharingAgreement:
    with stored_files.kept_only_if_committed() as written:
        current = SharingAgreement.objects.select_for_update().get(pk=agreement.pk)
        parties = _parties(current.partnership, parties)
        values = _agreement_values(
            stored_review=current.review_on, stored_signed=current.signed_on, **fields
        )
        refuse_if_record_changed(
            current,
            seen=seen,
            what="agreement",
            wanted=values,
            labels=AGREEMENT_LABELS,
        )
        return _save_agreement(current, values, parties=parties, document=document, written=written)
