"""Writes for rationale documents: requests to theme specialists, drafts, submission,
review and the files attached to them."""

import uuid
from datetime import date, datetime
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from csp_assessment import stored_files
from csp_assessment.text import file_name
from cycles.models import CycleYear, Issue
from cycles.services import theme_name
from partnerships.models import Membership
from partnerships.services import check_still_here

from .. import notices, permissions, rules
from ..models import RationaleAttachment, RationaleDocument
from .history import stamp

MAX_ATTACHMENTS = 10
REQUIRED_SECTIONS = [name for name, _, _ in RationaleDocument.SECTIONS if name != "data_sources"]


def _same_partnership(membership: Membership | None, year: CycleYear, field: str) -> None:
    if membership is not None and membership.partnership_id != year.cycle.partnership_id:
        raise ValidationError({field: "Choose a member of this partnership."})


@transaction.atomic
def request_rationale(
    *,
    year: CycleYear,
    specialist: Membership,
    requested_by: Membership,
    due_on: date,
    message: str = "",
    issue: Issue | None = None,
    theme: str = "",
    now: datetime | None = None,
    today: date | None = None,
) -> RationaleDocument:
    """Ask a theme specialist for a rationale document on one issue or one theme. Given
    `today` (every page passes it), the year must not have ended by then. Callers that
    build a past year on purpose (the demo, tests of a fixed year) pass none, so they
    do not depend on the day they run."""
    if today is not None and rules.year_has_ended(year.ends_on, today):
        raise ValidationError(rules.ended_year_refusal(year.label, "a rationale request"))
    _same_partnership(specialist, year, "specialist")
    check_still_here(specialist, field="specialist")
    if not permissions.can_write_rationales(specialist):
        raise ValidationError(
            {"specialist": "Rationale documents are written by theme specialists."}
        )
    if issue is not None and issue.year_id != year.pk:
        raise ValidationError({"issue": "Choose an issue on this year's long list."})
    theme = theme.strip()
    if issue is None and not theme:
        raise ValidationError({"issue": "Choose an issue, or a theme."})
    if issue is not None and theme:
        raise ValidationError({"theme": "Choose an issue or a theme, not both."})
    theme = theme_name(year=year, theme=theme)
    duplicate = RationaleDocument.objects.filter(year=year, specialist=specialist).exclude(
        state=RationaleDocument.State.ACCEPTED
    )
    duplicate = duplicate.filter(issue=issue) if issue else duplicate.filter(theme__iexact=theme)
    if duplicate.exists():
        raise ValidationError(
            f"{specialist.display_name} already has an open request for this. "
            "Change its due date instead."
        )
    document = RationaleDocument(
        year=year,
        issue=issue,
        theme=theme,
        specialist=specialist,
        requested_by=requested_by,
        due_on=due_on,
        message=message,
    )
    document.full_clean()
    stamp(document, by=requested_by, note=message, now=now)
    document.save()
    return document


def _move(document: RationaleDocument, *, action: str, by: Membership, comment: str, now) -> None:
    try:
        to_state = rules.next_rationale_state(document.state, action)
    except rules.NotAllowed as error:
        raise ValidationError(str(error)) from None
    stamp(document, by=by, note=comment, now=now)
    document.state = to_state


def _locked(document: RationaleDocument) -> RationaleDocument:
    # Lock the row so a double click cannot submit or review twice.
    return RationaleDocument.objects.select_for_update().get(pk=document.pk)


@transaction.atomic
def save_rationale(
    *,
    document: RationaleDocument,
    by: Membership,
    sections: dict[str, str],
    submit: bool = False,
    now: datetime | None = None,
) -> RationaleDocument:
    """The specialist saves their sections as a draft or submits them for review."""
    document = _locked(document)
    if not permissions.can_write_rationale(by, document):
        raise ValidationError("Only the theme specialist asked for this document can write it.")
    if document.state not in rules.EDITABLE_STATES:
        raise ValidationError(
            f"This document is {document.get_state_display().lower()}: it cannot be changed now."
        )
    for name, _, _ in RationaleDocument.SECTIONS:
        setattr(document, name, (sections.get(name) or "").strip())
    if submit:
        missing = rules.missing_sections(
            {name: getattr(document, name) for name in REQUIRED_SECTIONS}, REQUIRED_SECTIONS
        )
        if missing:
            raise ValidationError(
                {name: "Write this section before you submit." for name in missing}
            )
    _move(document, action="submit" if submit else "save", by=by, comment="", now=now)
    document.full_clean()
    document.save()
    return document


@transaction.atomic
def review_rationale(
    *,
    document: RationaleDocument,
    by: Membership,
    accept: bool,
    comment: str = "",
    now: datetime | None = None,
) -> RationaleDocument:
    """The analyst accepts a submitted document or returns it with comments."""
    document = _locked(document)
    comment = comment.strip()
    if not accept and not comment:
        raise ValidationError({"comment": "Say what needs changing before you return it."})
    _move(document, action="accept" if accept else "return", by=by, comment=comment, now=now)
    document.save(update_fields=["state", "updated_at"])
    notices.rationale_reviewed(document=document, comment=comment)
    return document


@transaction.atomic
def change_rationale_due_date(*, document: RationaleDocument, due_on: date) -> RationaleDocument:
    if document.state == RationaleDocument.State.ACCEPTED:
        raise ValidationError("This document is already accepted.")
    document.due_on = due_on
    document.save(update_fields=["due_on", "updated_at"])
    return document


def add_attachment(
    *, document: RationaleDocument, by: Membership, name: str, content: bytes
) -> RationaleAttachment:
    """Store a checked file under MEDIA_ROOT with a random name; keep the original name.
    The file goes again if the record of it is not committed."""
    with stored_files.kept_only_if_committed() as written:
        document = _locked(document)
        if not permissions.can_write_rationale(by, document):
            raise ValidationError(
                "Only the theme specialist asked for this document can add files."
            )
        if document.state not in rules.EDITABLE_STATES:
            raise ValidationError("Files can only be added while the document is being written.")
        if document.attachments.count() >= MAX_ATTACHMENTS:
            raise ValidationError({"file": f"A document can have up to {MAX_ATTACHMENTS} files."})
        name = file_name(name)
        try:
            kind = rules.check_attachment(name=name, content=content)
        except rules.AttachmentRejected as error:
            raise ValidationError({"file": str(error)}) from None
        attachment = RationaleAttachment(
            document=document, original_name=name, kind=kind, size=len(content), uploaded_by=by
        )
        attachment.file.save(f"{uuid.uuid4().hex}.{kind}", ContentFile(content), save=False)
        written.append(Path(attachment.file.path))
        attachment.save()
    return attachment


@transaction.atomic
def remove_attachment(*, attachment: RationaleAttachment, by: Membership) -> None:
    document = attachment.document
    if not permissions.can_write_rationale(by, document):
        raise ValidationError("Only the theme specialist asked for this document can remove files.")
    if document.state not in rules.EDITABLE_STATES:
        raise ValidationError("Files can only be removed while the document is being written.")
    stored = attachment.file
    attachment.delete()
    transaction.on_commit(lambda: stored.delete(save=False))
