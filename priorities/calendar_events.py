"""What priorities puts in a person's calendar: the board's meetings (for those who run
them) and their groups' meetings, six-month reviews (for those who write them and the
leads of agreed priorities, as the reminder goes), the open actions they own, and the
questions put to their groups. One query each."""

from collections.abc import Sequence

from django.db.models import Q

from csp_assessment.text import shorten
from cycles.calendar import CalendarEvent, EventMaker, Window, partnerships_where
from partnerships.models import Membership

from . import permissions
from .models import Action, DecisionRequest, Meeting, Priority, Review


def meetings(memberships: Sequence[Membership], window: Window) -> list[CalendarEvent]:
    board = partnerships_where(memberships, permissions.can_run_meetings)
    found = (
        Meeting.objects.filter(
            Q(group__isnull=True, partnership__in=board)
            | Q(group__members__in=memberships)
            | Q(group__chair__in=memberships),
            held_on__range=window.dates,
        )
        .select_related("partnership", "group")
        .distinct()
    )
    make = EventMaker(memberships)
    events = []
    for meeting in found:
        where = f"Location: {meeting.location}." if meeting.location else ""
        events.append(
            make(
                meeting.partnership,
                uid=f"meeting-{meeting.pk}",
                on=meeting.held_on,
                summary=f"Meeting: {meeting.title}",
                view="priorities:meeting",
                ids={"meeting_id": meeting.pk},
                description=" ".join(
                    part
                    for part in (meeting.group.name + "." if meeting.group else "", where)
                    if part
                ),
            )
        )
    return events


def reviews(memberships: Sequence[Membership], window: Window) -> list[CalendarEvent]:
    writes = partnerships_where(memberships, permissions.can_manage)
    found = (
        Review.objects.filter(
            Q(year__cycle__partnership__in=writes)
            | Q(
                year__cycle__years__priorities__lead__in=memberships,
                year__cycle__years__priorities__status=Priority.Status.AGREED,
            ),
            review_on__range=window.dates,
        )
        .select_related("year__cycle__partnership")
        .distinct()
    )
    make = EventMaker(memberships)
    return [
        make(
            review.year.cycle.partnership,
            uid=f"six-month-review-{review.pk}",
            on=review.review_on,
            summary=f"Six-month review of {review.year.label}",
            view="priorities:review",
            ids={"year_id": review.year_id},
            description=f"{review.get_status_display()}.",
        )
        for review in found
    ]


def actions_due(memberships: Sequence[Membership], window: Window) -> list[CalendarEvent]:
    found = Action.objects.filter(
        owner__in=memberships,
        status__in=Action.OPEN_STATUSES,
        due_on__range=window.dates,
    ).select_related("partnership")
    make = EventMaker(memberships)
    return [
        make(
            action.partnership,
            uid=f"action-{action.pk}",
            on=action.due_on,
            summary=f"Action due: {action.title}",
            view="priorities:action",
            ids={"action_id": action.pk},
            description=f"{action.get_status_display()}.",
        )
        for action in found
    ]


def questions_due(memberships: Sequence[Membership], window: Window) -> list[CalendarEvent]:
    """Questions put to the person's groups that no meeting has answered yet."""
    found = (
        DecisionRequest.objects.filter(
            Q(group__members__in=memberships) | Q(group__chair__in=memberships),
            due_on__range=window.dates,
        )
        .filter(Q(item__isnull=True) | Q(item__outcome=""))
        .select_related("group__partnership")
        .distinct()
    )
    make = EventMaker(memberships)
    events = []
    for question in found:
        group = question.group
        events.append(
            make(
                group.partnership,
                uid=f"group-question-{question.pk}",
                on=question.due_on,
                summary=f"Decision due from {group.name}: {shorten(question.question, 80)}",
                view="priorities:group",
                ids={"group_id": group.pk},
                description=question.question,
            )
        )
    return events
