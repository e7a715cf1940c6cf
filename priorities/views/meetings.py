"""Board meeting pages: meetings and their agenda items, the board's decisions, and
the actions raised from them."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone

from csp_assessment.edits import seen_token
from csp_assessment.form_pages import NOT_SAVED, form_page, render_page, submitted
from csp_assessment.history import changes
from partnerships import access

from .. import permissions, selectors
from ..forms import (
    ActionForm,
    ActionUpdateForm,
    DecisionForm,
    ItemForm,
    MeetingEditForm,
    MeetingForm,
    OutcomeForm,
)
from ..models import Item, Meeting
from ..services.meetings import (
    add_item,
    create_meeting,
    future_meeting_message,
    raise_action,
    record_decision,
    record_item_outcome,
    update_action,
    update_meeting,
)
from .crumbs import crumbs, url


@login_required
def meeting_list(request: HttpRequest, slug: str) -> HttpResponse:
    membership = access.require_member(request, slug)
    meetings = Meeting.objects.filter(partnership=membership.partnership)
    return render_page(request, "priorities/meeting_list.html", meetings=meetings)


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
}


@login_required
def meeting_edit(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_run_meetings)
    meeting = selectors.meeting_or_404(membership.partnership, meeting_id)
    form = MeetingEditForm(
        request.POST or None,
        initial={
            "title": meeting.title,
            "held_on": meeting.held_on,
            "location": meeting.location,
            "attendees": meeting.attendees,
            "apologies": meeting.apologies,
            "seen": seen_token(meeting.updated_at),
        },
    )
    return _meeting_form_page(
        request,
        slug,
        meeting,
        form,
        save=partial(update_meeting, meeting=meeting, today=timezone.localdate()),
        message="Meeting saved.",
        heading=f"Change the meeting of {meeting.held_on:%-d %B %Y}",
        history=changes(meeting, MEETING_FIELDS, long_text=frozenset({"attendees", "apologies"})),
    )


@login_required
def meeting_detail(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    membership = access.require_member(request, slug)
    meeting = selectors.meeting_or_404(membership.partnership, meeting_id)
    items = list(
        meeting.items.prefetch_related(
            "decisions__priority",
            "decisions__decided_by__user",
            "actions__owner__user",
            "actions__owner_agency",
        )
    )
    return render_page(
        request,
        "priorities/meeting.html",
        meeting=meeting,
        items=items,
        follow_up=selectors.follow_up_actions(meeting),
        has_happened=meeting.has_happened(timezone.localdate()),
        history=changes(meeting, MEETING_FIELDS, long_text=frozenset({"attendees", "apologies"})),
        item_form=ItemForm() if permissions.can_run_meetings(membership) else None,
    )


def _meeting_form_page(request, slug: str, meeting: Meeting, form, **flow) -> HttpResponse:
    """A form about one meeting: it sits under the meeting and returns to it."""
    meeting_url = url("meeting", slug, meeting_id=meeting.pk)
    return form_page(
        request, form, then=meeting_url, crumbs=crumbs(slug, str(meeting), meeting_url), **flow
    )


@login_required
def item_new(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_run_meetings)
    meeting = selectors.meeting_or_404(membership.partnership, meeting_id)
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
    membership = access.require_member(request, slug, permissions.can_run_meetings)
    item = selectors.item_or_404(membership.partnership, item_id)
    return _meeting_form_page(
        request,
        slug,
        item.meeting,
        OutcomeForm(request.POST or None, initial={"outcome": item.outcome}),
        save=partial(record_item_outcome, item=item),
        message="Outcome saved.",
        heading=f"Outcome: {item.title}",
    )


def _decision_message(decision) -> str:
    return (
        f"Decision recorded: {decision.priority.title}, {decision.get_outcome_display().lower()}."
    )


@login_required
def decision_new(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_decide)
    item: Item = selectors.item_or_404(membership.partnership, item_id)
    today = timezone.localdate()
    if not item.meeting.has_happened(today):
        # Not offered on the page; a bookmarked or stale link says why and goes back.
        messages.error(request, future_meeting_message(item.meeting))
        return redirect(url("meeting", slug, meeting_id=item.meeting_id))
    return _meeting_form_page(
        request,
        slug,
        item.meeting,
        DecisionForm(request.POST or None, partnership=membership.partnership),
        save=partial(record_decision, item=item, decided_by=membership, today=today),
        message=_decision_message,
        heading=f"Record a decision: {item.title}",
        intro="The decision keeps a copy of the proposal as it stands now, "
        "with its issues' scores and ranks.",
    )


@login_required
def action_new(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_run_meetings)
    item = selectors.item_or_404(membership.partnership, item_id)
    decision = None
    if request.GET.get("decision", "").isdigit():
        decision = get_object_or_404(item.decisions, pk=int(request.GET["decision"]))
    return _meeting_form_page(
        request,
        slug,
        item.meeting,
        ActionForm(request.POST or None, partnership=membership.partnership),
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
