"""Compliance checklist pages: runs, their items and evidence files, and the
workbook download."""

from functools import partial
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone

from csp_assessment import exports
from csp_assessment.edits import edit_initial
from csp_assessment.form_pages import NOT_SAVED, form_page, render_page, submitted
from csp_assessment.pagination import sort_table
from partnerships import access

from .. import checklist_layout, permissions, selectors, workbooks
from ..checklist_models import ChecklistItem
from ..forms import ChecklistItemForm, StartChecklistForm
from ..services.checklists import start_checklist, update_checklist_item
from ..tables import ChecklistTable
from .crumbs import url

# The member, if the rule allows, and the checklist run the address names.
_checklist_run = partial(access.member_and, find=selectors.checklist_run_or_404)


@login_required
def checklists(request: HttpRequest, slug: str) -> HttpResponse:
    membership = access.require_member(request, slug)
    rows = checklist_layout.runs_with_progress(membership.partnership)
    can_run = permissions.can_run_checklists(membership)
    if request.method == "POST":
        access.check(can_run)
    form = StartChecklistForm(
        request.POST or None,
        partnership=membership.partnership,
        initial={"year": selectors.current_year(membership.partnership, timezone.localdate())},
    )
    run = submitted(request, form, start_checklist)
    if run is not NOT_SAVED:
        messages.success(request, f"{run} started.")
        return redirect("priorities:checklist", slug=slug, run_id=run.pk)
    table = ChecklistTable(rows)
    sort_table(request, table)
    return render_page(
        request, "priorities/checklists.html", table=table, form=form if can_run else None
    )


@login_required
def checklist_run(request: HttpRequest, slug: str, run_id: int) -> HttpResponse:
    _, run = _checklist_run(request, slug, run_id)
    items = selectors.checklist_items(run)
    return render_page(
        request,
        "priorities/checklist.html",
        run=run,
        stages=checklist_layout.stages(items),
        numbered=any(item.requirement.seed_ref for item in items),
        progress=selectors.checklist_progress(items),
        not_asked=checklist_layout.not_asked_count(items),
        legend=checklist_layout.status_key_legend(),
    )


@login_required
def checklist_item(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_run_checklists)
    item = access.owned(
        ChecklistItem.objects.select_related("requirement", "run__template", "run__year__cycle"),
        membership,
        item_id,
        "run__year__cycle",
    )
    form = ChecklistItemForm(
        request.POST or None,
        request.FILES or None,
        partnership=membership.partnership,
        initial=edit_initial(
            item, "action", "development", "rag", "status_key", "owner", "due_on", "evidence_link"
        ),
    )
    return form_page(
        request,
        form,
        save=partial(update_checklist_item, item=item),
        message="Checklist item saved.",
        then=url("checklist", slug, run_id=item.run_id),
        heading="Checklist item",
        template="priorities/checklist_item.html",
        item=item,
        legend=checklist_layout.status_key_legend(),
    )


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
    _, run = _checklist_run(request, slug, run_id)
    return exports.download(
        workbooks.checklist_workbook(run, selectors.checklist_items(run)),
        f"{run.template.key}-{run.year.label}.xlsx",
        exports.XLSX_TYPE,
    )
