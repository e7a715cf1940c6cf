"""The scorer's own score sheet: the grid with its autosaved cells, one issue at a
time, submitting and reopening."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from consultation.selectors import accepted_rationales
from csp_assessment import links
from csp_assessment.form_fields import LONG_TEXT_LIMIT
from csp_assessment.form_pages import NOT_SAVED, press, render_page, submitted
from csp_assessment.history import Change, changes
from cycles.models import Issue
from partnerships.models import Membership

from .. import grid, permissions, rules, selectors, services
from ..forms import InterestForm
from ..models import Interest, Score, ScoreSheet
from ..suggestions import suggestions_for_round
from .objects import scorer_access, with_status

SUBMIT = "submit"
SUBMIT_EMPTY = "submit_empty"  # the confirmation step's button: submit with empty cells


def _grid_context(
    membership: Membership,
    sheet: ScoreSheet,
    *,
    entered: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    problems: list[tuple[str, str]] | None = None,
    sheet_errors: list[str] | None = None,
    full: bool = True,
) -> dict:
    """What the sheet page shows. `full` False is for the autosave answer, which needs
    only totals and messages: it skips the suggestions and rationale documents.
    `problems` are the invalid cells (cell name, message), `sheet_errors` what stopped
    the whole save (a closed round, a submitted sheet)."""
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
    asked = [row for row in rows if row.interest is None]
    slug = membership.partnership.slug
    in_round = {"slug": slug, "round_id": sheet.round_id}
    issue_url = links.for_each("scoring:sheet_issue", "issue_id", **in_round)
    interest_url = links.for_each("scoring:sheet_interest", "issue_id", **in_round)

    return {
        "issue_links": [
            (
                row.issue,
                rationales.get(row.issue.pk, []),
                row.interest,
                issue_url(row.issue.pk),
                interest_url(row.issue.pk),
            )
            for row in rows
        ],
        "sheet": sheet,
        "round": sheet.round,
        "criteria": criteria,
        "rows": rows,
        "body": grid.grid_body(
            rows,
            criteria,
            editable=editable,
            entered=entered,
            errors=errors,
            suggested=suggested,
            interest_url=interest_url,
        )
        if full
        else "",
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
        "problems": problems or [],
        "sheet_errors": sheet_errors or [],
        "answered": sum(1 for r in asked for s in r.scores.values() if grid.is_answered(s)),
        "cells": len(asked) * len(criteria),
        "interests": [row for row in rows if row.interest is not None],
    }


def _confidence_from_post(data) -> dict[tuple[int, int], str]:
    """The grid's confidence selects in a POST, by (issue id, criterion id)."""
    found = {}
    for name, raw in data.items():
        key = grid.parse_cell_name(name, prefix="k")
        if key is not None:
            found[key] = raw
    return found


def _cells_from_post(
    sheet: ScoreSheet, data
) -> tuple[dict, dict[str, str], dict[str, str], list[tuple[str, str]]]:
    """Parse every grid input in a POST. Returns the valid cells, what was typed, the
    bad cells' messages by cell name, and one (cell name, message naming the issue)
    per bad cell in the grid's order."""
    criteria = {c.pk: c for c in sheet.round.matrix.criteria.all()}
    cells, entered, bad = {}, {}, {}
    for name, raw in data.items():
        key = grid.parse_cell_name(name)
        if key is None or key[1] not in criteria:
            continue
        entered[name] = raw
        try:
            cells[key] = services.parse_cell(raw, criteria[key[1]])
        except ValidationError as error:
            bad[name] = error.messages[0]
    problems = []
    if bad:
        titles = dict(Issue.objects.filter(rounds=sheet.round).values_list("pk", "title"))
        for name, message in bad.items():
            issue_id, _ = grid.parse_cell_name(name)
            problems.append((name, f"{titles.get(issue_id, 'Issue')}: {message}"))
    return cells, entered, bad, problems


def _sheet_page(request: HttpRequest, context: dict, status: int = 200) -> HttpResponse:
    return with_status(
        render_page(
            request,
            "scoring/sheet.html",
            **context,
            history=changes(context["sheet"], {"status": "Status"}),
        ),
        status,
    )


@login_required
def sheet(request: HttpRequest, slug: str, round_id: int) -> HttpResponse:
    """The grid. A POST (the whole form, by htmx on every change or by the buttons)
    saves every valid cell and reports each invalid one; those stay as typed."""
    membership, round_, own = scorer_access(request, slug, round_id)
    if request.method != "POST":
        return _sheet_page(request, _grid_context(membership, own))
    cells, entered, bad, problems = _cells_from_post(own, request.POST)
    marked = {"entered": entered, "errors": bad, "problems": problems}
    action = request.POST.get("action", "")
    try:
        changed = services.save_scores(
            sheet=own, cells=cells, confidence=_confidence_from_post(request.POST)
        )
    except ValidationError as error:
        if request.htmx:
            context = _grid_context(
                membership, own, **marked, sheet_errors=error.messages, full=False
            )
            return render_page(request, "scoring/_grid_status.html", **context)
        messages.error(request, " ".join(error.messages))
        return redirect("scoring:sheet", slug=slug, round_id=round_.pk)
    if request.htmx:
        context = _grid_context(membership, own, **marked, full=False)
        context["saved_at"] = timezone.localtime()
        context["changed"] = changed
        return render_page(request, "scoring/_grid_status.html", **context)
    if problems:
        if action in (SUBMIT, SUBMIT_EMPTY):
            messages.error(request, "Your sheet was not submitted. Correct the marked scores.")
        return _sheet_page(request, _grid_context(membership, own, **marked), 400)
    if action not in (SUBMIT, SUBMIT_EMPTY):
        messages.success(request, "Draft saved.")
        return redirect("scoring:sheet", slug=slug, round_id=round_.pk)
    context = _grid_context(membership, own)
    empty = context["cells"] - context["answered"]
    # The confirmation names the number of empty cells; if that changed since (another
    # tab, an import), the scorer is asked again with the new number.
    if empty and (action != SUBMIT_EMPTY or request.POST.get("empty") != str(empty)):
        context["empty"] = empty
        context["empty_cells"] = grid.empty_cells(context["rows"], context["criteria"])
        return _sheet_page(request, context)
    try:
        services.submit_sheet(sheet=own, allow_empty=bool(empty))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Your scores are submitted. Thank you.")
    return redirect("scoring:sheet", slug=slug, round_id=round_.pk)


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
    interest = Interest.objects.filter(round=round_, issue=issue, scorer=membership).first()
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
        cells, notes, sure, accepted_for = {}, {}, {}, ""
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
            sure[(issue.pk, c.pk)] = request.POST.get(f"confidence-{c.pk}", "")
        if not problems:
            try:
                services.save_scores(sheet=own, cells=cells, notes=notes, confidence=sure)
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
            request.POST.get(f"confidence-{c.pk}", "")
            if request.method == "POST"
            else (scores[c.pk].confidence if c.pk in scores else ""),
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
            editable=permissions.can_edit_sheet(membership, own) and interest is None,
            scale=round_.matrix.scale,
            interest=interest,
            confidence_choices=Score.Confidence.choices,
            note_limit=LONG_TEXT_LIMIT,
        ),
        400 if problems else 200,
    )


@login_required
def sheet_interest(request: HttpRequest, slug: str, round_id: int, issue_id: int) -> HttpResponse:
    """Declare an interest in one of the scorer's issues (with a reason), or withdraw
    one after a confirmation. Both change the sheet, so both need it open for changes."""
    membership, round_, own = scorer_access(request, slug, round_id)
    issue = get_object_or_404(Issue, pk=issue_id, rounds=round_)
    if not round_.assignments.filter(issue=issue, scorer=membership).exists():
        raise PermissionDenied("You have not been asked to score this issue.")
    interest = Interest.objects.filter(round=round_, issue=issue, scorer=membership).first()
    back = reverse("scoring:sheet", kwargs={"slug": slug, "round_id": round_.pk})
    editable = permissions.can_edit_sheet(membership, own)
    form = InterestForm(request.POST if request.method == "POST" and interest is None else None)
    problems: list[str] = []
    if request.method == "POST" and interest is not None:
        if request.POST.get("confirm") == "yes":
            try:
                services.withdraw_interest(sheet=own, issue=issue)
            except ValidationError as error:
                problems.extend(error.messages)
            else:
                messages.success(
                    request,
                    f"Your interest in “{issue.title}” is withdrawn. Its scores are asked for "
                    "again.",
                )
                return redirect(back)
        else:
            problems.append("Confirm that you want to withdraw the interest.")
    elif request.method == "POST":
        declared = submitted(
            request, form, partial(services.declare_interest, sheet=own, issue=issue)
        )
        if declared is not NOT_SAVED:
            messages.success(
                request,
                f"Interest in “{issue.title}” declared. Its scores are no longer asked for "
                "and any you gave are left out of moderation.",
            )
            return redirect(back)
    return with_status(
        render_page(
            request,
            "scoring/sheet_interest.html",
            round=round_,
            sheet=own,
            issue=issue,
            interest=interest,
            form=form,
            problems=problems,
            editable=editable,
            interest_rule=rules.INTEREST_RULE,
            history=_interest_history(round_, issue, membership),
        ),
        400 if request.method == "POST" else 200,
    )


def _interest_history(round_, issue, membership) -> list[Change]:
    """Each time the scorer declared or withdrew an interest in the issue, newest first."""
    records = (
        Interest.history.filter(round_id=round_.pk, issue_id=issue.pk, scorer_id=membership.pk)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[:20]
    )
    said = {"+": "Interest declared: {reason}", "~": "Reason: {reason}", "-": "Interest withdrawn"}
    return [
        Change(
            r.history_date,
            (r.history_user.get_full_name() or r.history_user.email)
            if r.history_user
            else "The workbench",
            [said[r.history_type].format(reason=r.reason)],
        )
        for r in records
    ]
