"""Moderation after a round closes: the issues to agree, one issue's scores and
agreed values, and the history of changes to both."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect

from csp_assessment.form_pages import render_page
from cycles.models import Issue
from partnerships import access

from .. import permissions, rules, selectors, services
from ..models import AgreedScore, Round, Score, ScoreSheet
from .objects import round_for, with_status


@login_required
def moderation(request: HttpRequest, slug: str, round_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_moderate)
    round_ = round_for(membership, round_id)
    if round_.status != Round.Status.CLOSED:
        messages.info(request, "Moderation starts when the round closes.")
        return redirect(round_)
    result = selectors.ranking(round_)
    return render_page(
        request,
        "scoring/moderation.html",
        round=round_,
        ranking=result,
        interest_rule=rules.INTEREST_RULE,
    )


@login_required
def moderate_issue(request: HttpRequest, slug: str, round_id: int, issue_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_moderate)
    round_ = round_for(membership, round_id)
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
                    seen=request.POST.get("seen") or None,
                )
            except ValidationError as error:
                problems.extend(error.messages)
            else:
                messages.success(request, f"Agreed scores for “{issue.title}” saved.")
                return redirect(
                    "scoring:moderate_issue", slug=slug, round_id=round_.pk, issue_id=issue.pk
                )
    moderation_ = selectors.moderation_for_issue(round_, issue, criteria)
    rows = moderation_.rows
    names = {c.pk: c.name for c in criteria}
    rationale = next((r.agreed.rationale for r in rows if r.agreed), "")

    def shown(row) -> str:
        """What the agreed box holds: as typed, else as agreed, else the suggestion."""
        if request.method == "POST":
            return request.POST.get(f"agreed-{row.criterion.pk}", "")
        if row.agreed:
            return "NK" if row.agreed.not_known else _value_or_blank(row.agreed.value)
        return _value_or_blank(row.suggested)

    return with_status(
        render_page(
            request,
            "scoring/moderate_issue.html",
            round=round_,
            issue=issue,
            sheets=moderation_.sheets,
            rows=[(row, shown(row)) for row in rows],
            interests=moderation_.interests,
            low_confidence=moderation_.low_confidence,
            interest_rule=rules.INTEREST_RULE,
            problems=problems,
            seen=request.POST.get("seen")
            if request.method == "POST"
            else services.agreed_seen(round_, issue),
            rationale=request.POST.get("rationale", rationale)
            if request.method == "POST"
            else rationale,
            history=_agreed_history(round_, issue, names),
            score_history=_score_history(round_, issue, names),
            divergence_rule=(
                "A criterion is flagged when the highest and lowest scores differ by "
                f"{round_.divergence_range} or more."
            ),
            suggestion_rule=rules.SUGGESTION_RULE,
        ),
        400 if problems else 200,
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
