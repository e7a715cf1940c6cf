"""Scoring pages: matrices, rounds and their scorers, the score sheet, moderation and
the ranking. Every view resolves the person's membership first (404 for outsiders)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from consultation.selectors import accepted_rationales
from cycles.models import CycleYear, Issue
from partnerships import access
from partnerships.models import Membership
from partnerships.views import add_service_errors

from . import grid, rules, selectors, services, workbooks
from .forms import CriterionForm, MatrixForm, RoundForm, WorkbookForm, matrices_for
from .models import AgreedScore, Criterion, Matrix, Round, Score, ScoreSheet
from .suggestions import suggestions_for_round

MANAGE_SCORING = access.MANAGE_ACTIVITIES  # admins and analysts
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _round(membership: Membership, round_id: int) -> Round:
    return get_object_or_404(
        Round.objects.select_related("matrix", "year__cycle__partnership"),
        pk=round_id,
        year__cycle__partnership=membership.partnership,
    )


def _own_sheet(membership: Membership, round_: Round) -> ScoreSheet:
    sheet = (
        ScoreSheet.objects.select_related("round__matrix", "scorer__user")
        .filter(round=round_, scorer=membership)
        .first()
    )
    if sheet is None:
        raise PermissionDenied("You have not been asked to score in this round.")
    return sheet


def _can_see_results(membership: Membership, round_: Round) -> bool:
    return round_.status == Round.Status.CLOSED or membership.role in MANAGE_SCORING


def _attachment(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# Rounds ---------------------------------------------------------------------------


@login_required
def round_list(request: HttpRequest, slug: str) -> HttpResponse:
    membership = access.require_member(request, slug)
    rounds = Round.objects.filter(year__cycle__partnership=membership.partnership).select_related(
        "matrix", "year__cycle"
    )
    my_sheets = {
        s.round_id: s for s in ScoreSheet.objects.filter(scorer=membership, round__in=rounds)
    }
    if membership.role not in MANAGE_SCORING:
        rounds = [r for r in rounds if r.pk in my_sheets or r.status == Round.Status.CLOSED]
    years = CycleYear.objects.filter(cycle__partnership=membership.partnership).select_related(
        "cycle"
    )
    return render(
        request,
        "scoring/round_list.html",
        {
            "partnership": membership.partnership,
            "rounds": rounds,
            "my_sheets": my_sheets,
            "years": years,
            "can_manage": membership.role in MANAGE_SCORING,
        },
    )


@login_required
def round_new(request: HttpRequest, slug: str, year_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, MANAGE_SCORING)
    year = get_object_or_404(
        CycleYear.objects.select_related("cycle"),
        pk=year_id,
        cycle__partnership=membership.partnership,
    )
    form = RoundForm(
        request.POST or None,
        partnership=membership.partnership,
        year=year,
        initial={"matrix": matrices_for(membership.partnership).filter(key="csp-16").first()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            round_ = services.create_round(year=year, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{round_.name} created. Now choose who scores each issue.")
            return redirect("scoring:scorers", slug=slug, round_id=round_.pk)
    return render(
        request,
        "scoring/form_page.html",
        {
            "partnership": membership.partnership,
            "form": form,
            "heading": f"New scoring round for year {year.number} ({year.label})",
        },
    )


@login_required
def round_detail(request: HttpRequest, slug: str, round_id: int) -> HttpResponse:
    membership = access.require_member(request, slug)
    round_ = _round(membership, round_id)
    if membership.role not in MANAGE_SCORING:
        if round_.status == Round.Status.CLOSED:
            return redirect("scoring:ranking", slug=slug, round_id=round_.pk)
        _own_sheet(membership, round_)
        return redirect("scoring:sheet", slug=slug, round_id=round_.pk)
    progress, sheets = selectors.completeness(round_)
    return render(
        request,
        "scoring/round_detail.html",
        {
            "partnership": membership.partnership,
            "round": round_,
            "progress": progress,
            "sheets": sheets,
            "submitted": sum(1 for s in sheets if s.status == ScoreSheet.Status.SUBMITTED),
            "criteria_count": round_.matrix.criteria.count(),
            "import_form": WorkbookForm(),
        },
    )


@login_required
def scorers(request: HttpRequest, slug: str, round_id: int) -> HttpResponse:
    """Choose who scores each issue: people one by one, or everyone from an agency."""
    membership = access.require_member(request, slug, MANAGE_SCORING)
    round_ = _round(membership, round_id)
    people = list(
        membership.partnership.memberships.select_related("user", "agency").order_by(
            "agency__name", "user__first_name"
        )
    )
    issues = list(round_.issues.order_by("title"))
    assigned = set(round_.assignments.values_list("issue_id", "scorer_id"))
    if request.method == "POST":
        by_pk = {p.pk: p for p in people}
        agencies = set(request.POST.getlist("agency"))
        try:
            for issue in issues:
                chosen = {
                    by_pk[int(pk)]
                    for pk in request.POST.getlist(f"issue-{issue.pk}")
                    if pk.isdigit() and int(pk) in by_pk
                }
                chosen |= {p for p in people if p.agency_id and str(p.agency_id) in agencies}
                services.assign_scorers(round_=round_, issue=issue, scorers=chosen)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Scorers saved.")
            return redirect(round_)
    agencies = sorted({p.agency for p in people if p.agency_id}, key=lambda a: a.name)
    return render(
        request,
        "scoring/scorers.html",
        {
            "partnership": membership.partnership,
            "round": round_,
            "people": people,
            "rows": [
                (issue, [(person, (issue.pk, person.pk) in assigned) for person in people])
                for issue in issues
            ],
            "agencies": agencies,
        },
    )


@require_POST
@login_required
def round_status(request: HttpRequest, slug: str, round_id: int, action: str) -> HttpResponse:
    membership = access.require_member(request, slug, MANAGE_SCORING)
    round_ = _round(membership, round_id)
    change = {"open": services.open_round, "close": services.close_round}[action]
    try:
        change(round_=round_)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{round_.name} is now {round_.get_status_display().lower()}.")
    return redirect(round_)


# The score sheet ------------------------------------------------------------------


def _grid_context(
    sheet: ScoreSheet, *, entered=None, errors=None, messages_=None, full: bool = True
) -> dict:
    """What the sheet page shows. `full` False is for the autosave answer, which needs
    only totals and messages: it skips the suggestions and rationale documents."""
    criteria = list(sheet.round.matrix.criteria.all())
    rows = selectors.sheet_rows(sheet, criteria)
    editable = sheet.round.status == Round.Status.OPEN and sheet.status == ScoreSheet.Status.DRAFT
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
    membership = access.require_member(request, slug)
    round_ = _round(membership, round_id)
    own = _own_sheet(membership, round_)
    if request.method == "POST":
        cells, entered, bad, problems = _cells_from_post(own, request.POST)
        if problems:
            context = _grid_context(
                own, entered=entered, errors=bad, messages_=problems, full=not request.htmx
            )
            if request.htmx:
                return render(request, "scoring/_grid_status.html", context, status=200)
            messages.error(request, "Some scores could not be saved. Nothing was changed.")
            return render(
                request,
                "scoring/sheet.html",
                {"partnership": membership.partnership, **context},
                status=400,
            )
        try:
            changed = services.save_scores(sheet=own, cells=cells)
            if request.POST.get("action") == "submit":
                services.submit_sheet(sheet=own)
        except ValidationError as error:
            if request.htmx:
                context = _grid_context(own, messages_=error.messages, full=False)
                return render(request, "scoring/_grid_status.html", context)
            messages.error(request, " ".join(error.messages))
            return redirect("scoring:sheet", slug=slug, round_id=round_.pk)
        if request.htmx:
            context = _grid_context(own, full=False)
            context["saved_at"] = timezone.localtime()
            context["changed"] = changed
            return render(request, "scoring/_grid_status.html", context)
        if own.status == ScoreSheet.Status.SUBMITTED:
            messages.success(request, "Your scores are submitted. Thank you.")
        else:
            messages.success(request, "Draft saved.")
        return redirect("scoring:sheet", slug=slug, round_id=round_.pk)
    return render(
        request, "scoring/sheet.html", {"partnership": membership.partnership, **_grid_context(own)}
    )


@require_POST
@login_required
def sheet_reopen(request: HttpRequest, slug: str, round_id: int) -> HttpResponse:
    membership = access.require_member(request, slug)
    own = _own_sheet(membership, _round(membership, round_id))
    try:
        services.reopen_sheet(sheet=own)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Your sheet is open again. Submit it when you have finished.")
    return redirect("scoring:sheet", slug=slug, round_id=round_id)


@login_required
def sheet_issue(request: HttpRequest, slug: str, round_id: int, issue_id: int) -> HttpResponse:
    """One issue of the scorer's sheet: every criterion with its levels and a note."""
    membership = access.require_member(request, slug)
    round_ = _round(membership, round_id)
    own = _own_sheet(membership, round_)
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
    return render(
        request,
        "scoring/sheet_issue.html",
        {
            "partnership": membership.partnership,
            "round": round_,
            "sheet": own,
            "issue": issue,
            "rows": rows,
            "problems": problems,
            "editable": round_.status == Round.Status.OPEN
            and own.status == ScoreSheet.Status.DRAFT,
            "scale": round_.matrix.scale,
        },
        status=400 if problems else 200,
    )


@login_required
def sheet_export(request: HttpRequest, slug: str, round_id: int) -> HttpResponse:
    membership = access.require_member(request, slug)
    own = _own_sheet(membership, _round(membership, round_id))
    return _attachment(workbooks.sheet_workbook(own), f"scores-round-{round_id}.xlsx")


def _import_into(request, slug, round_, target: ScoreSheet, back: str) -> HttpResponse:
    form = WorkbookForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Choose a workbook to import.")
        return redirect(back)
    report = workbooks.import_sheet_workbook(target, form.cleaned_data["workbook"])
    return render(
        request,
        "scoring/import_report.html",
        {
            "partnership": round_.year.cycle.partnership,
            "round": round_,
            "report": report,
            "target": target,
            "back": back,
        },
        status=400 if report.errors else 200,
    )


@require_POST
@login_required
def sheet_import(request: HttpRequest, slug: str, round_id: int) -> HttpResponse:
    membership = access.require_member(request, slug)
    round_ = _round(membership, round_id)
    own = _own_sheet(membership, round_)
    back = reverse("scoring:sheet", kwargs={"slug": slug, "round_id": round_.pk})
    return _import_into(request, slug, round_, own, back)


@require_POST
@login_required
def sheet_import_for(request: HttpRequest, slug: str, round_id: int, sheet_id: int) -> HttpResponse:
    """An analyst imports a workbook a partner sent in by email."""
    membership = access.require_member(request, slug, MANAGE_SCORING)
    round_ = _round(membership, round_id)
    target = get_object_or_404(
        ScoreSheet.objects.select_related("round__matrix", "scorer__user"),
        pk=sheet_id,
        round=round_,
    )
    return _import_into(request, slug, round_, target, round_.get_absolute_url())


@login_required
def sheet_export_for(request: HttpRequest, slug: str, round_id: int, sheet_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, MANAGE_SCORING)
    round_ = _round(membership, round_id)
    target = get_object_or_404(ScoreSheet, pk=sheet_id, round=round_)
    # While scoring is blind the analyst can send a scorer a blank copy, not read values.
    blank = round_.status != Round.Status.CLOSED
    return _attachment(
        workbooks.sheet_workbook(target, blank=blank), f"scores-round-{round_id}-{target.pk}.xlsx"
    )


@login_required
def round_export(request: HttpRequest, slug: str, round_id: int) -> HttpResponse:
    membership = access.require_member(request, slug)
    round_ = _round(membership, round_id)
    if not _can_see_results(membership, round_) or round_.status != Round.Status.CLOSED:
        raise PermissionDenied("The round's workbook is available when the round has closed.")
    return _attachment(workbooks.round_workbook(round_), f"round-{round_id}-results.xlsx")


# Moderation and ranking -----------------------------------------------------------


@login_required
def moderation(request: HttpRequest, slug: str, round_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, MANAGE_SCORING)
    round_ = _round(membership, round_id)
    if round_.status != Round.Status.CLOSED:
        messages.info(request, "Moderation starts when the round closes.")
        return redirect(round_)
    result = selectors.ranking(round_)
    return render(
        request,
        "scoring/moderation.html",
        {"partnership": membership.partnership, "round": round_, "ranking": result},
    )


@login_required
def moderate_issue(request: HttpRequest, slug: str, round_id: int, issue_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, MANAGE_SCORING)
    round_ = _round(membership, round_id)
    issue = get_object_or_404(Issue, pk=issue_id, rounds=round_)
    if round_.status != Round.Status.CLOSED:
        messages.info(request, "Moderation starts when the round closes.")
        return redirect(round_)
    criteria = list(round_.matrix.criteria.all())
    problems = []
    if request.method == "POST":
        agreed = {}
        for c in criteria:
            raw = request.POST.get(f"agreed-{c.pk}", "")
            try:
                agreed[c.pk] = services.parse_cell(raw, c)
            except ValidationError as error:
                problems.append(error.messages[0])
        if not problems:
            try:
                services.moderate_issue(
                    round_=round_,
                    issue=issue,
                    agreed=agreed,
                    rationale=request.POST.get("rationale", ""),
                )
            except ValidationError as error:
                problems.extend(error.messages)
            else:
                messages.success(request, f"Agreed scores for “{issue.title}” saved.")
                return redirect(
                    "scoring:moderate_issue", slug=slug, round_id=round_.pk, issue_id=issue.pk
                )
    scorer_sheets, rows = selectors.moderation_for_issue(round_, issue, criteria)
    names = {c.pk: c.name for c in criteria}
    rationale = next((r.agreed.rationale for r in rows if r.agreed), "")

    def shown(row) -> str:
        """What the agreed box holds: as typed, else as agreed, else the suggestion."""
        if request.method == "POST":
            return request.POST.get(f"agreed-{row.criterion.pk}", "")
        if row.agreed:
            return "NK" if row.agreed.not_known else _value_or_blank(row.agreed.value)
        return _value_or_blank(row.suggested)

    return render(
        request,
        "scoring/moderate_issue.html",
        {
            "partnership": membership.partnership,
            "round": round_,
            "issue": issue,
            "sheets": scorer_sheets,
            "rows": [(row, shown(row)) for row in rows],
            "problems": problems,
            "rationale": request.POST.get("rationale", rationale)
            if request.method == "POST"
            else rationale,
            "history": _agreed_history(round_, issue, names),
            "score_history": _score_history(round_, issue, names),
            "divergence_rule": (
                "A criterion is flagged when the highest and lowest scores differ by "
                f"{round_.divergence_range} or more."
            ),
            "suggestion_rule": rules.SUGGESTION_RULE,
        },
        status=400 if problems else 200,
    )


def _value_or_blank(value) -> str:
    return "" if value is None else str(value)


def _value_text(value, not_known) -> str:
    if not_known:
        return "not known"
    return "blank" if value is None else str(value)


def _changes(records, key, names: dict[int, str], *, include_first: bool) -> list[dict]:
    """Turn history rows (oldest first) into who, when, what, old -> new, newest first.

    The previous value of each cell comes from the row before it in the same list, so
    this costs no query per row.
    """
    last: dict = {}
    out = []
    for record in records:
        cell = key(record)
        new = _value_text(record.value, record.not_known)
        old = last.get(cell)
        last[cell] = new
        if old == new or (old is None and not include_first):
            continue
        user = record.history_user
        out.append(
            {
                "when": record.history_date,
                "who": (user.get_full_name() or user.email) if user else "The workbench",
                "criterion": names.get(record.criterion_id, ""),
                "old": old or "none",
                "new": new,
                "record": record,
            }
        )
    out.reverse()
    return out


def _agreed_history(round_: Round, issue: Issue, names: dict[int, str]) -> list[dict]:
    records = (
        AgreedScore.history.filter(round_id=round_.pk, issue_id=issue.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    return _changes(records, lambda r: r.criterion_id, names, include_first=True)


def _score_history(round_: Round, issue: Issue, names: dict[int, str]) -> list[dict]:
    """Changes to scorers' values after they were first entered."""
    sheets = {
        s.pk: selectors.partner_label(s.scorer)
        for s in ScoreSheet.objects.filter(round=round_).select_related(
            "scorer__user", "scorer__agency"
        )
    }
    records = (
        Score.history.filter(sheet_id__in=list(sheets), issue_id=issue.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    rows = _changes(records, lambda r: (r.sheet_id, r.criterion_id), names, include_first=False)
    for row in rows:
        row["scorer"] = sheets.get(row["record"].sheet_id, "")
    return rows


@login_required
def ranking(request: HttpRequest, slug: str, round_id: int) -> HttpResponse:
    membership = access.require_member(request, slug)
    round_ = _round(membership, round_id)
    if round_.status != Round.Status.CLOSED:
        if membership.role in MANAGE_SCORING:
            messages.info(request, "The ranking appears when the round closes.")
            return redirect(round_)
        raise PermissionDenied("The ranking is shown when the round has closed.")
    result = selectors.ranking(round_)
    return render(
        request,
        "scoring/ranking.html",
        {
            "partnership": membership.partnership,
            "round": round_,
            "ranking": result,
            "tie_break": rules.TIE_BREAK_RULE,
            "sensitivity_rule": rules.SENSITIVITY_RULE,
            "chart": _bar_chart(result),
        },
    )


def _bar_chart(result: selectors.Ranking) -> dict:
    """Geometry for a horizontal bar chart of totals (drawn in the template as SVG)."""
    label_width, width, bar_height, gap = 300, 900, 22, 8
    plot = width - label_width - 60
    maximum = result.maximum or 1
    bars = [
        {
            "y": i * (bar_height + gap),
            "width": round(plot * (row.total or 0) / maximum, 1),
            "label": row.issue.title,
            "total": "–" if row.total is None else f"{row.total:g}",
            "above": row.above_line,
        }
        for i, row in enumerate(result.rows)
    ]
    return {
        "width": width,
        "height": max(len(bars) * (bar_height + gap), bar_height),
        "label_width": label_width,
        "bar_height": bar_height,
        "bars": bars,
    }


# Matrices -------------------------------------------------------------------------


def _matrix(membership: Membership, matrix_id: int) -> Matrix:
    return get_object_or_404(
        Matrix.objects.filter(Q(partnership=None) | Q(partnership=membership.partnership)),
        pk=matrix_id,
    )


@login_required
def matrix_list(request: HttpRequest, slug: str) -> HttpResponse:
    membership = access.require_member(request, slug)
    return render(
        request,
        "scoring/matrix_list.html",
        {"partnership": membership.partnership, "matrices": matrices_for(membership.partnership)},
    )


@login_required
def matrix_detail(request: HttpRequest, slug: str, matrix_id: int) -> HttpResponse:
    membership = access.require_member(request, slug)
    matrix = _matrix(membership, matrix_id)
    return render(
        request,
        "scoring/matrix_detail.html",
        {
            "partnership": membership.partnership,
            "matrix": matrix,
            "criteria": matrix.criteria.all(),
            "editable": matrix.partnership_id is not None and not services.matrix_in_use(matrix),
            "in_use": services.matrix_in_use(matrix),
        },
    )


@require_POST
@login_required
def matrix_copy(request: HttpRequest, slug: str, matrix_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, access.MANAGE_PARTNERSHIP)
    matrix = _matrix(membership, matrix_id)
    copy = services.copy_matrix(matrix=matrix, partnership=membership.partnership)
    messages.success(request, f"Copied as {copy}. You can edit this copy until a round uses it.")
    return redirect("scoring:matrix", slug=slug, matrix_id=copy.pk)


@login_required
def matrix_edit(request: HttpRequest, slug: str, matrix_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, access.MANAGE_PARTNERSHIP)
    matrix = _matrix(membership, matrix_id)
    form = MatrixForm(
        request.POST or None,
        initial={
            "name": matrix.name,
            "description": matrix.description,
            "scale_min": matrix.scale_min,
            "scale_max": matrix.scale_max,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_matrix(matrix=matrix, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Matrix saved.")
            return redirect("scoring:matrix", slug=slug, matrix_id=matrix.pk)
    return render(
        request,
        "scoring/form_page.html",
        {"partnership": membership.partnership, "form": form, "heading": f"Edit {matrix}"},
    )


@login_required
def criterion_edit(request: HttpRequest, slug: str, criterion_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, access.MANAGE_PARTNERSHIP)
    criterion = get_object_or_404(
        Criterion.objects.select_related("matrix"),
        pk=criterion_id,
        matrix__partnership=membership.partnership,
    )
    initial = {"name": criterion.name, "meaning": criterion.meaning, "weight": criterion.weight}
    initial.update({f"level_{k}": v for k, v in criterion.levels.items()})
    form = CriterionForm(request.POST or None, initial=initial, scale=criterion.matrix.scale)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_criterion(
                criterion=criterion,
                name=form.cleaned_data["name"],
                meaning=form.cleaned_data["meaning"],
                weight=form.cleaned_data["weight"],
                levels=form.levels(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{criterion.name} saved.")
            return redirect("scoring:matrix", slug=slug, matrix_id=criterion.matrix_id)
    return render(
        request,
        "scoring/form_page.html",
        {"partnership": membership.partnership, "form": form, "heading": f"Edit {criterion.name}"},
    )
