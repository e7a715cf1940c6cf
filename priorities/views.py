"""Priorities pages: proposals and the comparison with last cycle, board meetings and
decisions, KPIs and actions, escalation to the county, compliance checklists, and the
public summary. Every view resolves the person's membership first (404 for outsiders)."""

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from consultation.models import Survey
from consultation.selectors import survey_results
from cycles.models import CycleYear
from cycles.services import previous_year
from partnerships import access
from partnerships.models import Membership, Partnership, Role
from partnerships.views import add_service_errors

from . import rules, selectors, services, workbooks
from .forms import (
    ActionForm,
    ActionUpdateForm,
    AdoptForm,
    ChecklistItemForm,
    DecisionForm,
    EscalationForm,
    ItemForm,
    KPIForm,
    KPIValueForm,
    MeetingForm,
    OutcomeForm,
    ProposalForm,
    ReviewForm,
    StartChecklistForm,
    YouSaidWeDidForm,
)
from .models import (
    KPI,
    Action,
    ChecklistItem,
    ChecklistRun,
    Item,
    Meeting,
    Priority,
    Review,
    YouSaidWeDid,
)

# Who may do what (issue 5): analysts propose; board members record decisions; leads
# update their KPIs and actions; admins and analysts run checklists; everyone reads.
PROPOSE = (Role.ANALYST,)
DECIDE = (Role.BOARD_MEMBER,)
MANAGE = (Role.ADMIN, Role.ANALYST)
MEETINGS = (Role.ADMIN, Role.ANALYST, Role.BOARD_MEMBER)
RUN_CHECKLISTS = (Role.ADMIN, Role.ANALYST)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _year(membership: Membership, year_id: int) -> CycleYear:
    return get_object_or_404(
        CycleYear.objects.select_related("cycle__partnership"),
        pk=year_id,
        cycle__partnership=membership.partnership,
    )


def _priority(membership: Membership, priority_id: int) -> Priority:
    return get_object_or_404(
        Priority.objects.select_related("year__cycle__partnership", "lead__user", "lead_agency"),
        pk=priority_id,
        year__cycle__partnership=membership.partnership,
    )


def _meeting(membership: Membership, meeting_id: int) -> Meeting:
    return get_object_or_404(Meeting, pk=meeting_id, partnership=membership.partnership)


def _item(membership: Membership, item_id: int) -> Item:
    return get_object_or_404(
        Item.objects.select_related("meeting"),
        pk=item_id,
        meeting__partnership=membership.partnership,
    )


def _leads(membership: Membership, priority: Priority) -> bool:
    return membership.role in MANAGE or priority.lead_id == membership.pk


def _require_lead(membership: Membership, priority: Priority) -> None:
    if not _leads(membership, priority):
        raise PermissionDenied("Only the priority's lead, analysts and admins can change its KPIs.")


def _can_update_action(membership: Membership, action: Action) -> bool:
    return membership.role in MEETINGS or action.owner_id == membership.pk


def _page(request, template: str, membership: Membership, **context) -> HttpResponse:
    return render(request, template, {"partnership": membership.partnership, **context})


def _form_page(request, membership, form, heading: str, back: str, back_label: str, intro=""):
    return _page(
        request,
        "priorities/form_page.html",
        membership,
        form=form,
        heading=heading,
        back=back,
        back_label=back_label,
        intro=intro,
    )


# Priorities -------------------------------------------------------------------------------


@login_required
def index(request: HttpRequest, slug: str) -> HttpResponse:
    membership = access.require_member(request, slug)
    year = selectors.current_year(membership.partnership, timezone.localdate())
    if year is not None:
        return redirect("priorities:year", slug=slug, year_id=year.pk)
    return _page(request, "priorities/no_year.html", membership)


@login_required
def year_priorities(request: HttpRequest, slug: str, year_id: int) -> HttpResponse:
    membership = access.require_member(request, slug)
    year = _year(membership, year_id)
    overview = selectors.year_overview(year)
    years = CycleYear.objects.filter(cycle__partnership=membership.partnership).select_related(
        "cycle"
    )
    return _page(
        request,
        "priorities/year.html",
        membership,
        year=year,
        overview=overview,
        years=years,
        can_propose=membership.role in PROPOSE,
        can_manage=membership.role in MANAGE,
        status_rule=rules.STATUS_RULE,
    )


def _proposal_form(request, year: CycleYear, **kwargs) -> tuple[ProposalForm, dict]:
    ranking = selectors.year_ranking(year)
    form = ProposalForm(
        request.POST or None,
        year=year,
        previous=previous_year(year),
        ranks=ranking.ranks,
        **kwargs,
    )
    return form, {"ranking": ranking}


@require_POST
@login_required
def carry_over(request: HttpRequest, slug: str, year_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, PROPOSE)
    year = _year(membership, year_id)
    try:
        copies = services.carry_over_priorities(year=year)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if copies:
            messages.success(
                request,
                f"{len(copies)} of last year's agreed priorities proposed again. "
                "The board decides on each.",
            )
        else:
            messages.info(request, "Every agreed priority from last year is already proposed.")
    return redirect("priorities:year", slug=slug, year_id=year.pk)


@login_required
def propose(request: HttpRequest, slug: str, year_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, PROPOSE)
    year = _year(membership, year_id)
    form, extra = _proposal_form(request, year)
    if request.method == "POST" and form.is_valid():
        try:
            priority = services.propose_priority(year=year, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{priority.title} proposed.")
            return redirect("priorities:year", slug=slug, year_id=year.pk)
    return _page(
        request,
        "priorities/proposal_form.html",
        membership,
        form=form,
        year=year,
        heading=f"Propose a priority for {year.label}",
        **extra,
    )


@login_required
def priority_edit(request: HttpRequest, slug: str, priority_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, PROPOSE)
    priority = _priority(membership, priority_id)
    initial = {
        "title": priority.title,
        "emphasis": priority.emphasis,
        "rationale": priority.rationale,
        "lead": priority.lead,
        "lead_agency": priority.lead_agency,
        "proposed_kpis": priority.proposed_kpis,
        "continues": priority.continues,
        "issues": list(priority.issues.all()),
    }
    form, extra = _proposal_form(request, priority.year, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_priority(priority=priority, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{priority.title} saved.")
            return redirect(priority)
    return _page(
        request,
        "priorities/proposal_form.html",
        membership,
        form=form,
        year=priority.year,
        heading=f"Change {priority.title}",
        **extra,
    )


@login_required
def priority_detail(request: HttpRequest, slug: str, priority_id: int) -> HttpResponse:
    membership = access.require_member(request, slug)
    priority = selectors.priorities_for(
        Q(pk=priority_id, year__cycle__partnership=membership.partnership)
    ).first()
    if priority is None:
        raise Http404("No such priority")
    card = selectors.priority_card(priority, selectors.year_ranking(priority.year))
    actions = list(selectors.actions_with_updates().filter(priority=priority))
    return _page(
        request,
        "priorities/priority.html",
        membership,
        priority=priority,
        card=card,
        actions=actions,
        can_propose=membership.role in PROPOSE,
        can_lead=_leads(membership, priority),
        status_rule=rules.STATUS_RULE,
        escalation_form=EscalationForm() if membership.role in PROPOSE else None,
    )


@require_POST
@login_required
def publish(request: HttpRequest, slug: str, year_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, PROPOSE)
    year = _year(membership, year_id)
    try:
        count = services.publish_priorities(year=year)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{count} agreed priorities published on the public summary.")
    return redirect("priorities:year", slug=slug, year_id=year.pk)


@login_required
def escalate(request: HttpRequest, slug: str, priority_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, PROPOSE)
    priority = _priority(membership, priority_id)
    form = EscalationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.escalate_priority(priority=priority, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{priority.title} escalated to the county.")
            return redirect(priority)
    return _form_page(
        request,
        membership,
        form,
        f"Escalate {priority.title} to the county",
        priority.get_absolute_url(),
        priority.title,
    )


@login_required
def review_edit(request: HttpRequest, slug: str, year_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, MANAGE)
    year = _year(membership, year_id)
    review = Review.objects.filter(year=year).first()
    form = ReviewForm(
        request.POST or None,
        initial={"review_on": review.review_on, "note": review.note} if review else None,
    )
    if request.method == "POST" and form.is_valid():
        services.set_review(year=year, **form.cleaned_data)
        messages.success(request, "Review date saved. A reminder goes out two weeks before.")
        return redirect("priorities:year", slug=slug, year_id=year.pk)
    back = f"/p/{slug}/priorities/years/{year.pk}/"
    return _form_page(
        request, membership, form, f"Six-month review, {year.label}", back, year.label
    )


# KPIs -------------------------------------------------------------------------------------


@login_required
def kpi_new(request: HttpRequest, slug: str, priority_id: int) -> HttpResponse:
    membership = access.require_member(request, slug)
    priority = _priority(membership, priority_id)
    _require_lead(membership, priority)
    form = KPIForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            kpi = services.add_kpi(priority=priority, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"KPI added: {kpi.name}.")
            return redirect(priority)
    return _form_page(
        request,
        membership,
        form,
        f"Add a KPI to {priority.title}",
        priority.get_absolute_url(),
        priority.title,
    )


@login_required
def kpi_value_new(request: HttpRequest, slug: str, kpi_id: int) -> HttpResponse:
    membership = access.require_member(request, slug)
    kpi = get_object_or_404(
        KPI.objects.select_related("priority__year__cycle__partnership"),
        pk=kpi_id,
        priority__year__cycle__partnership=membership.partnership,
    )
    _require_lead(membership, kpi.priority)
    form = KPIValueForm(request.POST or None, kpi=kpi)
    if request.method == "POST" and form.is_valid():
        try:
            services.enter_kpi_value(kpi=kpi, entered_by=membership, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Figure saved for {kpi.name}.")
            return redirect(kpi.priority)
    return _form_page(
        request,
        membership,
        form,
        f"Enter a figure: {kpi.name}",
        kpi.priority.get_absolute_url(),
        kpi.priority.title,
        intro=f"Baseline {kpi.baseline}, target {kpi.target}. {kpi.get_direction_display()}.",
    )


# Meetings ---------------------------------------------------------------------------------


@login_required
def meeting_list(request: HttpRequest, slug: str) -> HttpResponse:
    membership = access.require_member(request, slug)
    meetings = Meeting.objects.filter(partnership=membership.partnership)
    return _page(
        request,
        "priorities/meeting_list.html",
        membership,
        meetings=meetings,
        can_manage_meetings=membership.role in MEETINGS,
    )


@login_required
def meeting_new(request: HttpRequest, slug: str) -> HttpResponse:
    membership = access.require_member(request, slug, MEETINGS)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        meeting = services.create_meeting(partnership=membership.partnership, **form.cleaned_data)
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
    meeting = _meeting(membership, meeting_id)
    items = list(
        meeting.items.prefetch_related(
            "decisions__priority",
            "decisions__decided_by__user",
            "actions__owner__user",
            "actions__owner_agency",
        )
    )
    return _page(
        request,
        "priorities/meeting.html",
        membership,
        meeting=meeting,
        items=items,
        follow_up=selectors.follow_up_actions(meeting),
        can_manage_meetings=membership.role in MEETINGS,
        can_decide=membership.role in DECIDE,
        item_form=ItemForm() if membership.role in MEETINGS else None,
    )


@login_required
def item_new(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, MEETINGS)
    meeting = _meeting(membership, meeting_id)
    form = ItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.add_item(meeting=meeting, **form.cleaned_data)
        messages.success(request, "Agenda item added.")
        return redirect("priorities:meeting", slug=slug, meeting_id=meeting.pk)
    back = f"/p/{slug}/priorities/meetings/{meeting.pk}/"
    return _form_page(request, membership, form, "Add an agenda item", back, str(meeting))


@login_required
def item_outcome(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, MEETINGS)
    item = _item(membership, item_id)
    form = OutcomeForm(request.POST or None, initial={"outcome": item.outcome})
    if request.method == "POST" and form.is_valid():
        try:
            services.record_item_outcome(item=item, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Outcome saved.")
            return redirect("priorities:meeting", slug=slug, meeting_id=item.meeting_id)
    back = f"/p/{slug}/priorities/meetings/{item.meeting_id}/"
    return _form_page(request, membership, form, f"Outcome: {item.title}", back, str(item.meeting))


@login_required
def decision_new(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, DECIDE)
    item = _item(membership, item_id)
    form = DecisionForm(request.POST or None, partnership=membership.partnership)
    if request.method == "POST" and form.is_valid():
        try:
            decision = services.record_decision(
                item=item, decided_by=membership, **form.cleaned_data
            )
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
    membership = access.require_member(request, slug, MEETINGS)
    item = _item(membership, item_id)
    decision = None
    if request.GET.get("decision", "").isdigit():
        decision = get_object_or_404(item.decisions, pk=int(request.GET["decision"]))
    form = ActionForm(request.POST or None, partnership=membership.partnership)
    if request.method == "POST" and form.is_valid():
        try:
            services.raise_action(
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
    can_update = _can_update_action(membership, action)
    form = None
    if can_update:
        form = ActionUpdateForm(
            request.POST or None,
            initial={"status": action.status, "partner_response": action.partner_response},
        )
    if request.method == "POST":
        if not can_update:
            raise PermissionDenied("Only the action's owner and the board's members can update it.")
        if form.is_valid():
            try:
                services.update_action(
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
    return _page(request, "priorities/action.html", membership, action=action, form=form)


# Two-tier -------------------------------------------------------------------------------------


@login_required
def escalations(request: HttpRequest, slug: str) -> HttpResponse:
    membership = access.require_member(request, slug)
    county = membership.partnership
    return _page(
        request,
        "priorities/escalations.html",
        membership,
        is_county=county.kind == Partnership.Kind.COUNTY,
        escalated=selectors.county_escalations(county),
        can_adopt=membership.role in MANAGE,
    )


@login_required
def adopt(request: HttpRequest, slug: str, priority_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, MANAGE)
    district_priority = get_object_or_404(
        Priority.objects.select_related("year__cycle__partnership"),
        pk=priority_id,
        escalate_to_county=True,
        year__cycle__partnership__parent=membership.partnership,
    )
    form = AdoptForm(request.POST or None, county=membership.partnership)
    if request.method == "POST" and form.is_valid():
        try:
            services.adopt_escalation(
                district_priority=district_priority, county_year=form.cleaned_data["year"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, f"{district_priority.title} adopted into the county's priorities."
            )
            return redirect("priorities:escalations", slug=slug)
    return _form_page(
        request,
        membership,
        form,
        f"Adopt {district_priority.title} from {district_priority.year.cycle.partnership.name}",
        f"/p/{slug}/priorities/escalations/",
        "Escalations",
        intro=district_priority.escalation_reason,
    )


# Checklists ---------------------------------------------------------------------------------


@login_required
def checklists(request: HttpRequest, slug: str) -> HttpResponse:
    membership = access.require_member(request, slug)
    runs = list(
        ChecklistRun.objects.filter(year__cycle__partnership=membership.partnership)
        .select_related("template", "year__cycle")
        .prefetch_related("items")
    )
    rows = [(run, selectors.checklist_progress(list(run.items.all()))) for run in runs]
    can_run = membership.role in RUN_CHECKLISTS
    form = StartChecklistForm(request.POST or None, partnership=membership.partnership)
    if request.method == "POST":
        if not can_run:
            raise PermissionDenied("Only admins and analysts can start a checklist.")
        if form.is_valid():
            try:
                run = services.start_checklist(**form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, f"{run} started.")
                return redirect("priorities:checklist", slug=slug, run_id=run.pk)
    return _page(
        request,
        "priorities/checklists.html",
        membership,
        rows=rows,
        form=form if can_run else None,
    )


def _run(membership: Membership, run_id: int) -> ChecklistRun:
    return get_object_or_404(
        ChecklistRun.objects.select_related("template", "year__cycle"),
        pk=run_id,
        year__cycle__partnership=membership.partnership,
    )


@login_required
def checklist_run(request: HttpRequest, slug: str, run_id: int) -> HttpResponse:
    membership = access.require_member(request, slug)
    run = _run(membership, run_id)
    items = selectors.checklist_items(run)
    return _page(
        request,
        "priorities/checklist.html",
        membership,
        run=run,
        items=items,
        progress=selectors.checklist_progress(items),
        can_run=membership.role in RUN_CHECKLISTS,
    )


@login_required
def checklist_item(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, RUN_CHECKLISTS)
    item = get_object_or_404(
        ChecklistItem.objects.select_related("requirement", "run__template", "run__year__cycle"),
        pk=item_id,
        run__year__cycle__partnership=membership.partnership,
    )
    form = ChecklistItemForm(
        request.POST or None,
        request.FILES or None,
        partnership=membership.partnership,
        initial={
            "action": item.action,
            "development": item.development,
            "rag": item.rag,
            "status_key": item.status_key,
            "owner": item.owner,
            "due_on": item.due_on,
            "evidence_link": item.evidence_link,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_checklist_item(item=item, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Checklist item saved.")
            return redirect("priorities:checklist", slug=slug, run_id=item.run_id)
    return _page(request, "priorities/checklist_item.html", membership, item=item, form=form)


@login_required
def checklist_evidence(request: HttpRequest, slug: str, item_id: int) -> FileResponse:
    """An evidence file, to members of the partnership only (never a public media URL)."""
    membership = access.require_member(request, slug)
    item = get_object_or_404(
        ChecklistItem, pk=item_id, run__year__cycle__partnership=membership.partnership
    )
    if not item.evidence_file:
        raise Http404("This item has no evidence file.")
    return FileResponse(
        item.evidence_file.open("rb"),
        as_attachment=True,
        filename=Path(item.evidence_file.name).name,
    )


@login_required
def checklist_export(request: HttpRequest, slug: str, run_id: int) -> HttpResponse:
    membership = access.require_member(request, slug)
    run = _run(membership, run_id)
    content = workbooks.checklist_workbook(run, selectors.checklist_items(run))
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="{run.template.key}-{run.year.label}.xlsx"'
    )
    return response


# The public summary ---------------------------------------------------------------------------


def public_summary(request: HttpRequest, slug: str) -> HttpResponse:
    """No sign-in: the partnership's published priorities, with emphasis and lead agency."""
    partnership = get_object_or_404(Partnership, slug=slug)
    priorities = list(
        Priority.objects.filter(
            year__cycle__partnership=partnership,
            published=True,
            status=Priority.Status.AGREED,
        )
        .select_related("lead_agency", "year")
        .order_by("-year__starts_on", "position")
    )
    latest = priorities[0].year if priorities else None
    return render(
        request,
        "priorities/public_summary.html",
        {
            "public_partnership": partnership,
            "year": latest,
            "priorities": [p for p in priorities if latest and p.year_id == latest.pk],
        },
    )


# You said, we did -----------------------------------------------------------------


@login_required
def you_said_list(request: HttpRequest, slug: str) -> HttpResponse:
    membership = access.require_member(request, slug)
    surveys = (
        Survey.objects.filter(year__cycle__partnership=membership.partnership)
        .exclude(status=Survey.Status.DRAFT)
        .select_related("year", "you_said_we_did")
        .order_by("-opens_on")
    )
    return _page(
        request,
        "priorities/you_said_list.html",
        membership,
        surveys=surveys,
        can_manage=membership.role in MANAGE,
        section="you_said",
    )


def _you_said(membership: Membership, page_id: int) -> YouSaidWeDid:
    return get_object_or_404(
        YouSaidWeDid.objects.select_related("survey__year"),
        pk=page_id,
        survey__year__cycle__partnership=membership.partnership,
    )


@require_POST
@login_required
def you_said_draft(request: HttpRequest, slug: str, survey_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, MANAGE)
    survey = get_object_or_404(
        Survey, pk=survey_id, year__cycle__partnership=membership.partnership
    )
    try:
        page = services.draft_you_said_we_did(survey=survey)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("priorities:you_said_list", slug=slug)
    messages.success(request, "Drafted from the survey and the board's decisions. Check it.")
    return redirect("priorities:you_said_edit", slug=slug, page_id=page.pk)


@login_required
def you_said_edit(request: HttpRequest, slug: str, page_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, MANAGE)
    page = _you_said(membership, page_id)
    form = YouSaidWeDidForm(
        request.POST or None,
        survey=page.survey,
        initial={
            "title": page.title,
            "said": page.said,
            "did": page.did,
            "questions": [str(pk) for pk in page.questions],
            "threshold": page.threshold,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_you_said_we_did(page=page, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Draft saved.")
            return redirect("priorities:you_said_edit", slug=slug, page_id=page.pk)
    return _page(
        request,
        "priorities/you_said_edit.html",
        membership,
        page=page,
        form=form,
        public=_public_content(page),
        section="you_said",
    )


@require_POST
@login_required
def you_said_status(request: HttpRequest, slug: str, page_id: int, action: str) -> HttpResponse:
    membership = access.require_member(request, slug, MANAGE)
    page = _you_said(membership, page_id)
    change = {
        "publish": services.publish_you_said_we_did,
        "withdraw": services.withdraw_you_said_we_did,
    }[action]
    try:
        change(page=page)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            "Published." if action == "publish" else "Withdrawn: the page is a draft again.",
        )
    return redirect("priorities:you_said_edit", slug=slug, page_id=page.pk)


def _public_content(page: YouSaidWeDid) -> dict:
    """What the public page shows: the text, and counts for the chosen questions with
    small numbers banded."""
    respondents, results = survey_results(page.survey, moderator=False)
    chosen = [r for r in results if r.question.pk in set(page.questions)]
    return {
        "respondents": rules.shown_count(respondents, page.threshold),
        "said": [line for line in page.said.splitlines() if line.strip()],
        "did": [line for line in page.did.splitlines() if line.strip()],
        "questions": [
            (
                r.question.text,
                [(label, rules.shown_count(count, page.threshold)) for label, count in r.rows],
            )
            for r in chosen
            if r.rows
        ],
    }


def public_you_said(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    """No sign-in: a published "you said, we did" page, found by its survey's key."""
    page = get_object_or_404(
        YouSaidWeDid.objects.select_related("survey__year__cycle__partnership"),
        survey__public_key=key,
        survey__year__cycle__partnership__slug=slug,
        status=YouSaidWeDid.Status.PUBLISHED,
    )
    return render(
        request,
        "priorities/public_you_said.html",
        {
            "page": page,
            "public_partnership": page.survey.year.cycle.partnership,
            **_public_content(page),
        },
    )
