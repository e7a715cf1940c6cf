"""Report pages: a partnership's reports, one report (its sections, the statutory
check, versions and renders), a section's editor with its preview and comments, a
render's progress and the download of any version. Every view resolves the person's
membership first (404 for outsiders)."""

from copy import copy
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from csp_assessment.dates import day
from csp_assessment.edits import edit_initial
from csp_assessment.form_pages import NOT_SAVED, add_service_errors, render_page, submitted
from csp_assessment.history import changes
from csp_assessment.pagination import paginate, sort_table
from cycles.models import CycleYear
from partnerships import access
from partnerships.models import Membership
from priorities.selectors import current_year, groups_of

from . import board, content, period, permissions, rules, selectors, services
from .forms import (
    AnalysisPeriodForm,
    CommentForm,
    NewReportForm,
    ReportDetailsForm,
    SectionForm,
    SendToBoardForm,
)
from .models import Comment, RenderRun, Report, Section
from .tables import ReportTable

# What the pages' history tables name (csp_assessment/history.py).
# Every draft is a version; a busy section gathers comments. Both page, newest first
# and oldest first, as their tables always did.
VERSIONS_PER_PAGE = 10
COMMENTS_PER_PAGE = 25
REPORT_FIELDS = {"title": "Title", "authors": "Authors", "protective_marking": "Marking"}
SECTION_FIELDS = {
    "narrative": "The text",
    "components": "Components",
    "internal": "Left out of the public summary",
}


def _found(model, membership: Membership, to_report: str = "", **lookup):
    """The object of one of this partnership's reports, or 404: to a member, another
    partnership's reports do not exist. `to_report` is the path from the model to its
    report ("" for a report itself)."""
    partnership = f"{to_report}year__cycle__partnership"
    return get_object_or_404(
        model.objects.select_related(partnership),
        **lookup,
        **{partnership: membership.partnership},
    )


def _report(membership: Membership, report_id: int) -> Report:
    return _found(Report, membership, pk=report_id)


def _section(membership: Membership, report_id: int, key: str) -> Section:
    return _found(Section, membership, "report__", report_id=report_id, key=key)


def _with_status(response: HttpResponse, status: int) -> HttpResponse:
    """A page shown again with the form's errors answers 400, so a failed post is
    not mistaken for a success."""
    response.status_code = status
    return response


def _years(membership: Membership):
    return CycleYear.objects.filter(cycle__partnership=membership.partnership).order_by(
        "-starts_on"
    )


def _year_table(request: HttpRequest, year, reports: list) -> ReportTable:
    # Each year's table sorts on its own: its sort parameter carries the year.
    table = ReportTable(reports, caption=f"Reports for {year.label}", prefix=f"y{year.pk}-")
    return sort_table(request, table)


@login_required
def index(request: HttpRequest, slug: str) -> HttpResponse:
    membership = access.require_member(request, slug)
    current = current_year(membership.partnership, timezone.localdate())
    form = None
    if permissions.can_manage(membership):
        form = NewReportForm(
            request.POST or None,
            years=_years(membership),
            initial={"year": current.pk if current else None},
        )
        report = submitted(request, form, services.create_report)
        if report is not NOT_SAVED:
            note = " It starts from last year's narrative." if report.copied_from else ""
            messages.success(request, f"{report.get_kind_display()} started.{note}")
            return redirect(report)
    elif request.method == "POST":
        access.deny()
    reports = {}
    for report in selectors.reports_for_partnership(membership.partnership):
        reports.setdefault(report.year_id, []).append(report)
    # The current year, and any year with reports; later years wait in the form.
    years = [
        year
        for year in _years(membership)
        if year.pk in reports or (current is not None and year.pk == current.pk)
    ]
    response = render_page(
        request,
        "reports/index.html",
        years=[(year, _year_table(request, year, reports.get(year.pk, []))) for year in years],
        form=form,
    )
    return _with_status(response, 400 if form is not None and form.errors else 200)


def _report_page(
    request,
    membership,
    report,
    *,
    details_form=None,
    period_form=None,
    final_error="",
    status=200,
):
    checks, themes = content.checks(report)
    months = period.months_with_data(report.year.cycle.partnership)
    if period_form is None and permissions.can_manage(membership):
        period_form = AnalysisPeriodForm(
            months=months,
            initial={"end": f"{report.analysis_end:%Y-%m}" if report.analysis_end else ""},
        )
    if period_form is not None:
        period_form.helper.form_action = reverse(
            "reports:period", kwargs={"slug": membership.partnership.slug, "report_id": report.pk}
        )
    if details_form is None and permissions.can_manage(membership):
        details_form = ReportDetailsForm(
            initial={
                "title": report.title,
                "authors": report.authors,
                "marking": report.protective_marking,
            },
        )
    response = render_page(
        request,
        "reports/report.html",
        report=report,
        history=changes(report, REPORT_FIELDS),
        sections=selectors.report_sections(report),
        checks=checks,
        themes=themes,
        missing=rules.missing_components(checks),
        components_law=rules.COMPONENTS_LAW,
        final=selectors.verdict(report, rules.FINAL, checks=checks),
        agreed=selectors.verdict(report, rules.AGREED, checks=checks),
        agreed_name=rules.agreed_name(report.kind),
        standing=selectors.agreed_standing(report),
        board=selectors.board_panel(report),
        final_error=final_error,
        versions=paginate(request, selectors.versions(report), VERSIONS_PER_PAGE),
        active=selectors.active_run(report),
        details_form=details_form,
        analysis_period=period.analysis_period(report, months),
        period_form=period_form,
        public_panel=selectors.public_panel(report) if report.kind == Report.Kind.PUBLIC else None,
    )
    return _with_status(response, status)


@login_required
def report_page(request: HttpRequest, slug: str, report_id: int) -> HttpResponse:
    membership = access.require_member(request, slug)
    report = _report(membership, report_id)
    if request.method != "POST":
        return _report_page(request, membership, report)
    access.check(permissions.can_manage(membership))
    form = ReportDetailsForm(request.POST)
    if submitted(request, form, partial(services.update_report, report=report)) is not NOT_SAVED:
        messages.success(request, "Details saved.")
        return redirect(report)
    report.refresh_from_db()
    return _report_page(request, membership, report, details_form=form, status=400)


def _queued(request, report, run) -> HttpResponse:
    messages.success(request, f"Version {run.version} is queued. This page shows its progress.")
    return redirect(report)


@login_required
@require_POST
def analysis_period(request: HttpRequest, slug: str, report_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_manage)
    report = _report(membership, report_id)
    months = period.months_with_data(report.year.cycle.partnership)
    form = AnalysisPeriodForm(request.POST, months=months)
    saved = submitted(request, form, partial(services.set_analysis_period, report=report))
    if saved is NOT_SAVED:
        report.refresh_from_db()
        return _report_page(request, membership, report, period_form=form, status=400)
    chosen = period.analysis_period(saved, months)
    text = chosen.description
    messages.success(request, f"Analysis period saved: {text[0].lower()}{text[1:]}.")
    return redirect(report)


@login_required
@require_POST
def request_render(request: HttpRequest, slug: str, report_id: int) -> HttpResponse:
    final = request.POST.get("final") == "1"
    membership = access.require_member(
        request, slug, permissions.can_make_final if final else permissions.can_make_draft
    )
    report = _report(membership, report_id)
    if final:
        # A final is made only from its checklist, once confirmed there.
        return redirect("reports:final", slug=slug, report_id=report.pk)
    try:
        run = services.request_render(report=report, by=membership)
    except ValidationError as error:
        return _report_page(
            request, membership, report, final_error=" ".join(error.messages), status=400
        )
    return _queued(request, report, run)


@login_required
def final_check(
    request: HttpRequest, slug: str, report_id: int, state: str = rules.FINAL
) -> HttpResponse:
    """The checklist shown before the final version (or the agreed assessment): what is
    still open or empty, and a button to confirm. Nothing is made until that button is
    pressed."""
    membership = access.require_member(request, slug, permissions.can_make_final)
    report = _report(membership, report_id)
    error = ""
    if request.method == "POST":
        try:
            run = services.request_render(
                report=report,
                by=membership,
                state=state,
                confirmed=request.POST.get("confirm") == "1",
                checklist=request.POST.get("checklist", ""),
            )
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
        else:
            return _queued(request, report, run)
    response = render_page(
        request,
        "reports/final.html",
        report=report,
        checklist=selectors.final_checklist(report, state),
        heading=f"Before the {rules.agreed_name(report.kind)}"
        if state == rules.AGREED
        else "Before the final version",
        agreed_name=rules.agreed_name(report.kind),
        state=state,
        error=error,
    )
    return _with_status(response, 400 if error else 200)


@login_required
def send_to_board(request: HttpRequest, slug: str, report_id: int) -> HttpResponse:
    """Send a final version to a board meeting: choose the version and the meeting,
    then confirm on the next step. Nothing is sent until the confirmation is pressed."""
    membership = access.require_member(request, slug, permissions.can_send_to_board)
    report = _report(membership, report_id)
    form = SendToBoardForm(
        request.POST or None,
        runs=selectors.sendable_finals(report),
        meetings=board.open_board_meetings(membership.partnership),
    )
    confirming = False
    if request.method == "POST" and form.is_valid():
        run, meeting = form.cleaned_data["run"], form.cleaned_data["meeting"]
        if request.POST.get("confirm") != "1":
            confirming = True  # the confirmation step: say what will happen, then ask
        else:
            try:
                services.send_to_board(
                    run=run,
                    meeting=meeting,
                    by=membership,
                    link=request.build_absolute_uri(report.get_absolute_url()),
                )
            except ValidationError as refusal:
                add_service_errors(form, refusal)
            else:
                messages.success(
                    request,
                    f"Version {run.version} is on the agenda of the board meeting of "
                    f"{day(meeting.held_on)}.",
                )
                return redirect(report)
    response = render_page(
        request, "reports/send.html", report=report, form=form, confirming=confirming
    )
    return _with_status(response, 400 if form.errors else 200)


@login_required
def run_status(request: HttpRequest, slug: str, run_id: int) -> HttpResponse:
    membership = access.require_member(request, slug)
    run = _found(RenderRun, membership, "report__", pk=run_id)
    # Polled by the panel: its answer also carries the run's row of the versions table,
    # swapped in out of band, so the table never says "Rendering" beside a ready panel.
    row = selectors.version_of(run) if request.htmx else None
    return render_page(request, "reports/_run_status.html", run=run, row=row)


@login_required
def download(request: HttpRequest, slug: str, run_id: int) -> FileResponse:
    membership = access.require_member(request, slug)
    run = _found(RenderRun, membership, "report__", pk=run_id)
    if run.status != RenderRun.Status.DONE or not run.pdf:
        raise Http404("That version has no PDF.")
    kind = run.state
    report = run.report
    name = (
        f"{membership.partnership.slug}-{report.kind}-{report.year.label}-v{run.version}-{kind}.pdf"
    )
    return FileResponse(
        run.pdf.open("rb"), as_attachment=True, filename=name, content_type="application/pdf"
    )


def _section_page(request, membership, section, *, form=None, comment_form=None, status=200):
    if form is None and permissions.can_write(membership):
        form = SectionForm(initial=edit_initial(section, "narrative", "components", "internal"))
    report = section.report
    comments = paginate(
        request,
        section.comments.select_related(
            "author__user", "author__agency", "run", "for_group"
        ).order_by("created_at", "pk"),
        COMMENTS_PER_PAGE,
    )
    for comment in comments:
        comment.may_resolve = not comment.resolved and permissions.can_resolve_comment(
            membership, comment
        )
    sections = list(report.sections.only("key", "title", "position"))
    response = render_page(
        request,
        "reports/section.html",
        report=report,
        section=section,
        history=changes(section, SECTION_FIELDS, long_text=frozenset({"narrative"})),
        sections=sections,
        prompt=rules.section_prompt(report.kind, section.key),
        preview=content.section_html(section),
        form=form,
        comment_form=comment_form or CommentForm(groups=groups_of(membership)),
        comments=comments,
        public=report.kind == Report.Kind.PUBLIC,
    )
    return _with_status(response, status)


@login_required
def section_page(request: HttpRequest, slug: str, report_id: int, key: str) -> HttpResponse:
    membership = access.require_member(request, slug)
    section = _section(membership, report_id, key)
    if request.method != "POST":
        return _section_page(request, membership, section)
    access.check(permissions.can_write(membership))
    public = section.report.kind == Report.Kind.PUBLIC

    def save(*, narrative, components, internal, seen):
        # Only the public summary leaves sections out, so only it saves the box.
        internal = internal if public else None
        return services.save_section(
            section=section,
            narrative=narrative,
            components=components,
            internal=internal,
            by=membership,
            seen=seen,
        )

    form = SectionForm(request.POST)
    if submitted(request, form, save) is not NOT_SAVED:
        messages.success(request, f"{section.title} saved.")
        return redirect(section)
    section.refresh_from_db()
    return _section_page(request, membership, section, form=form, status=400)


@login_required
@require_POST
def preview(request: HttpRequest, slug: str, report_id: int, key: str) -> HttpResponse:
    """The section as it would print with the text being written. Never saves."""
    membership = access.require_member(request, slug, permissions.can_write)
    saved = _section(membership, report_id, key)
    section = copy(saved)
    section.narrative = request.POST.get("narrative", "")[: services.MAX_NARRATIVE]
    if request.htmx:
        return render_page(request, "reports/_preview.html", preview=content.section_html(section))
    # Without JavaScript: the whole page, with the text still in the editor, unsaved.
    messages.info(request, "This is a preview. Save the section to keep your changes.")
    return _section_page(request, membership, section, form=SectionForm(request.POST))


@login_required
@require_POST
def add_comment(request: HttpRequest, slug: str, report_id: int, key: str) -> HttpResponse:
    membership = access.require_member(request, slug)
    section = _section(membership, report_id, key)
    form = CommentForm(request.POST, groups=groups_of(membership))
    save = partial(services.add_comment, section=section, author=membership)
    comment = submitted(request, form, save)
    if comment is not NOT_SAVED:
        messages.success(request, "Comment added.")
        return redirect(_comment_url(comment))
    return _section_page(request, membership, section, comment_form=form, status=400)


@login_required
@require_POST
def resolve_comment(request: HttpRequest, slug: str, comment_id: int) -> HttpResponse:
    membership = access.require_member(request, slug)
    comment = _found(Comment, membership, "section__report__", pk=comment_id)
    access.check(permissions.can_resolve_comment(membership, comment))
    services.resolve_comment(comment=comment, by=membership)
    messages.success(request, "Comment marked as dealt with.")
    return redirect(_comment_url(comment))


def _comment_url(comment: Comment) -> str:
    """The section's page of comments (oldest first) that holds `comment`."""
    before = comment.section.comments.filter(
        Q(created_at__lt=comment.created_at) | Q(created_at=comment.created_at, pk__lt=comment.pk)
    ).count()
    page = before // COMMENTS_PER_PAGE + 1
    return f"{comment.section.get_absolute_url()}?page={page}#comment-{comment.pk}"
