"""Writes to the terms of reference: start a version (the first, or the next one
copied from the last), edit a draft, and record the board's decision on a version at
a meeting that has taken place. An agreed version is frozen."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from csp_assessment.copying import fields_of
from csp_assessment.edits import last_saved_by, refuse_if_record_changed, save_values
from cycles.models import CycleYear
from partnerships.models import Membership

from .. import permissions, terms_rules, terms_selectors
from ..models import Item
from ..terms_models import TermsDecision, TermsOfReference
from .meetings import (
    approve_if_agreed,
    record_paper_decision,
    version_decided_message,
)

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
            **fields_of(latest, *COPIED),
        )
    terms.full_clean()
    terms.save()
    return terms


# What an edit conflict names (csp_assessment/edits.py) and the history table shows.
FIELDS = {**terms_rules.SECTIONS, "roles": "Who does what"}


def _refuse_if_frozen(terms: TermsOfReference) -> None:
    if not terms.is_draft():
        raise ValidationError(terms_rules.frozen_message(terms))


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
    refuse_if_record_changed(
        current,
        seen=seen,
        what="terms of reference",
        wanted=wanted,
        labels=FIELDS,
        plural=True,
        saved_by=last_saved_by(current),
    )
    return save_values(current, wanted)


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
    version's row is locked so two people cannot decide it at once."""
    terms = (
        TermsOfReference.objects.select_for_update().select_related("year__cycle").get(pk=terms.pk)
    )
    decision = record_paper_decision(
        item=item,
        partnership_id=terms.year.cycle.partnership_id,
        not_board="Only the board agrees the terms of reference. Choose a board meeting.",
        recorded_by=recorded_by,
        may_record=permissions.can_draft_terms(recorded_by),
        refusal="Only this partnership's analysts and admins record this decision.",
        outcome=outcome,
        minute=minute,
        today=today,
        build=lambda **fields: TermsDecision(
            terms=terms, snapshot=terms_selectors.snapshot(terms), **fields
        ),
        heading=f"Terms of reference, version {terms.version}",
        refuse=lambda: _refuse_if_frozen(terms),
        decided=TermsDecision.objects.filter(terms=terms),
    )
    approve_if_agreed(terms, decision)
    return decision


def decided_message(decision: TermsDecision) -> str:
    return version_decided_message(decision, decision.terms.version)
