"""Writes to the terms of reference: start a version (the first, or the next one
copied from the last), edit a draft, and record the board's decision on a version at
a meeting that has taken place. An agreed version is frozen."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.dateformat import format as date_format

from csp_assessment.edits import refuse_if_changed
from cycles.models import CycleYear
from partnerships.models import Membership

from .. import permissions, terms_rules, terms_selectors
from ..models import Decision, Item, Meeting
from ..terms_models import TermsDecision, TermsOfReference
from .meetings import future_meeting_message, refuse_if_closed

COPIED = ("purpose", "scope", "roles", "data", "timetable_note", "sign_off")
ROLE_PARTS = ("role", "who", "responsibility")


@transaction.atomic
def start_terms(*, year: CycleYear) -> TermsOfReference:
    """The year's first draft, or the next version copied from the newest one. Only
    one draft at a time: a draft is changed, not copied."""
    CycleYear.objects.select_for_update().get(pk=year.pk)  # one new version at a time
    latest = TermsOfReference.objects.filter(year=year).order_by("-version").first()
    if latest is None:
        terms = TermsOfReference(year=year, version=1)
    elif latest.is_draft():
        raise ValidationError(
            f"Version {latest.version} is still a draft. Change it rather than start another."
        )
    else:
        terms = TermsOfReference(
            year=year,
            version=latest.version + 1,
            **{name: getattr(latest, name) for name in COPIED},
        )
    terms.full_clean()
    terms.save()
    return terms


# What an edit conflict names (csp_assessment/edits.py) and the history table shows.
FIELDS = {**terms_rules.SECTIONS, "roles": "Who does what"}


def _refuse_if_frozen(terms: TermsOfReference) -> None:
    if not terms.is_draft():
        raise ValidationError(
            f"Version {terms.version} has been agreed by the board, so it cannot change. "
            "Start a new version to make changes."
        )


@transaction.atomic
def update_terms(
    *,
    terms: TermsOfReference,
    purpose: str,
    scope: str,
    roles: list[dict[str, str]],
    data: str,
    timetable_note: str,
    sign_off: str,
    seen: str | None = None,
) -> TermsOfReference:
    """Change a draft. With `seen`, a save made by someone else since the form was
    opened is refused rather than overwritten."""
    current = TermsOfReference.objects.select_for_update().get(pk=terms.pk)
    _refuse_if_frozen(current)
    for row in roles:
        if set(row) != set(ROLE_PARTS) or not all(str(row[p]).strip() for p in ROLE_PARTS):
            raise ValidationError(
                {"roles": "Each row of who does what needs a role, a person or agency, and a task."}
            )
    wanted = {
        "purpose": purpose.strip(),
        "scope": scope.strip(),
        "roles": [{part: str(row[part]).strip() for part in ROLE_PARTS} for row in roles],
        "data": data.strip(),
        "timetable_note": timetable_note.strip(),
        "sign_off": sign_off.strip(),
    }
    last = current.history.select_related("history_user").first()
    refuse_if_changed(
        seen=seen,
        saved_at=current.updated_at,
        saved_by=(last.history_user.get_full_name() if last and last.history_user else ""),
        what="terms of reference",
        plural=True,
        current={name: getattr(current, name) for name in FIELDS},
        wanted=wanted,
        labels=FIELDS,
    )
    for name, value in wanted.items():
        setattr(current, name, value)
    current.full_clean()
    current.save()
    return current


def _outcome_line(terms: TermsOfReference, outcome: str, minute: str) -> str:
    label = Decision.Outcome(outcome).label.lower()
    return f"Terms of reference, version {terms.version}: {label}. {minute}"


@transaction.atomic
def record_terms_decision(
    *,
    terms: TermsOfReference,
    item: Item,
    outcome: str,
    minute: str,
    recorded_by: Membership,
    today: date | None = None,
) -> TermsDecision:
    """Record the board's decision on a draft version, taken at `item`'s meeting, and
    freeze a copy of what it read. Agreed (with or without amendments), the version is
    approved and frozen; not agreed or deferred, it stays a draft to change and bring
    back. Only at a meeting that has taken place (or is taking place `today`). The
    meeting row is locked so its date cannot move meanwhile, the version's so two
    people cannot decide it at once. An item with no outcome yet gets one."""
    today = today or timezone.localdate()
    meeting = Meeting.objects.select_for_update().get(pk=item.meeting_id)
    terms = (
        TermsOfReference.objects.select_for_update().select_related("year__cycle").get(pk=terms.pk)
    )
    if terms.year.cycle.partnership_id != meeting.partnership_id:
        raise ValidationError({"item": "Choose an agenda item from this partnership's meetings."})
    refuse_if_closed(meeting)
    if meeting.group_id is not None:
        raise ValidationError(
            {"item": "Only the board agrees the terms of reference. Choose a board meeting."}
        )
    if not meeting.has_happened(today):
        raise ValidationError({"item": future_meeting_message(meeting)})
    if (
        not permissions.can_draft_terms(recorded_by)
        or recorded_by.partnership_id != meeting.partnership_id
    ):
        raise ValidationError("Only this partnership's analysts and admins record this decision.")
    if outcome not in Decision.Outcome.values:
        raise ValidationError({"outcome": "Choose the board's decision from the list."})
    if not minute.strip():
        raise ValidationError({"minute": "Write the minute: what the board decided and why."})
    _refuse_if_frozen(terms)
    if TermsDecision.objects.filter(item=item, terms=terms).exists():
        raise ValidationError(
            {"item": "This agenda item already has a decision on this version. Choose another."}
        )
    now = timezone.now()
    decision = TermsDecision(
        terms=terms,
        item=item,
        outcome=outcome,
        minute=minute.strip(),
        snapshot=terms_selectors.snapshot(terms),
        recorded_by=recorded_by,
        decided_at=now,
    )
    decision.full_clean()
    decision.save()
    if decision.approves():
        terms.status = TermsOfReference.Status.APPROVED
        terms.approved_at = now
        terms.save(update_fields=["status", "approved_at", "updated_at"])
    item = Item.objects.select_for_update().get(pk=item.pk)
    if not item.outcome.strip():
        item.outcome = _outcome_line(terms, outcome, minute.strip())
        item.save(update_fields=["outcome"])
    return decision


def decided_message(decision: TermsDecision) -> str:
    when = date_format(decision.item.meeting.held_on, "j F Y")
    return (
        f"Decision recorded: version {decision.terms.version}, "
        f"{decision.get_outcome_display().lower()} at the meeting of {when}."
    )
