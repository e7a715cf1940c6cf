"""What priorities puts on a person's dashboard: the open actions they own, and for
those who record the board's decisions, the proposals still awaiting one. One query
each."""

from datetime import date

from django.urls import reverse

from cycles.dashboard import WaitingItem
from partnerships.models import Membership

from . import permissions
from .models import Action, Priority


def actions_owned(membership: Membership, today: date) -> list[WaitingItem]:
    actions = Action.objects.filter(
        owner=membership,
        status__in=Action.OPEN_STATUSES,
        partnership=membership.partnership,
    )
    slug = membership.partnership.slug
    return [
        WaitingItem(
            kind="Actions you own",
            title=action.title,
            url=reverse("priorities:action", kwargs={"slug": slug, "action_id": action.pk}),
            due_on=action.due_on,
            detail=action.get_status_display(),
        )
        for action in actions
    ]


def decisions_waiting(membership: Membership, today: date) -> list[WaitingItem]:
    if not permissions.can_decide(membership):
        return []
    proposals = Priority.objects.filter(
        status=Priority.Status.PROPOSED, year__cycle__partnership=membership.partnership
    ).select_related("year")
    slug = membership.partnership.slug
    return [
        WaitingItem(
            kind="Proposals waiting for the board's decision",
            title=proposal.display_title,
            url=reverse("priorities:priority", kwargs={"slug": slug, "priority_id": proposal.pk}),
            detail=f"Year {proposal.year.number}",
        )
        for proposal in proposals
    ]
