"""Cycle pages: the dashboard, cycles and their timeline, and editing years, stages,
activities, the long list of issues and the partnership's themes."""

from collections import Counter
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Max, Min
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from csp_assessment import charts
from csp_assessment.form_pages import NOT_SAVED, form_page, press, render_page, saved_page
from csp_assessment.history import changes
from csp_assessment.pagination import paginate_table, sort_table
from csp_assessment.plurals import counted
from partnerships import access

from . import permissions, rules, selectors, services
from .cycle_templates import TemplateError
from .forms import (
    ActivityForm,
    IssueForm,
    NewCycleForm,
    StageForm,
    StatusForm,
    ThemeForm,
    ThemeRenameForm,
    YearForm,
)
from .models import Activity, Cycle, CycleYear, Issue, Stage, Theme
from .tables import CycleTable, IssueTable, ThemeTable

# What the issue page's history table names (csp_assessment/history.py).
ISSUE_FIELDS = {
    "title": "Title",
    "description": "Description",
    "theme": "Theme",
    "lead_agency": "Lead agency",
    "source": "Source",
    "serious_violence": "Serious violence strand",
}


def _today():
    return timezone.localdate()


def _cycle(membership, cycle_id: int) -> Cycle:
    return access.owned(Cycle, membership, cycle_id)


def _stage(membership, stage_id: int) -> Stage:
    return access.owned(
        Stage.objects.select_related("year__cycle"), membership, stage_id, "year__cycle"
    )


def _activity(membership, activity_id: int) -> Activity:
    return access.owned(
        Activity.objects.select_related("stage__year__cycle", "owner"),
        membership,
        activity_id,
        "stage__year__cycle",
    )


def _year(membership, year_id: int) -> CycleYear:
    return access.owned(CycleYear.objects.select_related("cycle"), membership, year_id, "cycle")


@login_required
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    membership = access.require_member(request, slug)
    board = selectors.dashboard_for(
        membership, _today(), include_team=permissions.can_see_team_work(membership)
    )
    return render_page(
        request,
        "cycles/dashboard.html",
        board=board,
        membership=membership,
        status_choices=Activity.Status.choices,
    )


@login_required
def cycle_list(request: HttpRequest, slug: str) -> HttpResponse:
    membership = access.require_member(request, slug)
    cycles = membership.partnership.cycles.annotate(
        year_count=Count("years"), first_day=Min("years__starts_on"), last_day=Max("years__ends_on")
    )
    table = CycleTable(cycles, caption=f"Assessment cycles of {membership.partnership.name}")
    sort_table(request, table)
    return render_page(request, "cycles/cycle_list.html", table=table)


@login_required
def cycle_new(request: HttpRequest, slug: str) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_manage_cycle)
    today = _today()
    this_year = today.year if today.month >= 4 else today.year - 1
    # This financial year, or the first after the partnership's cycles, so the form
    # never starts from a year another cycle already covers.
    first_year = services.first_free_start_year(
        partnership=membership.partnership, template_key="four-year", from_year=this_year
    )
    form = NewCycleForm(
        request.POST or None, initial={"start_year": first_year, "template": "four-year"}
    )
    return form_page(
        request,
        form,
        save=partial(_create_cycle, partnership=membership.partnership),
        message=lambda cycle: f"{cycle.name} created. Check its dates and activities.",
        then=saved_page,
        heading="Create a cycle from a template",
        crumbs=[("Cycles", reverse("cycles:list", args=[slug]))],
        intro=(
            "The template sets out the years, the consultation, analysis and reports stages "
            "of each year, and their activities. Activities go to the first person with the "
            "right role; you can change them afterwards."
        ),
    )


def _create_cycle(*, partnership, template: str, start_year: int, name: str) -> Cycle:
    try:
        return services.create_cycle_from_template(
            partnership=partnership, template_key=template, start_year=start_year, name=name
        )
    except TemplateError as error:
        raise ValidationError({"template": str(error)}) from error


@login_required
def cycle_detail(request: HttpRequest, slug: str, cycle_id: int) -> HttpResponse:
    membership = access.require_member(request, slug)
    cycle = _cycle(membership, cycle_id)
    return render_page(
        request,
        "cycles/cycle_detail.html",
        cycle=cycle,
        years=selectors.cycle_with_structure(cycle),
        today=_today(),
        membership=membership,
        status_choices=Activity.Status.choices,
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


def _cycle_crumbs(cycle: Cycle) -> list[tuple[str, str]]:
    return [
        ("Cycles", reverse("cycles:list", args=[cycle.partnership.slug])),
        (cycle.name, cycle.get_absolute_url()),
    ]


@login_required
def year_edit(request: HttpRequest, slug: str, year_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_manage_cycle)
    year = _year(membership, year_id)
    initial = {
        "kind": year.kind,
        "starts_on": year.starts_on,
        "ends_on": year.ends_on,
        "summary": year.summary,
    }
    return form_page(
        request,
        YearForm(request.POST or None, initial=initial),
        save=partial(services.update_year, year=year),
        message=f"Year {year.number} saved.",
        then=year.cycle,
        heading=f"Change year {year.number} ({year.label})",
        crumbs=_cycle_crumbs(year.cycle),
    )


@login_required
def stage_edit(request: HttpRequest, slug: str, stage_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_manage_cycle)
    stage = _stage(membership, stage_id)
    initial = {"starts_on": stage.starts_on, "ends_on": stage.ends_on, "summary": stage.summary}
    kind = stage.get_kind_display()
    return form_page(
        request,
        StageForm(request.POST or None, initial=initial),
        save=partial(services.update_stage, stage=stage),
        message=f"{kind} window for year {stage.year.number} saved.",
        then=stage.year.cycle,
        heading=f"Change the {kind.lower()} stage of year {stage.year.number}",
        crumbs=_cycle_crumbs(stage.year.cycle),
    )


@login_required
def activity_edit(
    request: HttpRequest, slug: str, stage_id: int | None = None, activity_id: int | None = None
) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_manage_activities)
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
        save = partial(services.update_activity, activity=activity)
        heading = "Change the activity"
    else:
        activity, stage = None, _stage(membership, stage_id)
        initial = {"due_on": stage.ends_on, "status": Activity.Status.NOT_STARTED}
        save = partial(services.create_activity, stage=stage)
        heading = f"Add an activity to {stage.get_kind_display().lower()}, year {stage.year.number}"
    form = ActivityForm(request.POST or None, initial=initial, stage=stage)
    return form_page(
        request,
        form,
        save=save,
        message=lambda _: f"Activity “{form.cleaned_data['title']}” saved.",
        then=_activity_url,
        heading=heading,
        crumbs=_cycle_crumbs(stage.year.cycle),
        template="cycles/activity_form.html",
        activity=activity,
    )


@require_POST
@login_required
def activity_status(request: HttpRequest, slug: str, activity_id: int) -> HttpResponse:
    membership = access.require_member(request, slug)
    activity = _activity(membership, activity_id)
    access.check(permissions.can_change_activity_status(membership, activity))
    form = StatusForm(request.POST)
    if form.is_valid():
        before = activity.status
        services.set_activity_status(activity=activity, status=form.cleaned_data["status"])
        status = activity.get_status_display().lower()
        messages.success(
            request,
            f"“{activity.title}” is now {status}."
            if activity.status != before
            else f"“{activity.title}” is still {status}. Nothing changed.",
        )
    else:
        messages.error(request, "Choose a status from the list.")
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        return redirect(_activity_url(activity))
    return redirect(f"{next_url.split('#')[0]}#activity-{activity.pk}")


def _activity_url(activity: Activity) -> str:
    """The cycle page at the activity's row, so a save lands where the work was."""
    return f"{activity.stage.year.cycle.get_absolute_url()}#activity-{activity.pk}"


@login_required
def activity_delete(request: HttpRequest, slug: str, activity_id: int) -> HttpResponse:
    """Asks first (a page of its own, no JavaScript needed); only its button deletes."""
    membership = access.require_member(request, slug, permissions.can_manage_activities)
    activity = _activity(membership, activity_id)
    stage = activity.stage
    if request.method != "POST":
        return render_page(
            request,
            "cycles/activity_delete.html",
            activity=activity,
            crumbs=_cycle_crumbs(stage.year.cycle),
        )
    services.delete_activity(activity=activity)
    messages.success(request, f"Activity “{activity.title}” deleted.")
    return redirect(f"{stage.year.cycle.get_absolute_url()}#stage-{stage.pk}")


@login_required
def issue_list(request: HttpRequest, slug: str, year_id: int) -> HttpResponse:
    membership = access.require_member(request, slug)
    year = _year(membership, year_id)
    issues = year.issues.select_related("lead_agency", "carried_from")
    strand = request.GET.get("strand") == "serious-violence"
    if strand:
        issues = issues.filter(serious_violence=True)
    ended = rules.year_has_ended(year.ends_on, _today())
    table = IssueTable(
        issues.order_by("title", "pk"),
        may_edit=permissions.can_manage_issues(membership),
        caption=f"Issues on the long list for year {year.number}",
    )
    return render_page(
        request,
        "cycles/issue_list.html",
        year=year,
        table=paginate_table(request, table, per_page=50),
        strand=strand,
        previous=services.previous_year(year),
        ended=ended,
    )


@login_required
def issue_edit(
    request: HttpRequest, slug: str, year_id: int, issue_id: int | None = None
) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_manage_issues)
    year = _year(membership, year_id)
    issue = get_object_or_404(Issue, pk=issue_id, year=year) if issue_id else None
    today = _today()
    if issue is None and rules.year_has_ended(year.ends_on, today):
        # The list offers no "Add an issue" here; the service refuses by the same rule.
        messages.error(request, services.ended_year_refusal(year))
        return redirect("cycles:issue_list", slug=slug, year_id=year.pk)
    fields = (
        "title",
        "description",
        "theme",
        "lead_agency",
        "source",
        "pestelo",
        "pestelo_note",
        "serious_violence",
    )
    initial = {name: getattr(issue, name) for name in fields} if issue else None
    form = IssueForm(request.POST or None, initial=initial, partnership=membership.partnership)
    return form_page(
        request,
        form,
        save=partial(services.save_issue, year=year, issue=issue, today=today),
        message=lambda saved: f"“{saved.title}” saved.",
        then=reverse("cycles:issue_list", args=[slug, year.pk]),
        heading=f"Change “{issue.title}”" if issue else f"Add an issue to year {year.number}",
        crumbs=_cycle_crumbs(year.cycle),
        history=changes(issue, ISSUE_FIELDS) if issue else [],
    )


@require_POST
@login_required
def issue_carry_over(request: HttpRequest, slug: str, year_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_manage_issues)
    year = _year(membership, year_id)
    carried = press(request, partial(services.carry_over_issues, year=year, today=_today()))
    if carried is NOT_SAVED:
        pass  # press has said why
    elif carried:
        messages.success(request, f"{counted(len(carried), 'issue')} carried over from last year.")
    else:
        messages.info(request, "Every issue from last year is already on this list.")
    return redirect("cycles:issue_list", slug=slug, year_id=year.pk)


@login_required
def themes(request: HttpRequest, slug: str) -> HttpResponse:
    """The partnership's themes, how many issues each has, and a form to add one."""
    membership = access.require_member(request, slug, permissions.can_manage_themes)
    partnership = membership.partnership
    in_use = Counter(
        Issue.objects.filter(year__cycle__partnership=partnership).values_list("theme", flat=True)
    )
    table = ThemeTable([(theme, in_use[theme.name]) for theme in partnership.themes.all()])
    sort_table(request, table)
    return form_page(
        request,
        ThemeForm(request.POST or None),
        save=partial(services.add_theme, partnership=partnership),
        message=lambda theme: f"Theme “{theme.name}” added.",
        then=reverse("cycles:themes", args=[slug]),
        heading="Themes",
        template="cycles/themes.html",
        table=table,
    )


@login_required
def theme_edit(request: HttpRequest, slug: str, theme_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_manage_themes)
    theme = access.owned(Theme, membership, theme_id)
    old = theme.name
    form = ThemeRenameForm(request.POST or None, initial={"name": old})
    return form_page(
        request,
        form,
        save=partial(services.rename_theme, theme=theme),
        message=lambda kept: f"Theme “{old}” is now “{kept.name}”.",
        then=reverse("cycles:themes", args=[slug]),
        heading=f"Rename the theme “{old}”",
        intro="Its issues move with it, in every year.",
        crumbs=[("Themes", reverse("cycles:themes", args=[slug]))],
    )
