"""Meeting pages, for the board and for its groups: meetings and their agenda items,
the board's decisions, the actions raised from them, and closing a meeting once every
item has its decision on actions."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone

from csp_assessment.dates import day
from csp_assessment.edits import edit_initial
from csp_assessment.form_pages import NOT_SAVED, confirmed, form_page, press, render_page, submitted
from csp_assessment.history import changes
from csp_assessment.pagination import paginate
from partnerships import access

from .. import cycle_selectors, meeting_papers, permissions, rules, selectors
from ..forms import (
    ActionForm,
    ActionUpdateForm,
    DecisionForm,
    ItemForm,
    MeetingEditForm,
    MeetingForm,
    OutcomeForm,
)
from ..models import Meeting
from ..services.meetings import (
    add_item,
    close_meeting,
    create_meeting,
    future_meeting_message,
    raise_action,
    record_decision,
    record_item_outcome,
    reopen_meeting,
    update_action,
    update_meeting,
)
from .crumbs import crumbs, url

# The member, if the rule allows, and the meeting the address names.
_meeting = partial(access.member_and, find=selectors.meeting_or_404)
# The member, if the rule allows, and the item the address names.
_item = partial(access.member_and, find=selectors.item_or_404)


@login_required
def meeting_list(request: HttpRequest, slug: str) -> HttpResponse:
    membership = access.require_member(request, slug)
    today = timezone.localdate()
    coming, past = selectors.coming_and_past(
        Meeting.objects.filter(partnership=membership.partnership, group__isnull=True), today
    )
    return render_page(
        request,
        "priorities/meeting_list.html",
        coming=coming,
        coming_shown=selectors.COMING_SHOWN,
        meetings=paginate(request, past),
        today=today,
    )


@login_required
def meeting_new(request: HttpRequest, slug: str) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_run_meetings)
    return form_page(
        request,
        MeetingForm(request.POST or None),
        save=partial(create_meeting, partnership=membership.partnership),
        message="Meeting saved. Now add the agenda.",
        then=lambda meeting: url("meeting", slug, meeting_id=meeting.pk),
        heading="New board meeting",
        crumbs=crumbs(slug, "Meetings", url("meetings", slug)),
    )


# What the meeting's history table names (csp_assessment/history.py).
MEETING_FIELDS = {
    "title": "Title",
    "held_on": "Date",
    "location": "Location",
    "attendees": "Attendees",
    "apologies": "Apologies",
    "closed_by": "Closed by",
}


def _meeting_to_run(request: HttpRequest, slug: str, meeting_id: int):
    """The meeting, if the viewer runs it (the board's or their group's); 403 if not."""
    membership, meeting = _meeting(request, slug, meeting_id)
    access.check(permissions.can_run_meeting(membership, meeting))
    return membership, meeting


def _item_to_run(request: HttpRequest, slug: str, item_id: int):
    membership, item = _item(request, slug, item_id)
    access.check(permissions.can_run_meeting(membership, item.meeting))
    return membership, item


def _closed(request: HttpRequest, slug: str, meeting: Meeting):
    """A closed meeting is read-only: a stale link says why and goes back to it."""
    if not meeting.is_closed():
        return None
    messages.error(
        request,
        "This meeting is closed, so it cannot be changed. "
        "An admin or analyst can reopen it to correct it.",
    )
    return redirect(url("meeting", slug, meeting_id=meeting.pk))


@login_required
def meeting_edit(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    _, meeting = _meeting_to_run(request, slug, meeting_id)
    if closed := _closed(request, slug, meeting):
        return closed
    form = MeetingEditForm(
        request.POST or None,
        initial=edit_initial(meeting, "title", "held_on", "location", "attendees", "apologies"),
    )
    return _meeting_form_page(
        request,
        slug,
        meeting,
        form,
        save=partial(update_meeting, meeting=meeting, today=timezone.localdate()),
        message="Meeting saved.",
        heading=f"Change the meeting of {day(meeting.held_on)}",
        history=changes(meeting, MEETING_FIELDS, long_text=frozenset({"attendees", "apologies"})),
    )


@login_required
def meeting_detail(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    membership, meeting = _meeting(request, slug, meeting_id)
    items = list(
        meeting.items.prefetch_related(
            "decisions__priority__year",
            "decisions__decided_by__user",
            "actions__owner__user",
            "actions__owner_agency",
            "actions__owner_group",
        )
    )
    spans = cycle_selectors.spans_by_cycle(membership.partnership_id)
    papers = meeting_papers.papers_by_item(meeting)
    for item in items:
        item.papers = papers.get(item.pk, [])
        for decision in item.decisions.all():
            decision.agreed_for = (
                cycle_selectors.decided_for(decision.priority, spans) if decision.approves() else ""
            )
    runs = permissions.can_run_meeting(membership, meeting) and not meeting.is_closed()
    today = timezone.localdate()
    return render_page(
        request,
        "priorities/meeting.html",
        meeting=meeting,
        items=items,
        follow_up=selectors.follow_up_actions(meeting),
        has_happened=meeting.has_happened(today),
        decides=(
            permissions.can_decide(membership)
            and meeting.takes_board_decisions(today)
            and selectors.awaiting_decision(membership.partnership).exists()
        ),
        history=changes(meeting, MEETING_FIELDS, long_text=frozenset({"attendees", "apologies"})),
        item_form=ItemForm() if runs else None,
        runs=runs,
        may_reopen=meeting.is_closed() and permissions.can_reopen_meetings(membership),
        undecided=rules.undecided_items([(item.title, item.outcome) for item in items]),
    )


def _meeting_form_page(request, slug: str, meeting: Meeting, form, **flow) -> HttpResponse:
    """A form about one meeting: it sits under the meeting and returns to it."""
    meeting_url = url("meeting", slug, meeting_id=meeting.pk)
    trail = crumbs(slug, str(meeting), meeting_url)
    if meeting.group_id:
        trail.insert(1, (meeting.group.name, url("group", slug, group_id=meeting.group_id)))
    return form_page(request, form, then=meeting_url, crumbs=trail, **flow)


@login_required
def meeting_close(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    """Close a meeting, after a confirmation. Refused, with the items named, while any
    agenda item has no decision on actions."""
    membership, meeting = _meeting_to_run(request, slug, meeting_id)
    meeting_url = url("meeting", slug, meeting_id=meeting.pk)
    if confirmed(request):
        press(
            request,
            partial(close_meeting, meeting=meeting, closed_by=membership),
            "Meeting closed. Every agenda item has its decision on actions.",
        )
        return redirect(meeting_url)
    if closed := _closed(request, slug, meeting):
        return closed
    return render_page(
        request, "priorities/meeting_close.html", meeting=meeting, closing=True, back=meeting_url
    )


@login_required
def meeting_reopen(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    _, meeting = _meeting(request, slug, meeting_id, permissions.can_reopen_meetings)
    meeting_url = url("meeting", slug, meeting_id=meeting.pk)
    if confirmed(request):
        press(request, partial(reopen_meeting, meeting=meeting), "Meeting reopened.")
        return redirect(meeting_url)
    if not meeting.is_closed():
        messages.info(request, "This meeting is open already.")
        return redirect(meeting_url)
    return render_page(
        request, "priorities/meeting_close.html", meeting=meeting, closing=False, back=meeting_url
    )


@login_required
def item_new(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    _, meeting = _meeting_to_run(request, slug, meeting_id)
    if closed := _closed(request, slug, meeting):
        return closed
    return _meeting_form_page(
        request,
        slug,
        meeting,
        ItemForm(request.POST or None),
        save=partial(add_item, meeting=meeting),
        message="Agenda item added.",
        heading="Add an agenda item",
    )


@login_required
def item_outcome(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    membership, item = _item_to_run(request, slug, item_id)
    if closed := _closed(request, slug, item.meeting):
        return closed
    who = f"the {item.meeting.group.name}" if item.meeting.group_id else "the board"
    return _meeting_form_page(
        request,
        slug,
        item.meeting,
        OutcomeForm(request.POST or None, initial={"outcome": item.outcome}, who=who),
        save=partial(record_item_outcome, item=item),
        message="Outcome saved.",
        heading=f"Outcome: {item.title}",
    )


def _decision_message(decision) -> str:
    message = (
        f"Decision recorded: {decision.priority.title}, {decision.get_outcome_display().lower()}"
    )
    if not decision.approves():
        return message + "."
    spans = cycle_selectors.spans_by_cycle(decision.priority.year.cycle.partnership_id)
    return f"{message}, {cycle_selectors.decided_for(decision.priority, spans)}."


@login_required
def decision_new(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    membership, item = _item(request, slug, item_id, permissions.can_decide)
    # The board decides on priorities at its own meetings, not at a group's.
    access.check(item.meeting.group_id is None)
    if closed := _closed(request, slug, item.meeting):
        return closed
    today = timezone.localdate()
    if not item.meeting.has_happened(today):
        # Not offered on the page; a bookmarked or stale link says why and goes back.
        messages.error(request, future_meeting_message(item.meeting))
        return redirect(url("meeting", slug, meeting_id=item.meeting_id))
    if not selectors.awaiting_decision(membership.partnership).exists():
        messages.info(request, "No proposal is waiting for the board's decision.")
        return redirect(url("meeting", slug, meeting_id=item.meeting_id))
    spans = cycle_selectors.spans_by_cycle(membership.partnership_id)
    return _meeting_form_page(
        request,
        slug,
        item.meeting,
        DecisionForm(
            request.POST or None,
            partnership=membership.partnership,
            decided_for=partial(cycle_selectors.decided_for, spans=spans),
        ),
        save=partial(record_decision, item=item, decided_by=membership, today=today),
        message=_decision_message,
        heading=f"Record a decision: {item.title}",
        intro="The board agrees priorities for the whole cycle, not one year. Priorities "
        "agreed in the cycle's first year carry through every later year without a new "
        "decision. A priority or focus area agreed later counts for the rest of the "
        "cycle. The decision keeps a copy of the proposal as it stands now, with its "
        "issues' scores and ranks.",
    )


@login_required
def action_new(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    membership, item = _item_to_run(request, slug, item_id)
    if closed := _closed(request, slug, item.meeting):
        return closed
    decision = None
    if request.GET.get("decision", "").isdigit():
        decision = get_object_or_404(item.decisions, pk=int(request.GET["decision"]))
    return _meeting_form_page(
        request,
        slug,
        item.meeting,
        ActionForm(
            request.POST or None,
            partnership=membership.partnership,
            initial={"owner_group": item.meeting.group_id},
        ),
        save=partial(
            raise_action,
            partnership=membership.partnership,
            item=item,
            decision=decision,
            raised_on=item.meeting.held_on,
        ),
        message="Action raised.",
        heading=f"Raise an action: {decision.priority.title if decision else item.title}",
    )


@login_required
def action_detail(request: HttpRequest, slug: str, action_id: int) -> HttpResponse:
    membership = access.require_member(request, slug)
    action = get_object_or_404(
        selectors.actions_with_updates(), pk=action_id, partnership=membership.partnership
    )
    can_update = permissions.can_update_action(membership, action)
    if request.method == "POST":
        access.check(can_update)
    form = None
    if can_update:
        form = ActionUpdateForm(
            request.POST or None,
            initial={"status": action.status, "partner_response": action.partner_response},
        )
        saved = submitted(
            request,
            form,
            partial(
                update_action, action=action, author=membership, written_on=timezone.localdate()
            ),
        )
        if saved is not NOT_SAVED:
            messages.success(request, "Update saved.")
            return redirect("priorities:action", slug=slug, action_id=action.pk)
    return render_page(request, "priorities/action.html", action=action, form=form)
