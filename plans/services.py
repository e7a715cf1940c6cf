"""Writes to the partnership plan (a county's community safety agreement): start a
version (the first, drafted from the agreed priorities, or the annual revision copied
from the last agreed version and refreshed from the priorities now in force), change a
draft, refresh its priorities, record the board's decision at a meeting that has taken
place (agreement freezes the version), publish an agreed version and record sending it
to the police and crime commissioner."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from csp_assessment.copying import fields_of
from csp_assessment.edits import last_saved_by, refuse_if_record_changed, save_values
from cycles.models import CycleYear
from partnerships.models import Agency, Membership, Partnership
from priorities.models import Decision, Item
from priorities.services.meetings import (
    approve_if_agreed,
    record_paper_decision,
    version_decided_message,
)

from . import permissions, rules, selectors
from .models import Plan, PlanDecision, PlanSending

APPROVING = (Decision.Outcome.AGREED, Decision.Outcome.AGREED_WITH_AMENDMENTS)
COPIED = ("summary", "engagement", "involvement", "resources", "years")
# What an edit conflict names and the history table shows.
FIELDS = {**rules.SECTIONS, "resources": "What partners commit", "years": "Years it covers"}


def _refuse_if_frozen(plan: Plan) -> None:
    if not plan.is_draft():
        raise ValidationError(rules.frozen_message(plan))


@transaction.atomic
def start_plan(*, partnership: Partnership, year: CycleYear) -> Plan:
    """The first version, or the annual revision: the next version copied from the
    last agreed one, with the priorities in force in `year`. One draft at a time."""
    Partnership.objects.select_for_update().get(pk=partnership.pk)  # one new version at a time
    if year.cycle.partnership_id != partnership.pk:
        raise ValidationError({"year": "Choose a year of this partnership's cycles."})
    latest = Plan.objects.filter(partnership=partnership).order_by("-version").first()
    if latest is not None and latest.is_draft():
        raise ValidationError(
            f"Version {latest.version} is still a draft. Change it rather than start another."
        )
    rows = selectors.priority_rows(year)
    if not rows:
        raise ValidationError(
            {
                "year": f"The board has agreed no priorities in force in {year.label} yet. "
                f"The {rules.document(partnership.kind).short} is drafted from them: record the "
                "board's decisions first."
            }
        )
    copied = fields_of(latest, *COPIED) if latest else {}
    plan = Plan(
        partnership=partnership,
        year=year,
        version=latest.version + 1 if latest else 1,
        priorities=rows,
        escalations=selectors.escalation_rows(year),
        **copied,
    )
    plan.full_clean()
    plan.save()
    return plan


@transaction.atomic
def update_plan(
    *,
    plan: Plan,
    summary: str,
    engagement: str,
    involvement: str,
    resources: list[dict[str, str]],
    years: int | None = None,
    seen: str | None = None,
) -> Plan:
    """Change a draft; `years`, how many it covers, stays as it is when not given. With
    `seen`, a save made by someone else since the form was opened is refused rather than
    overwritten."""
    current = Plan.objects.select_for_update().select_related("partnership").get(pk=plan.pk)
    _refuse_if_frozen(current)
    for row in resources:
        if set(row) != {"agency", "commitment"} or not all(str(v).strip() for v in row.values()):
            raise ValidationError({"resources": "Each row needs an agency and what it commits."})
    wanted = {
        "summary": summary.strip(),
        "engagement": engagement.strip(),
        "involvement": involvement.strip(),
        "resources": [
            {"agency": row["agency"].strip(), "commitment": row["commitment"].strip()}
            for row in resources
        ],
        "years": current.years if years is None else years,
    }
    refuse_if_record_changed(
        current,
        seen=seen,
        what=current.document().name,
        wanted=wanted,
        labels=FIELDS,
        saved_by=last_saved_by(current),
    )
    return save_values(current, wanted)


@transaction.atomic
def refresh_priorities(*, plan: Plan) -> Plan:
    """Copy in the priorities in force now, with their current leads, KPIs and actions."""
    current = Plan.objects.select_for_update().select_related("year__cycle").get(pk=plan.pk)
    _refuse_if_frozen(current)
    current.priorities = selectors.priority_rows(current.year)
    current.escalations = selectors.escalation_rows(current.year)
    current.save(update_fields=["priorities", "escalations", "updated_at"])
    return current


@transaction.atomic
def record_plan_decision(
    *,
    plan: Plan,
    item: Item,
    outcome: str,
    minute: str,
    recorded_by: Membership,
    today: date | None = None,
    confirm: bool = True,
) -> PlanDecision:
    """Record the board's decision on a draft version at `item`'s meeting and freeze
    a copy of what it read. Agreed (with or without amendments), the version is
    approved and frozen; otherwise it stays a draft to change and bring back. Only at
    the board's own open meeting that has taken place (`Meeting.takes_board_decisions`)."""
    plan = Plan.objects.select_for_update().select_related("year", "partnership").get(pk=plan.pk)
    named = plan.document()

    def refuse() -> None:
        if not confirm:
            raise ValidationError({"confirm": "Confirm that this is what the board decided."})
        _refuse_if_frozen(plan)

    decision = record_paper_decision(
        item=item,
        partnership_id=plan.partnership_id,
        not_board=f"Only the board approves the {named.name}. Choose a board meeting.",
        recorded_by=recorded_by,
        may_record=permissions.can_draft_plan(recorded_by),
        refusal="Only this partnership's analysts and admins record this decision.",
        outcome=outcome,
        minute=minute,
        today=today,
        build=lambda **fields: PlanDecision(plan=plan, snapshot=selectors.snapshot(plan), **fields),
        heading=f"{named.title}, version {plan.version}",
        refuse=refuse,
        decided=PlanDecision.objects.filter(plan=plan),
    )
    approve_if_agreed(plan, decision)
    return decision


def decided_message(decision: PlanDecision) -> str:
    return version_decided_message(decision, decision.plan.version)


@transaction.atomic
def publish_plan(*, plan: Plan, by: Membership) -> Plan:
    """Put an agreed version on the public page. The public reads the newest
    published version, so publishing a revision replaces the one before."""
    current = Plan.objects.select_for_update().get(pk=plan.pk)
    if current.is_draft():
        raise ValidationError(
            f"Version {current.version} is a draft. The board must agree it before it is published."
        )
    if current.is_published():
        raise ValidationError(f"Version {current.version} is already published.")
    current.published_at = timezone.now()
    current.published_by = by
    current.save(update_fields=["published_at", "published_by", "updated_at"])
    return current


@transaction.atomic
def record_sending(
    *,
    plan: Plan,
    sent_on: date,
    sent_to: str,
    method: str,
    sent_by: Membership,
    agency: Agency | None = None,
    today: date | None = None,
    confirm: bool = True,
) -> PlanSending:
    """Record that an agreed version went to the police and crime commissioner."""
    today = today or timezone.localdate()
    current = Plan.objects.select_for_update().select_related("partnership").get(pk=plan.pk)
    if current.is_draft():
        raise ValidationError(
            f"Version {current.version} is a draft. Send the version the board agreed."
        )
    if sent_on > today:
        raise ValidationError({"sent_on": "The date it was sent cannot be in the future."})
    agreement = (
        current.decisions.filter(outcome__in=APPROVING).select_related("item__meeting").first()
    )
    if agreement is not None and sent_on < agreement.item.meeting.held_on:
        raise ValidationError(
            {"sent_on": "The date it was sent cannot be before the board agreed this version."}
        )
    if agency is not None and (
        agency.partnership_id != current.partnership_id or agency.type != Agency.Type.PCC
    ):
        raise ValidationError({"agency": "Choose the commissioner's office from the list."})
    if not sent_to.strip():
        raise ValidationError({"sent_to": "Say who it was sent to."})
    if method not in PlanSending.Method.values:
        raise ValidationError({"method": "Choose how it was sent from the list."})
    if not confirm:
        raise ValidationError({"confirm": f"Confirm that the {current.document().short} was sent."})
    sending = PlanSending(
        plan=current,
        sent_on=sent_on,
        agency=agency,
        sent_to=sent_to.strip(),
        method=method,
        sent_by=sent_by,
    )
    sending.full_clean()
    sending.save()
    return sending
