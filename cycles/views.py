"""Cycle pages: the dashboard, cycles and their timeline, and editing years, stages, activities."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Max, Min
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from csp_assessment import charts
from partnerships import access
from partnerships.views import add_service_errors

from . import selectors, services
from .cycle_templates import TemplateError
from .forms import ActivityForm, IssueForm, NewCycleForm, StageForm, StatusForm, YearForm
from .models import Activity, Cycle, CycleYear, Issue, Stage


def _today():
    return timezone.localdate()


def _cycle(membership, cycle_id: int) -> Cycle:
    return get_object_or_404(Cycle, pk=cycle_id, partnership=membership.partnership)


def _stage(membership, stage_id: int) -> Stage:
    return get_object_or_404(
        Stage.objects.select_related("year__cycle"),
        pk=stage_id,
        year__cycle__partnership=membership.partnership,
    )


def _activity(membership, activity_id: int) -> Activity:
    return get_object_or_404(
        Activity.objects.select_related("stage__year__cycle", "owner"),
        pk=activity_id,
        stage__year__cycle__partnership=membership.partnership,
    )


@login_required
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    membership = access.require_member(request, slug)
    board = selectors.dashboard_for(
        membership, _today(), include_team=membership.role in access.MANAGE_ACTIVITIES
    )
    return render(
        request,
        "cycles/dashboard.html",
        {
            "partnership": membership.partnership,
            "board": board,
            "membership": membership,
            "status_choices": Activity.Status.choices,
        },
    )


@login_required
def cycle_list(request: HttpRequest, slug: str) -> HttpResponse:
    membership = access.require_member(request, slug)
    cycles = membership.partnership.cycles.annotate(
        year_count=Count("years"), first_day=Min("years__starts_on"), last_day=Max("years__ends_on")
    )
    return render(
        request, "cycles/cycle_list.html", {"partnership": membership.partnership, "cycles": cycles}
    )


@login_required
def cycle_new(request: HttpRequest, slug: str) -> HttpResponse:
    membership = access.require_member(request, slug, access.MANAGE_CYCLE)
    today = _today()
    first_year = today.year if today.month >= 4 else today.year - 1
    form = NewCycleForm(
        request.POST or None, initial={"start_year": first_year, "template": "four-year"}
    )
    if request.method == "POST" and form.is_valid():
        try:
            cycle = services.create_cycle_from_template(
                partnership=membership.partnership,
                template_key=form.cleaned_data["template"],
                start_year=form.cleaned_data["start_year"],
                name=form.cleaned_data["name"],
            )
        except (ValidationError, TemplateError) as error:
            if isinstance(error, TemplateError):
                error = ValidationError({"template": str(error)})
            add_service_errors(form, error)
        else:
            messages.success(request, f"{cycle.name} created. Check its dates and activities.")
            return redirect(cycle)
    return render(
        request, "cycles/cycle_new.html", {"partnership": membership.partnership, "form": form}
    )


@login_required
def cycle_detail(request: HttpRequest, slug: str, cycle_id: int) -> HttpResponse:
    membership = access.require_member(request, slug)
    cycle = _cycle(membership, cycle_id)
    return render(
        request,
        "cycles/cycle_detail.html",
        {
            "partnership": membership.partnership,
            "cycle": cycle,
            "years": selectors.cycle_with_structure(cycle),
            "today": _today(),
            "membership": membership,
            "status_choices": Activity.Status.choices,
        },
    )


@login_required
def timeline(request: HttpRequest, slug: str, cycle_id: int) -> HttpResponse:
    membership = access.require_member(request, slug)
    cycle = _cycle(membership, cycle_id)
    years = list(cycle.years.prefetch_related("stages").order_by("number"))
    today = _today()
    rows = [
        (
            "Years",
            [
                charts.Span(f"Year {y.number}: {y.get_kind_display()}", y.starts_on, y.ends_on)
                for y in years
            ],
        )
    ]
    for kind, label in Stage.Kind.choices:
        rows.append(
            (
                label,
                [
                    charts.Span(f"{label}, year {y.number}", s.starts_on, s.ends_on)
                    for y in years
                    for s in y.stages.all()
                    if s.kind == kind
                ],
            )
        )
    chart = None
    if years:
        span_end = max([years[-1].ends_on] + [s.ends_on for y in years for s in y.stages.all()])
        chart = charts.timeline(
            rows,
            start=years[0].starts_on,
            end=span_end,
            today=today,
            title="Chart of the cycle's years and stages over time",
        )
    return render(
        request,
        "cycles/timeline.html",
        {
            "partnership": membership.partnership,
            "cycle": cycle,
            "chart": chart,
            "years": years,
            "today": today,
        },
    )


@login_required
def year_edit(request: HttpRequest, slug: str, year_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, access.MANAGE_CYCLE)
    year = get_object_or_404(
        CycleYear.objects.select_related("cycle"),
        pk=year_id,
        cycle__partnership=membership.partnership,
    )
    initial = {
        "kind": year.kind,
        "starts_on": year.starts_on,
        "ends_on": year.ends_on,
        "summary": year.summary,
    }
    form = YearForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_year(year=year, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Year {year.number} saved.")
            return redirect(year.cycle)
    return render(
        request,
        "cycles/edit_form.html",
        {
            "partnership": membership.partnership,
            "form": form,
            "cycle": year.cycle,
            "heading": f"Edit year {year.number} ({year.label})",
        },
    )


@login_required
def stage_edit(request: HttpRequest, slug: str, stage_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, access.MANAGE_CYCLE)
    stage = _stage(membership, stage_id)
    initial = {"starts_on": stage.starts_on, "ends_on": stage.ends_on, "summary": stage.summary}
    form = StageForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_stage(stage=stage, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"{stage.get_kind_display()} window for year {stage.year.number} saved.",
            )
            return redirect(stage.year.cycle)
    return render(
        request,
        "cycles/edit_form.html",
        {
            "partnership": membership.partnership,
            "form": form,
            "cycle": stage.year.cycle,
            "heading": (
                f"Edit the {stage.get_kind_display().lower()} stage of year {stage.year.number}"
            ),
        },
    )


@login_required
def activity_edit(
    request: HttpRequest, slug: str, stage_id: int | None = None, activity_id: int | None = None
) -> HttpResponse:
    membership = access.require_member(request, slug, access.MANAGE_ACTIVITIES)
    if activity_id is not None:
        activity = _activity(membership, activity_id)
        stage = activity.stage
        initial = {
            "title": activity.title,
            "owner": activity.owner,
            "due_on": activity.due_on,
            "status": activity.status,
            "description": activity.description,
        }
    else:
        activity, stage = None, _stage(membership, stage_id)
        initial = {"due_on": stage.ends_on, "status": Activity.Status.NOT_STARTED}
    form = ActivityForm(request.POST or None, initial=initial, partnership=membership.partnership)
    if request.method == "POST" and form.is_valid():
        try:
            if activity is None:
                activity = services.create_activity(stage=stage, **form.cleaned_data)
            else:
                services.update_activity(activity=activity, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Activity “{activity.title}” saved.")
            return redirect(stage.year.cycle)
    heading = (
        "Edit activity"
        if activity
        else (f"Add an activity to {stage.get_kind_display().lower()}, year {stage.year.number}")
    )
    return render(
        request,
        "cycles/edit_form.html",
        {
            "partnership": membership.partnership,
            "form": form,
            "cycle": stage.year.cycle,
            "heading": heading,
            "activity": activity,
        },
    )


@require_POST
@login_required
def activity_status(request: HttpRequest, slug: str, activity_id: int) -> HttpResponse:
    membership = access.require_member(request, slug)
    activity = _activity(membership, activity_id)
    if activity.owner_id != membership.pk and membership.role not in access.MANAGE_ACTIVITIES:
        raise PermissionDenied("Only the activity's owner, an analyst or an admin can change it.")
    form = StatusForm(request.POST)
    if form.is_valid():
        services.set_activity_status(activity=activity, status=form.cleaned_data["status"])
        messages.success(
            request, f"“{activity.title}” is now {activity.get_status_display().lower()}."
        )
    else:
        messages.error(request, "Choose a status from the list.")
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = activity.stage.year.cycle.get_absolute_url()
    return redirect(next_url)


@require_POST
@login_required
def activity_delete(request: HttpRequest, slug: str, activity_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, access.MANAGE_ACTIVITIES)
    activity = _activity(membership, activity_id)
    cycle = activity.stage.year.cycle
    services.delete_activity(activity=activity)
    messages.success(request, f"Activity “{activity.title}” deleted.")
    return redirect(cycle)


def _year(membership, year_id: int) -> CycleYear:
    return get_object_or_404(
        CycleYear.objects.select_related("cycle"),
        pk=year_id,
        cycle__partnership=membership.partnership,
    )


@login_required
def issue_list(request: HttpRequest, slug: str, year_id: int) -> HttpResponse:
    membership = access.require_member(request, slug)
    year = _year(membership, year_id)
    issues = year.issues.select_related("lead_agency", "carried_from")
    return render(
        request,
        "cycles/issue_list.html",
        {
            "partnership": membership.partnership,
            "year": year,
            "issues": issues,
            "previous": services.previous_year(year),
        },
    )


@login_required
def issue_edit(
    request: HttpRequest, slug: str, year_id: int, issue_id: int | None = None
) -> HttpResponse:
    membership = access.require_member(request, slug, access.MANAGE_ACTIVITIES)
    year = _year(membership, year_id)
    issue = get_object_or_404(Issue, pk=issue_id, year=year) if issue_id else None
    initial = (
        {
            "title": issue.title,
            "description": issue.description,
            "theme": issue.theme,
            "lead_agency": issue.lead_agency,
            "source": issue.source,
            "pestelo": issue.pestelo,
            "pestelo_note": issue.pestelo_note,
        }
        if issue
        else None
    )
    form = IssueForm(request.POST or None, initial=initial, partnership=membership.partnership)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_issue(year=year, issue=issue, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"“{saved.title}” saved.")
            return redirect("cycles:issue_list", slug=slug, year_id=year.pk)
    return render(
        request,
        "cycles/edit_form.html",
        {
            "partnership": membership.partnership,
            "form": form,
            "cycle": year.cycle,
            "heading": f"Edit “{issue.title}”" if issue else f"Add an issue to year {year.number}",
        },
    )


@require_POST
@login_required
def issue_carry_over(request: HttpRequest, slug: str, year_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, access.MANAGE_ACTIVITIES)
    year = _year(membership, year_id)
    try:
        carried = services.carry_over_issues(year=year)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if carried:
            messages.success(request, f"{len(carried)} issues carried over from last year.")
        else:
            messages.info(request, "Every issue from last year is already on this list.")
    return redirect("cycles:issue_list", slug=slug, year_id=year.pk)
