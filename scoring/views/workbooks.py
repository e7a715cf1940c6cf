"""Score sheets and rounds as workbooks: downloading them and importing a filled-in
sheet."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from csp_assessment import uploads
from csp_assessment.exports import XLSX_TYPE, download
from csp_assessment.form_pages import render_page
from partnerships import access

from .. import permissions, selectors, workbooks
from ..forms import WorkbookForm
from ..models import ScoreSheet
from .objects import round_for, scorer_access, with_status


@login_required
def sheet_export(request: HttpRequest, slug: str, round_id: int) -> HttpResponse:
    _membership, _round, own = scorer_access(request, slug, round_id)
    return _workbook_download(workbooks.sheet_workbook(own), f"scores-round-{round_id}.xlsx")


def _import_into(request, slug, round_, target: ScoreSheet, back: str) -> HttpResponse:
    form = WorkbookForm(request.POST, request.FILES)
    if uploads.refused(request):
        messages.error(request, getattr(request, uploads.REFUSED))
        return redirect(back)
    if not form.is_valid():
        chosen = "workbook" in request.FILES
        messages.error(
            request, " ".join(form.errors["workbook"]) if chosen else "Choose a workbook to import."
        )
        return redirect(back)
    report = workbooks.import_sheet_workbook(target, form.cleaned_data["workbook"])
    return with_status(
        render_page(
            request,
            "scoring/import_report.html",
            round=round_,
            report=report,
            target=target,
            back=back,
        ),
        400 if report.errors else 200,
    )


@require_POST
@login_required
def sheet_import(request: HttpRequest, slug: str, round_id: int) -> HttpResponse:
    _membership, round_, own = scorer_access(request, slug, round_id)
    back = reverse("scoring:sheet", kwargs={"slug": slug, "round_id": round_.pk})
    return _import_into(request, slug, round_, own, back)


@require_POST
@login_required
def sheet_import_for(request: HttpRequest, slug: str, round_id: int, sheet_id: int) -> HttpResponse:
    """An analyst imports a workbook a partner sent in by email."""
    membership = access.require_member(request, slug, permissions.can_run_rounds)
    round_ = round_for(membership, round_id)
    target = get_object_or_404(
        ScoreSheet.objects.select_related("round__matrix", "scorer__user"),
        pk=sheet_id,
        round=round_,
    )
    return _import_into(request, slug, round_, target, round_.get_absolute_url())


@login_required
def sheet_export_for(request: HttpRequest, slug: str, round_id: int, sheet_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_run_rounds)
    round_ = round_for(membership, round_id)
    target = get_object_or_404(ScoreSheet, pk=sheet_id, round=round_)
    blank = not permissions.can_read_scores_of(membership, round_)
    return _workbook_download(
        workbooks.sheet_workbook(target, blank=blank), f"scores-round-{round_id}-{target.pk}.xlsx"
    )


@login_required
def round_export(request: HttpRequest, slug: str, round_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_view)
    round_ = round_for(membership, round_id)
    unsubmitted = selectors.has_unsubmitted_sheet(membership, round_)
    access.check(permissions.can_see_results(membership, round_, unsubmitted=unsubmitted))
    return _workbook_download(workbooks.round_workbook(round_), f"round-{round_id}-results.xlsx")


def _workbook_download(content: bytes, filename: str) -> HttpResponse:
    return download(content, filename, XLSX_TYPE)
