"""Writes to the groups around the board: setting a group up, its members and chair,
its meetings, and the requests for a decision put to it."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from csp_assessment.dates import day
from csp_assessment.edits import refuse_if_changed, refuse_if_record_changed
from partnerships.models import Membership, Partnership
from partnerships.services import check_still_here

from ..models import DecisionRequest, Group, Item, Meeting
from .meetings import add_item, create_meeting

GROUP_FIELDS = {"kind": "the kind", "name": "the name", "purpose": "the purpose"}
MEMBER_FIELDS = {"members": "the members", "chair": "the chair"}


def _check_people(group: Group, members: list[Membership], chair: Membership | None) -> None:
    errors = {}
    if any(m.partnership_id != group.partnership_id for m in members):
        errors["members"] = "Choose members of this partnership."
    if chair is not None and chair.partnership_id != group.partnership_id:
        errors["chair"] = "Choose a chair from this partnership."
    elif chair is not None and chair.pk not in {m.pk for m in members}:
        errors["chair"] = f"{chair.display_name} chairs the group, so tick them as a member too."
    if errors:
        raise ValidationError(errors)


def _check_name(group: Group) -> None:
    taken = Group.objects.filter(partnership=group.partnership_id, name__iexact=group.name)
    if group.pk:
        taken = taken.exclude(pk=group.pk)
    if taken.exists():
        raise ValidationError(
            {"name": f"This partnership already has a group called {group.name}."}
        )


@transaction.atomic
def create_group(
    *,
    partnership: Partnership,
    kind: str,
    name: str,
    purpose: str = "",
    members: list[Membership] = (),
    chair: Membership | None = None,
) -> Group:
    group = Group(partnership=partnership, kind=kind, name=name.strip(), purpose=purpose.strip())
    members = list(members)
    _check_people(group, members, chair)
    group.chair = chair
    group.full_clean(validate_constraints=False)
    _check_name(group)
    group.save()
    group.members.set(members)
    return group


@transaction.atomic
def update_group(
    *, group: Group, kind: str, name: str, purpose: str = "", seen: str | None = None
) -> Group:
    """Change what a group is called and for. A change saved by someone else since
    the form was opened is refused rather than overwritten."""
    current = Group.objects.select_for_update().get(pk=group.pk)
    wanted = {"kind": kind, "name": name.strip(), "purpose": purpose.strip()}
    refuse_if_record_changed(
        current,
        seen=seen,
        what="group",
        wanted=wanted,
        labels=GROUP_FIELDS,
    )
    for field, value in wanted.items():
        setattr(current, field, value)
    current.full_clean(validate_constraints=False)
    _check_name(current)
    current.save()
    return current


@transaction.atomic
def set_members(
    *,
    group: Group,
    members: list[Membership],
    chair: Membership | None = None,
    seen: str | None = None,
) -> Group:
    """Choose the group's members and its chair (who must be one of them)."""
    current = Group.objects.select_for_update().get(pk=group.pk)
    members = list(members)
    refuse_if_changed(
        seen=seen,
        saved_at=current.updated_at,
        what="group",
        current={
            "members": {m.pk for m in current.members.all()},
            "chair": current.chair_id,
        },
        wanted={"members": {m.pk for m in members}, "chair": chair.pk if chair else None},
        labels=MEMBER_FIELDS,
    )
    _check_people(current, members, chair)
    had = {m.pk for m in current.members.all()}
    for member in members:
        check_still_here(member, field="members", now=member.pk if member.pk in had else None)
    check_still_here(chair, field="chair", now=current.chair_id)
    current.chair = chair
    current.save()  # saves updated_at, so the next form's `seen` notices this change
    current.members.set(members)
    return current


def create_group_meeting(*, group: Group, held_on: date, title: str = "", **details) -> Meeting:
    """A meeting of the group, called by the group's name unless given another title."""
    meeting = create_meeting(
        partnership=group.partnership, held_on=held_on, title=title or group.name, **details
    )
    meeting.group = group
    meeting.save(update_fields=["group"])
    return meeting


@transaction.atomic
def ask_group(
    *, group: Group, question: str, due_on: date, asked_by: Membership, asked_on: date
) -> DecisionRequest:
    if not question.strip():
        raise ValidationError({"question": "Write the question the group is asked to decide."})
    if due_on < asked_on:
        raise ValidationError(
            {"due_on": f"The date the answer is due must be today or later, not {day(due_on)}."}
        )
    request = DecisionRequest(
        group=group, question=question.strip(), asked_by=asked_by, asked_on=asked_on, due_on=due_on
    )
    request.full_clean()
    request.save()
    return request


def next_meeting(group: Group) -> Meeting | None:
    """The group's next meeting still open for its agenda: the earliest one not closed."""
    return group.meetings.filter(closed_at__isnull=True).order_by("held_on", "pk").first()


@transaction.atomic
def put_request_on_agenda(*, request: DecisionRequest) -> Item:
    """Add the question to the group's next open meeting as an agenda item."""
    request = DecisionRequest.objects.select_for_update().get(pk=request.pk)
    if request.item_id:
        raise ValidationError(f"This question is already on the agenda of {request.item.meeting}.")
    meeting = next_meeting(request.group)
    if meeting is None:
        raise ValidationError(
            f"{request.group.name} has no open meeting to take this question. "
            "Add a meeting first, then put the question on its agenda."
        )
    item = add_item(
        meeting=meeting,
        title=f"For decision: {request.question[:160]}",
        summary=f"Asked by {request.asked_by.display_name if request.asked_by else 'the board'}, "
        f"answer due by {day(request.due_on)}.",
    )
    request.item = item
    request.save(update_fields=["item"])
    return item
