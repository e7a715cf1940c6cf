"""The groups around the board: the list, a group's page (members, meetings, the
actions it owns and the questions put to it), setting a group up and choosing its
members, its meetings, and asking it for a decision."""

from functools import partial

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from csp_assessment.edits import edit_initial
from csp_assessment.form_pages import form_page, press, render_page
from csp_assessment.history import changes
from csp_assessment.pagination import paginate, paginate_table
from partnerships import access

from .. import permissions, selectors
from ..forms import DecisionRequestForm, GroupEditForm, GroupForm, GroupMembersForm, MeetingForm
from ..models import DecisionRequest, Group
from ..services.groups import (
    ask_group,
    create_group,
    create_group_meeting,
    next_meeting,
    put_request_on_agenda,
    set_members,
    update_group,
)
from ..tables import GroupTable
from .crumbs import crumbs, url

# What a group's history table names (csp_assessment/history.py).
GROUP_FIELDS = {
    "kind": "Kind",
    "name": "Name",
    "purpose": "Purpose",
    "chair": "Chair",
    "members": "Members",
}
LONG = frozenset({"purpose", "members"})


def _group_crumbs(slug: str, group: Group | None = None) -> list[tuple[str, str]]:
    trail = crumbs(slug, "Groups", url("groups", slug))
    if group is not None:
        trail.append((group.name, url("group", slug, group_id=group.pk)))
    return trail


@login_required
def group_list(request: HttpRequest, slug: str) -> HttpResponse:
    membership = access.require_member(request, slug)
    groups = Group.objects.filter(partnership=membership.partnership).select_related(
        "partnership", "chair__user"
    )
    table = GroupTable(groups)
    return render_page(request, "priorities/group_list.html", table=paginate_table(request, table))


# The member, if the rule allows, and the group the address names.
_group = partial(access.member_and, find=selectors.group_or_404)


@login_required
def group_new(request: HttpRequest, slug: str) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_manage_groups)
    return form_page(
        request,
        GroupForm(request.POST or None),
        save=partial(create_group, partnership=membership.partnership),
        message=lambda group: f"{group.name} set up. Now choose its members and chair.",
        then=lambda group: url("group_members", slug, group_id=group.pk),
        heading="Set up a group",
        crumbs=_group_crumbs(slug),
    )


@login_required
def group_edit(request: HttpRequest, slug: str, group_id: int) -> HttpResponse:
    _, group = _group(request, slug, group_id, permissions.can_manage_groups)
    form = GroupEditForm(
        request.POST or None,
        initial=edit_initial(group, "kind", "name", "purpose"),
    )
    return form_page(
        request,
        form,
        save=partial(update_group, group=group),
        message="Group saved.",
        then=url("group", slug, group_id=group.pk),
        heading=f"Change {group.name}",
        crumbs=_group_crumbs(slug, group),
        history=changes(group, GROUP_FIELDS, long_text=LONG),
    )


@login_required
def group_members(request: HttpRequest, slug: str, group_id: int) -> HttpResponse:
    membership, group = _group(request, slug, group_id, permissions.can_manage_groups)
    form = GroupMembersForm(
        request.POST or None,
        partnership=membership.partnership,
        initial=edit_initial(
            group, members=list(group.members.values_list("pk", flat=True)), chair=group.chair_id
        ),
    )
    return form_page(
        request,
        form,
        save=partial(set_members, group=group),
        message="Members saved.",
        then=url("group", slug, group_id=group.pk),
        heading=f"Members of {group.name}",
        intro="Members and the chair run the group's meetings and update the actions it owns.",
        crumbs=_group_crumbs(slug, group),
    )


@login_required
def group_detail(request: HttpRequest, slug: str, group_id: int) -> HttpResponse:
    membership, group = _group(request, slug, group_id)
    runs = permissions.can_run_group(membership, group)
    today = timezone.localdate()
    coming, past = selectors.coming_and_past(group.meetings.all(), today)
    return render_page(
        request,
        "priorities/group.html",
        group=group,
        members=group.members.select_related("user", "agency"),
        coming=coming,
        coming_shown=selectors.COMING_SHOWN,
        meetings=paginate(request, past),
        today=today,
        actions=selectors.actions_with_updates().filter(owner_group=group),
        requests=group.requests.select_related("asked_by__user", "item__meeting"),
        runs=runs,
        # The meeting a question would go to, so the page offers only what it can do.
        next_meeting=next_meeting(group) if runs else None,
        history=changes(group, GROUP_FIELDS, long_text=LONG),
    )


@login_required
def group_meeting_new(request: HttpRequest, slug: str, group_id: int) -> HttpResponse:
    membership, group = _group(request, slug, group_id)
    access.check(permissions.can_run_group(membership, group))
    return form_page(
        request,
        MeetingForm(request.POST or None, initial={"title": group.name}),
        save=partial(create_group_meeting, group=group),
        message="Meeting saved. Now add the agenda.",
        then=lambda meeting: url("meeting", slug, meeting_id=meeting.pk),
        heading=f"New meeting of {group.name}",
        crumbs=_group_crumbs(slug, group),
    )


@login_required
def request_new(request: HttpRequest, slug: str, group_id: int) -> HttpResponse:
    membership, group = _group(request, slug, group_id, permissions.can_ask_groups)
    return form_page(
        request,
        DecisionRequestForm(request.POST or None),
        save=partial(ask_group, group=group, asked_by=membership, asked_on=timezone.localdate()),
        message=f"Question put to {group.name}.",
        then=url("group", slug, group_id=group.pk),
        heading=f"Ask {group.name} for a decision",
        intro="The question goes on the group's page. Its members put it on the agenda of "
        "their next meeting; the item's decision on actions answers it.",
        crumbs=_group_crumbs(slug, group),
    )


@login_required
@require_POST
def request_to_agenda(request: HttpRequest, slug: str, request_id: int) -> HttpResponse:
    membership = access.require_member(request, slug)
    question = get_object_or_404(
        DecisionRequest.objects.select_related("group", "asked_by__user"),
        pk=request_id,
        group__partnership=membership.partnership,
    )
    access.check(permissions.can_run_group(membership, question.group))
    press(
        request,
        partial(put_request_on_agenda, request=question),
        lambda item: f"The question is on the agenda of {item.meeting}.",
    )
    return redirect(url("group", slug, group_id=question.group_id))
