"""Writes for the emerging-issues log: logging an issue and triaging it onto a long
list or closed with a reason."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cycles.models import CycleYear, Issue
from cycles.services import ended_year_refusal, save_issue
from partnerships.models import Membership, Partnership

from .. import rules
from ..models import EmergingIssue
from .history import stamp


@transaction.atomic
def log_emerging_issue(
    *,
    partnership: Partnership,
    by: Membership,
    title: str,
    location: str = "",
    evidence: str = "",
    source: str = "",
    now: datetime | None = None,
) -> EmergingIssue:
    if by.partnership_id != partnership.pk:
        raise ValidationError("Only members of the partnership can log its emerging issues.")
    emerging = EmergingIssue(
        partnership=partnership,
        title=title.strip(),
        location=location.strip(),
        evidence=evidence.strip(),
        source=source.strip(),
        logged_by=by,
        logged_at=now or timezone.now(),
    )
    emerging.full_clean()
    stamp(emerging, by=by, now=now)
    emerging.save()
    return emerging


def _triage(emerging: EmergingIssue, to_state: str, by: Membership, note: str, now) -> None:
    stamp(emerging, by=by, note=note, now=now)
    emerging.status = to_state


def _open_emerging(emerging: EmergingIssue) -> EmergingIssue:
    emerging = EmergingIssue.objects.select_for_update().get(pk=emerging.pk)
    if emerging.status != EmergingIssue.Status.OPEN:
        raise ValidationError(
            f"This emerging issue is already {emerging.get_status_display().lower()}."
        )
    return emerging


@transaction.atomic
def add_emerging_to_long_list(
    *,
    emerging: EmergingIssue,
    by: Membership,
    year: CycleYear,
    now: datetime | None = None,
    today: date | None = None,
) -> Issue:
    """Put an emerging issue on a year's long list, as an issue marked 'emerging'. Given
    `today` (the triage page passes it), the year must not have ended (`save_issue`)."""
    emerging = _open_emerging(emerging)
    if year.cycle.partnership_id != emerging.partnership_id:
        raise ValidationError({"year": "Choose a year of this partnership's cycles."})
    if today is not None and rules.year_has_ended(year.ends_on, today):
        raise ValidationError({"year": ended_year_refusal(year)})
    description = "\n\n".join(
        part
        for part in [
            emerging.evidence,
            f"Where: {emerging.location}" if emerging.location else "",
            f"Raised by: {emerging.source}" if emerging.source else "",
        ]
        if part
    )
    issue = save_issue(
        year=year,
        title=emerging.title,
        description=description,
        source=Issue.Source.EMERGING,
        today=today,
    )
    _triage(emerging, EmergingIssue.Status.ADDED, by, f"Added to year {year.number}.", now)
    emerging.issue = issue
    emerging.save(update_fields=["status", "issue"])
    return issue


@transaction.atomic
def close_emerging_issue(
    *, emerging: EmergingIssue, by: Membership, reason: str, now: datetime | None = None
) -> EmergingIssue:
    emerging = _open_emerging(emerging)
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            {"reason": "Say why it is closed: the person who logged it will see."}
        )
    _triage(emerging, EmergingIssue.Status.CLOSED, by, reason, now)
    emerging.close_reason = reason
    emerging.save(update_fields=["status", "close_reason"])
    return emerging
