"""Board meeting pages: meetings and their agenda items, the board's decisions, and
the actions raised from them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone

from csp_assessment.form_pages import render_page
from partnerships import access
from partnerships.views import add_service_errors

from .. import permissions, selectors
from ..forms import (
    ActionForm,
    ActionUpdateForm,
    DecisionForm,
    ItemForm,
    MeetingForm,
    OutcomeForm,
)
from ..models import Meeting
from ..services.meetings import (
    add_item,
    create_meeting,
    raise_action,
    record_decision,
    record_item_outcome,
    update_action,
)
from .shared import _form_page


@login_required
def meeting_list(request: HttpRequest, slug: str) -> HttpResponse:
    membership = access.require_member(request, slug)
    meetings = Meeting.objects.filter(partnership=membership.partnership)
    return render_page(
        request,
        "priorities/meeting_list.html",
        meetings=meetings,
    )


@login_required
def meeting_new(request: HttpRequest, slug: str) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_run_meetings)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        meeting = create_meeting(partnership=membership.partnership, **form.cleaned_data)
        messages.success(request, "Meeting saved. Now add the agenda.")
        return redirect("priorities:meeting", slug=slug, meeting_id=meeting.pk)
    return _form_page(
        request,
        membership,
        form,
        "New board meeting",
        f"/p/{slug}/priorities/meetings/",
        "Meetings",
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
        item_form=ItemForm() if permissions.can_run_meetings(membership) else None,
    )


@login_required
def item_new(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_run_meetings)
    meeting = selectors.meeting_or_404(membership.partnership, meeting_id)
    form = ItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        add_item(meeting=meeting, **form.cleaned_data)
        messages.success(request, "Agenda item added.")
        return redirect("priorities:meeting", slug=slug, meeting_id=meeting.pk)
    back = f"/p/{slug}/priorities/meetings/{meeting.pk}/"
    return _form_page(request, membership, form, "Add an agenda item", back, str(meeting))


@login_required
def item_outcome(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_run_meetings)
    item = selectors.item_or_404(membership.partnership, item_id)
    form = OutcomeForm(request.POST or None, initial={"outcome": item.outcome})
    if request.method == "POST" and form.is_valid():
        try:
            record_item_outcome(item=item, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Outcome saved.")
            return redirect("priorities:meeting", slug=slug, meeting_id=item.meeting_id)
    back = f"/p/{slug}/priorities/meetings/{item.meeting_id}/"
    return _form_page(request, membership, form, f"Outcome: {item.title}", back, str(item.meeting))


@login_required
def decision_new(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_decide)
    item = selectors.item_or_404(membership.partnership, item_id)
    form = DecisionForm(request.POST or None, partnership=membership.partnership)
    if request.method == "POST" and form.is_valid():
        try:
            decision = record_decision(item=item, decided_by=membership, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"Decision recorded: {decision.priority.title}, "
                f"{decision.get_outcome_display().lower()}.",
            )
            return redirect("priorities:meeting", slug=slug, meeting_id=item.meeting_id)
    back = f"/p/{slug}/priorities/meetings/{item.meeting_id}/"
    return _form_page(
        request,
        membership,
        form,
        f"Record a decision: {item.title}",
        back,
        str(item.meeting),
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
    form = ActionForm(request.POST or None, partnership=membership.partnership)
    if request.method == "POST" and form.is_valid():
        try:
            raise_action(
                partnership=membership.partnership,
                item=item,
                decision=decision,
                raised_on=item.meeting.held_on,
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Action raised.")
            return redirect("priorities:meeting", slug=slug, meeting_id=item.meeting_id)
    back = f"/p/{slug}/priorities/meetings/{item.meeting_id}/"
    heading = f"Raise an action: {decision.priority.title if decision else item.title}"
    return _form_page(request, membership, form, heading, back, str(item.meeting))


@login_required
def action_detail(request: HttpRequest, slug: str, action_id: int) -> HttpResponse:
    membership = access.require_member(request, slug)
    action = get_object_or_404(
        selectors.actions_with_updates(), pk=action_id, partnership=membership.partnership
    )
    can_update = permissions.can_update_action(membership, action)
    form = None
    if can_update:
        form = ActionUpdateForm(
            request.POST or None,
            initial={"status": action.status, "partner_response": action.partner_response},
        )
    if request.method == "POST":
        access.check(can_update)
        if form.is_valid():
            try:
                update_action(
                    action=action,
                    author=membership,
                    written_on=timezone.localdate(),
                    **form.cleaned_data,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "Update saved.")
                return redirect("priorities:action", slug=slug, action_id=action.pk)
    return render_page(request, "priorities/action.html", action=action, form=form)
