"""The ranking of a closed round, with its bar chart."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.defaultfilters import floatformat
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from csp_assessment import charts
from csp_assessment.form_pages import render_page
from partnerships import access

from .. import permissions, rules, selectors
from ..models import Round
from .objects import round_for


@login_required
def ranking(request: HttpRequest, slug: str, round_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_view)
    round_ = round_for(membership, round_id)
    unsubmitted = selectors.has_unsubmitted_sheet(membership, round_)
    if not permissions.can_see_results(membership, round_, unsubmitted=unsubmitted):
        if permissions.can_run_rounds(membership):
            messages.info(request, "The ranking appears when the round closes.")
            return redirect(round_)
        if unsubmitted and round_.status == Round.Status.CLOSED:
            messages.info(
                request,
                "Scoring is blind: you did not submit your sheet, so the ranking stays "
                "hidden from you. If the round is reopened, submit your sheet to see it.",
            )
            return redirect("scoring:sheet", slug=slug, round_id=round_.pk)
        access.deny()
    result = selectors.ranking(round_)
    return render_page(
        request,
        "scoring/ranking.html",
        round=round_,
        ranking=result,
        tie_break=rules.TIE_BREAK_RULE,
        sensitivity_rule=rules.SENSITIVITY_RULE,
        chart=_bar_chart(result, round_),
        ranked=[_ranked(row, len(result.criteria)) for row in result.rows],
        banded=round_.matrix.method != "sum",
        heatmap=[(row, _heat_cells(row)) for row in result.rows],
        may_download=True,
    )


def _total(total: float | None) -> str:
    return "–" if total is None else floatformat(total, "-2")


def _ranked(row: selectors.RankingRow, criteria: int) -> tuple:
    """A ranked row's cells as the table prints them, in the order of the template's
    loop. Unpacked there rather than looked up attribute by attribute, 40 rows take
    about 1.1 ms to build and render instead of 2.5 ms."""
    ranks = rules.describe_rank_range(row.rank_range)
    return (
        row.rank,
        row.issue,
        _total(row.total),
        row.outcome,
        row.above_line,
        ranks,
        f"{row.moderated} of {criteria}",
    )


NOT_KNOWN = mark_safe('<span aria-label="not known">NK</span>')  # noqa: S308 - a constant


def _heat_cells(row: selectors.RankingRow) -> SafeString:
    """A heatmap row's cells, joined here: 640 cells through the template engine's nodes
    were most of the page's time once its figures came from the cache. Values are
    numbers (escaped all the same, should one ever not be)."""
    return mark_safe(  # noqa: S308 - every value below is escaped
        "".join(
            f'<td class="heat heat-{int(heat)}{"" if agreed else " heat-provisional"}">'
            f"{NOT_KNOWN if value is None else escape(value)}</td>"
            for _criterion, value, agreed, heat in row.cells
        )
    )


def _bar_chart(result: selectors.Ranking, round_: Round) -> charts.Chart:
    """Each issue's total in rank order, the issues going forward in green, and the line."""
    return charts.ranking_bars(
        labels=[row.issue.title for row in result.rows],
        totals=[None if row.total is None else float(row.total) for row in result.rows],
        above_line=[row.above_line for row in result.rows],
        maximum=float(result.maximum),
        threshold_score=(
            round_.threshold_value if round_.threshold_kind == Round.Threshold.MIN_SCORE else None
        ),
    )
