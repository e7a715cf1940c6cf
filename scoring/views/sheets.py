"""The scorer's own score sheet: the grid with its autosaved cells, one issue at a
time, submitting and reopening."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from consultation.selectors import accepted_rationales
from csp_assessment.form_pages import press, render_page
from csp_assessment.history import changes
from cycles.models import Issue
from partnerships.models import Membership

from .. import grid, permissions, selectors, services
from ..models import Score, ScoreSheet
from ..suggestions import suggestions_for_round
from .objects import scorer_access, with_status


def _grid_context(
    membership: Membership,
    sheet: ScoreSheet,
    *,
    entered=None,
    errors=None,
    messages_=None,
    full: bool = True,
) -> dict:
    """What the sheet page shows. `full` False is for the autosave answer, which needs
    only totals and messages: it skips the suggestions and rationale documents."""
    criteria = list(sheet.round.matrix.criteria.all())
    rows = selectors.sheet_rows(sheet, criteria)
    editable = permissions.can_edit_sheet(membership, sheet)
    suggested = (
        grid.suggested_cells(
            suggestions_for_round(sheet.round, [r.issue for r in rows]), rows, criteria
        )
        if full
        else {}
    )
    rationales = accepted_rationales(sheet.round.year) if full else {}
    return {
        "issue_links": [(row.issue, rationales.get(row.issue.pk, [])) for row in rows],
        "sheet": sheet,
        "round": sheet.round,
        "criteria": criteria,
        "rows": rows,
        "body": grid.grid_body(
            rows, criteria, editable=editable, entered=entered, errors=errors, suggested=suggested
        ),
        "editable": editable,
        "descriptors": {
            "criteria": {
                str(c.pk): {"name": c.name, "meaning": c.meaning, "levels": c.levels}
                for c in criteria
            },
            "suggestions": {
                name: {"value": s.value, "evidence": s.evidence, "rule": s.rule, "source": s.source}
                for name, s in suggested.items()
            },
        },
        "cell_errors": messages_ or [],
        "answered": sum(
            1 for r in rows for s in r.scores.values() if s.value is not None or s.not_known
        ),
        "cells": len(rows) * len(criteria),
    }


def _cells_from_post(sheet: ScoreSheet, data) -> tuple[dict, dict, set, list[str]]:
    """Parse every grid input in a POST. Returns cells, what was typed, bad cell names
    and one message per bad cell."""
    criteria = {c.pk: c for c in sheet.round.matrix.criteria.all()}
    cells, entered, bad, problems = {}, {}, set(), []
    titles = None
    for name, raw in data.items():
        key = grid.parse_cell_name(name)
        if key is None or key[1] not in criteria:
            continue
        entered[name] = raw
        try:
            cells[key] = services.parse_cell(raw, criteria[key[1]])
        except ValidationError as error:
            if titles is None:
                titles = dict(Issue.objects.filter(rounds=sheet.round).values_list("pk", "title"))
            bad.add(name)
            problems.append(f"{titles.get(key[0], 'Issue')}: {error.messages[0]}")
    return cells, entered, bad, problems


@login_required
def sheet(request: HttpRequest, slug: str, round_id: int) -> HttpResponse:
    membership, round_, own = scorer_access(request, slug, round_id)
    if request.method == "POST":
        cells, entered, bad, problems = _cells_from_post(own, request.POST)
        if problems:
            context = _grid_context(
                membership,
                own,
                entered=entered,
                errors=bad,
                messages_=problems,
                full=not request.htmx,
            )
            if request.htmx:
                return render_page(request, "scoring/_grid_status.html", **context)
            messages.error(request, "Some scores could not be saved. Nothing was changed.")
            return with_status(render_page(request, "scoring/sheet.html", **context), 400)
        try:
            changed = services.save_scores(sheet=own, cells=cells)
            if request.POST.get("action") == "submit":
                services.submit_sheet(sheet=own)
        except ValidationError as error:
            if request.htmx:
                context = _grid_context(membership, own, messages_=error.messages, full=False)
                return render_page(request, "scoring/_grid_status.html", **context)
            messages.error(request, " ".join(error.messages))
            return redirect("scoring:sheet", slug=slug, round_id=round_.pk)
        if request.htmx:
            context = _grid_context(membership, own, full=False)
            context["saved_at"] = timezone.localtime()
            context["changed"] = changed
            return render_page(request, "scoring/_grid_status.html", **context)
        if own.status == ScoreSheet.Status.SUBMITTED:
            messages.success(request, "Your scores are submitted. Thank you.")
        else:
            messages.success(request, "Draft saved.")
        return redirect("scoring:sheet", slug=slug, round_id=round_.pk)
    return render_page(
        request,
        "scoring/sheet.html",
        **_grid_context(membership, own),
        history=changes(own, {"status": "Status"}),
    )


@require_POST
@login_required
def sheet_reopen(request: HttpRequest, slug: str, round_id: int) -> HttpResponse:
    _membership, _round, own = scorer_access(request, slug, round_id)
    press(
        request,
        partial(services.reopen_sheet, sheet=own),
        "Your sheet is open again. Submit it when you have finished.",
    )
    return redirect("scoring:sheet", slug=slug, round_id=round_id)


@login_required
def sheet_issue(request: HttpRequest, slug: str, round_id: int, issue_id: int) -> HttpResponse:
    """One issue of the scorer's sheet: every criterion with its levels and a note."""
    membership, round_, own = scorer_access(request, slug, round_id)
    issue = get_object_or_404(Issue, pk=issue_id, rounds=round_)
    if not own.round.assignments.filter(issue=issue, scorer=membership).exists():
        raise PermissionDenied("You have not been asked to score this issue.")
    criteria = list(round_.matrix.criteria.all())
    scores = {s.criterion_id: s for s in Score.objects.filter(sheet=own, issue=issue)}
    suggested = suggestions_for_round(round_, [issue])
    suggestions = {
        c.pk: suggested[issue.pk, c.key]
        for c in criteria
        if c.data_driven and (issue.pk, c.key) in suggested
    }
    problems = []
    if request.method == "POST":
        # "Use the suggested score" submits the whole form with that criterion's value
        # replaced by the suggestion, worked out again here rather than sent by the page.
        accept = request.POST.get("accept", "")
        accepted = suggestions.get(int(accept)) if accept.isdigit() else None
        if accepted is not None and accepted.value is None:
            accepted = None
        cells, notes, accepted_for = {}, {}, ""
        for c in criteria:
            raw = request.POST.get(f"value-{c.pk}", "")
            if accepted is not None and suggestions.get(c.pk) is accepted:
                raw = str(accepted.value)
                accepted_for = c.name
            try:
                cells[(issue.pk, c.pk)] = services.parse_cell(raw, c)
            except ValidationError as error:
                problems.append(error.messages[0])
            notes[(issue.pk, c.pk)] = request.POST.get(f"note-{c.pk}", "")
        if not problems:
            try:
                services.save_scores(sheet=own, cells=cells, notes=notes)
            except ValidationError as error:
                problems.extend(error.messages)
            else:
                if accepted is not None:
                    messages.success(
                        request, f"Suggested score {accepted.value} used for {accepted_for}."
                    )
                    return redirect(
                        "scoring:sheet_issue", slug=slug, round_id=round_.pk, issue_id=issue.pk
                    )
                messages.success(request, f"Scores for “{issue.title}” saved.")
                return redirect("scoring:sheet", slug=slug, round_id=round_.pk)
    rows = [
        (
            c,
            request.POST.get(f"value-{c.pk}")
            if request.method == "POST"
            else grid.display_value(scores.get(c.pk)).lower(),
            request.POST.get(f"note-{c.pk}")
            if request.method == "POST"
            else (scores[c.pk].note if c.pk in scores else ""),
            suggestions.get(c.pk),
        )
        for c in criteria
    ]
    return with_status(
        render_page(
            request,
            "scoring/sheet_issue.html",
            round=round_,
            sheet=own,
            issue=issue,
            rows=rows,
            problems=problems,
            editable=permissions.can_edit_sheet(membership, own),
            scale=round_.matrix.scale,
        ),
        400 if problems else 200,
    )
