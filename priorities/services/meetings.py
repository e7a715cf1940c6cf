"""Writes to meetings of the board and of its groups: meetings, agenda items and their
outcomes, the board's decisions (with the snapshot of what it decided on), the actions
raised, and closing a meeting once every item has its decision on actions."""

from collections.abc import Callable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils import timezone

from csp_assessment.dates import day
from csp_assessment.edits import refuse_if_record_changed, save_values
from csp_assessment.plurals import counted
from partnerships.models import Agency, Membership, Partnership
from partnerships.services import check_still_here

from .. import permissions, rules, selectors
from ..models import (
    Action,
    ActionUpdate,
    Decision,
    Group,
    Item,
    Meeting,
    Priority,
    Review,
    ReviewDecision,
    TermsDecision,
)


def refuse_if_closed(meeting: Meeting) -> None:
    """A closed meeting is the record of what was decided: it is read-only until an
    admin or analyst reopens it."""
    if meeting.is_closed():
        raise ValidationError(
            f"This meeting was closed on {day(timezone.localtime(meeting.closed_at))}, so it "
            "cannot be changed. An admin or analyst can reopen it to correct it."
        )


@transaction.atomic
def create_meeting(
    *,
    partnership: Partnership,
    held_on: date,
    title: str = "Partnership board",
    location: str = "",
    attendees: str = "",
    apologies: str = "",
) -> Meeting:
    meeting = Meeting(
        partnership=partnership,
        held_on=held_on,
        title=title.strip(),
        location=location.strip(),
        attendees=attendees.strip(),
        apologies=apologies.strip(),
    )
    meeting.full_clean()
    meeting.save()
    return meeting


MEETING_FIELDS = {
    "title": "the title",
    "held_on": "the date",
    "location": "the location",
    "attendees": "the attendees",
    "apologies": "the apologies",
}


@transaction.atomic
def update_meeting(
    *,
    meeting: Meeting,
    held_on: date,
    title: str,
    location: str = "",
    attendees: str = "",
    apologies: str = "",
    seen: str | None = None,
    today: date | None = None,
) -> Meeting:
    """Change a meeting's date, place or who came. With `seen`, a change saved by
    someone else since the form was opened is refused rather than overwritten. A
    meeting that already holds decisions cannot move into the future: decisions
    belong to a meeting that has taken place."""
    today = today or timezone.localdate()
    current = Meeting.objects.select_for_update().get(pk=meeting.pk)
    refuse_if_closed(current)
    wanted = {
        "title": title.strip(),
        "held_on": held_on,
        "location": location.strip(),
        "attendees": attendees.strip(),
        "apologies": apologies.strip(),
    }
    refuse_if_record_changed(
        current,
        seen=seen,
        what="meeting",
        wanted=wanted,
        labels=MEETING_FIELDS,
    )
    decided = (
        Decision.objects.filter(item__meeting=current).count()
        + TermsDecision.objects.filter(item__meeting=current).count()
        # Issue 13: the board's decision on the six-month review.
        + ReviewDecision.objects.filter(item__meeting=current).count()
    )
    if decided and held_on > today:
        raise ValidationError(
            {
                "held_on": f"The board has already recorded {counted(decided, 'decision')} "
                "at this meeting, so its date "
                f"cannot move to {day(held_on)}, which has not come yet. Decisions belong "
                "to a meeting that has taken place."
            }
        )
    return save_values(current, wanted)


@transaction.atomic
def add_item(*, meeting: Meeting, title: str, summary: str = "") -> Item:
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    refuse_if_closed(meeting)
    item = Item(
        meeting=meeting,
        title=title.strip(),
        summary=summary.strip(),
        position=meeting.items.count() + 1,
    )
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def record_item_outcome(*, item: Item, outcome: str) -> Item:
    refuse_if_closed(Meeting.objects.select_for_update().get(pk=item.meeting_id))
    if not outcome.strip():
        raise ValidationError({"outcome": "Say what the meeting decided to do about this item."})
    item.outcome = outcome.strip()
    item.save(update_fields=["outcome"])
    return item


def future_meeting_message(meeting: Meeting) -> str:
    return (
        f"This meeting is on {day(meeting.held_on)}, which has not come yet. Record the "
        "board's decisions on or after the day of the meeting."
    )


def board_meeting(item: Item, *, partnership_id: int, not_board: str) -> Meeting:
    """The meeting of `item`, locked so its date cannot move meanwhile. It must be a
    meeting of this partnership's board (`not_board` says why a group's will not do)
    and open."""
    meeting = Meeting.objects.select_for_update().get(pk=item.meeting_id)
    if meeting.partnership_id != partnership_id:
        raise ValidationError({"item": "Choose an agenda item from this partnership's meetings."})
    refuse_if_closed(meeting)
    if meeting.group_id is not None:
        raise ValidationError({"item": not_board})
    return meeting


def record_paper_decision(
    *,
    item: Item,
    partnership_id: int,
    not_board: str,
    recorded_by: Membership,
    may_record: bool,
    refusal: str,
    outcome: str,
    minute: str,
    today: date | None,
    build: Callable[..., Model],
    heading: str,
    refuse: Callable[[], None] = lambda: None,
    decided: QuerySet | None = None,
) -> Model:
    """The board's decision on a paper it read at `item` (the terms of reference, the
    six-month review, the partnership plan), saved with a frozen copy of what it read.
    Call inside the transaction that locked the paper.

    Only at this partnership's board's own open meeting that has taken place (or is
    taking place `today`), recorded by a member of the partnership who `may_record`
    (else `refusal`). `refuse` raises the paper's own objections; `decided`, the
    paper's decisions so far, allows one per agenda item. `build(item=, outcome=,
    minute=, recorded_by=, decided_at=)` makes the unsaved decision with its snapshot.
    An item with no outcome yet gets one that starts with `heading`."""
    today = today or timezone.localdate()
    meeting = board_meeting(item, partnership_id=partnership_id, not_board=not_board)
    if not meeting.has_happened(today):
        raise ValidationError({"item": future_meeting_message(meeting)})
    if not may_record or recorded_by.partnership_id != partnership_id:
        raise ValidationError(refusal)
    if outcome not in Decision.Outcome.values:
        raise ValidationError({"outcome": "Choose the board's decision from the list."})
    if not minute.strip():
        raise ValidationError({"minute": "Write the minute: what the board decided and why."})
    refuse()
    if decided is not None and decided.filter(item=item).exists():
        raise ValidationError(
            {"item": "This agenda item already has a decision on this version. Choose another."}
        )
    decision = build(
        item=item,
        outcome=outcome,
        minute=minute.strip(),
        recorded_by=recorded_by,
        decided_at=timezone.now(),
    )
    decision.full_clean()
    decision.save()
    item = Item.objects.select_for_update().get(pk=item.pk)
    if not item.outcome.strip():
        label = Decision.Outcome(outcome).label.lower()
        item.outcome = f"{heading}: {label}. {minute.strip()}"
        item.save(update_fields=["outcome"])
    return decision


def approve_if_agreed(paper: Model, decision: Model) -> None:
    """A version of a paper (the terms of reference, the partnership plan) that the
    board agreed, with or without amendments, is approved from the decision's time."""
    if decision.approves():
        paper.status = paper.Status.APPROVED
        paper.approved_at = decision.decided_at
        paper.save(update_fields=["status", "approved_at", "updated_at"])


def version_decided_message(decision: Model, version: int) -> str:
    """What the page says once the board's decision on a version of a paper is saved."""
    return (
        f"Decision recorded: version {version}, "
        f"{decision.get_outcome_display().lower()} at the meeting of "
        f"{day(decision.item.meeting.held_on)}."
    )


STATUS_AFTER = {
    Decision.Outcome.AGREED: Priority.Status.AGREED,
    Decision.Outcome.AGREED_WITH_AMENDMENTS: Priority.Status.AGREED,
    Decision.Outcome.NOT_AGREED: Priority.Status.NOT_AGREED,
    Decision.Outcome.DEFERRED: Priority.Status.DEFERRED,
}


@transaction.atomic
def record_decision(
    *,
    item: Item,
    priority: Priority,
    outcome: str,
    minute: str,
    decided_by: Membership,
    today: date | None = None,
) -> Decision:
    """Record the board's decision on a proposal and freeze what it decided on.

    Only at a meeting that has taken place (or is taking place `today`, by default
    the local date): a decision dated in the future would print in the report as if
    the board had met. The meeting row is locked so its date cannot move meanwhile,
    and the priority row so two board members saving at once cannot both decide."""
    today = today or timezone.localdate()
    meeting = Meeting.objects.select_for_update().get(pk=item.meeting_id)
    refuse_if_closed(meeting)
    if meeting.group_id is not None:
        raise ValidationError("The board decides on priorities at its own meetings, not a group's.")
    if not meeting.has_happened(today):
        raise ValidationError(future_meeting_message(meeting))
    priority = (
        Priority.objects.select_for_update().select_related("year__cycle").get(pk=priority.pk)
    )
    if priority.year.cycle.partnership_id != meeting.partnership_id:
        raise ValidationError({"priority": "Choose a priority of this partnership."})
    if outcome not in Decision.Outcome.values:
        raise ValidationError({"outcome": "Choose a decision from the list."})
    if not minute.strip():
        raise ValidationError({"minute": "Write the minute: what the board decided and why."})
    if (
        not permissions.can_decide(decided_by)
        or decided_by.partnership_id != meeting.partnership_id
    ):
        raise ValidationError("Only members of this partnership's board can record decisions.")
    if priority.status not in Priority.UNDECIDED:
        raise ValidationError(
            {
                "priority": f"{priority.title} has already been decided "
                f"({priority.get_status_display().lower()}). It cannot be decided again."
            }
        )
    if Decision.objects.filter(item=item, priority=priority).exists():
        raise ValidationError({"priority": "This item already has a decision on that priority."})
    decision = Decision.objects.create(
        item=item,
        priority=priority,
        outcome=outcome,
        minute=minute.strip(),
        snapshot=selectors.priority_snapshot(priority),
        decided_by=decided_by,
        decided_at=timezone.now(),
    )
    priority.status = STATUS_AFTER[outcome]
    priority.save(update_fields=["status", "updated_at"])
    if (
        priority.status == Priority.Status.AGREED
        and not Review.objects.filter(year=priority.year).exists()
    ):
        Review.objects.create(
            year=priority.year,
            review_on=rules.months_after(meeting.held_on, rules.REVIEW_MONTHS),
            note="Six-month review of the assessment and the agreed priorities.",
        )
    return decision


@transaction.atomic
def raise_action(
    *,
    partnership: Partnership,
    title: str,
    due_on: date,
    raised_on: date,
    owner: Membership | None = None,
    owner_agency: Agency | None = None,
    item: Item | None = None,
    decision: Decision | None = None,
    priority: Priority | None = None,
    owner_group: Group | None = None,
) -> Action:
    if item is None and decision is None:
        raise ValidationError("An action is raised from a meeting item or a decision.")
    if decision is not None:
        item = item or decision.item
        priority = priority or decision.priority
    refuse_if_closed(Meeting.objects.select_for_update().get(pk=item.meeting_id))
    errors = {}
    if item.meeting.partnership_id != partnership.pk:
        errors["item"] = "Choose an item from this partnership's meetings."
    if owner is not None and owner.partnership_id != partnership.pk:
        errors["owner"] = "The owner must be a member of this partnership."
    if owner_agency is not None and owner_agency.partnership_id != partnership.pk:
        errors["owner_agency"] = "Choose an agency of this partnership."
    if owner_group is not None and owner_group.partnership_id != partnership.pk:
        errors["owner_group"] = "Choose a group of this partnership."
    if owner is None and owner_agency is None and owner_group is None:
        errors["owner"] = "Give the action an owner: a person, an agency, a group or more than one."
    if due_on < raised_on:
        # Due before it was raised, it would be overdue from the start: a mistyped year.
        errors["due_on"] = (
            f"The action is raised on {day(raised_on)}. Give a due date on or after that day."
        )
    if errors:
        raise ValidationError(errors)
    check_still_here(owner, field="owner")
    action = Action(
        partnership=partnership,
        title=title.strip(),
        due_on=due_on,
        raised_on=raised_on,
        owner=owner,
        owner_agency=owner_agency or (owner.agency if owner else None),
        owner_group=owner_group,
        item=item,
        decision=decision,
        priority=priority,
    )
    action.full_clean()
    action.save()
    return action


@transaction.atomic
def update_action(
    *,
    action: Action,
    status: str,
    note: str,
    author: Membership,
    written_on: date,
    partner_response: str | None = None,
) -> ActionUpdate:
    if status not in Action.Status.values:
        raise ValidationError({"status": "Choose a status from the list."})
    if not note.strip():
        raise ValidationError({"note": "Write what has happened since the last update."})
    if not action.is_open() and status == action.status:
        raise ValidationError(
            {"status": f"This action is {action.get_status_display().lower()}. Reopen it first."}
        )
    action.status = status
    fields = ["status"]
    if partner_response is not None:
        action.partner_response = partner_response.strip()
        fields.append("partner_response")
    action.save(update_fields=fields)
    return ActionUpdate.objects.create(
        action=action, written_on=written_on, note=note.strip(), author=author
    )


@transaction.atomic
def close_meeting(*, meeting: Meeting, closed_by: Membership) -> Meeting:
    """Close a meeting once every agenda item has its decision on actions (seed 004).
    Refused, changing nothing, while any item has none; the message names them."""
    current = Meeting.objects.select_for_update().get(pk=meeting.pk)
    refuse_if_closed(current)
    items = list(current.items.values_list("title", "outcome"))
    if not items:
        raise ValidationError("This meeting has no agenda items yet, so there is nothing to close.")
    undecided = rules.undecided_items(items)
    if undecided:
        raise ValidationError(rules.closing_refusal(undecided))
    current.closed_at = timezone.now()
    current.closed_by = closed_by
    current.save()
    return current


@transaction.atomic
def reopen_meeting(*, meeting: Meeting) -> Meeting:
    current = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not current.is_closed():
        raise ValidationError("This meeting is open already.")
    current.closed_at = None
    current.closed_by = None
    current.save()
    return current
