"""What priorities puts on a person's dashboard: the open actions they own, the open
actions and unanswered questions of the groups they belong to, and for those who
record the board's decisions, the proposals still awaiting one. One query each. And a
panel: progress against the cycle's priorities."""

from datetime import date

from django.db.models import Q
from django.urls import reverse

from csp_assessment.text import shorten
from cycles.dashboard import Panel, WaitingItem
from partnerships.models import Membership

from . import cycle_selectors, permissions, selectors
from .models import Action, DecisionRequest, Priority


def actions_owned(membership: Membership, today: date) -> list[WaitingItem]:
    actions = Action.objects.filter(
        owner=membership,
        status__in=Action.OPEN_STATUSES,
        partnership=membership.partnership,
    )
    slug = membership.partnership.slug
    return [
        _action_item(action, slug, kind="Actions you own", detail=action.get_status_display())
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


def _action_item(action: Action, slug: str, *, kind: str, detail: str) -> WaitingItem:
    """An open action as the dashboard lists it: its title, linked to its page, and when
    it is due. `kind` names the list it is in; `detail` says what matters there."""
    return WaitingItem(
        kind=kind,
        title=action.title,
        url=reverse("priorities:action", kwargs={"slug": slug, "action_id": action.pk}),
        due_on=action.due_on,
        detail=detail,
    )


def _in_my_groups(membership: Membership, prefix: str) -> Q:
    return Q(**{f"{prefix}members": membership}) | Q(**{f"{prefix}chair": membership})


def group_work(membership: Membership, today: date) -> list[WaitingItem]:
    """The open actions the person's groups own (not those they own themselves, listed
    above) and the questions put to their groups that no meeting has answered yet."""
    slug = membership.partnership.slug
    actions = (
        Action.objects.filter(
            _in_my_groups(membership, "owner_group__"),
            status__in=Action.OPEN_STATUSES,
            partnership=membership.partnership,
        )
        .exclude(owner=membership)
        .select_related("owner_group")
        .distinct()
    )
    questions = (
        DecisionRequest.objects.filter(
            _in_my_groups(membership, "group__"), group__partnership=membership.partnership
        )
        .filter(Q(item__isnull=True) | Q(item__outcome=""))
        .select_related("group")
        .distinct()
    )
    return [
        _action_item(action, slug, kind="Actions your groups own", detail=action.owner_group.name)
        for action in actions
    ] + [
        WaitingItem(
            kind="Questions put to your groups",
            title=shorten(question.question, 80),
            url=reverse("priorities:group", kwargs={"slug": slug, "group_id": question.group_id}),
            due_on=question.due_on,
            detail=question.group.name if question.item_id is None else "On an agenda",
        )
        for question in questions
    ]


def cycle_priorities_panel(membership: Membership, today: date) -> Panel | None:
    """The cycle's priorities in force this year, with leads, KPIs and a RAG: the
    dashboard's progress panel. Nothing before the cycle has a year."""
    year = selectors.current_year(membership.partnership, today)
    if year is None:
        return None
    return Panel(
        "priorities/_dashboard_panel.html",
        {"progress": cycle_selectors.cycle_progress(year), "year": year},
    )
