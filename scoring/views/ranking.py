"""The ranking of a closed round, with its bar chart."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from csp_assessment.form_pages import render_page
from partnerships import access

from .. import permissions, rules, selectors
from .objects import round_for


@login_required
def ranking(request: HttpRequest, slug: str, round_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_view)
    round_ = round_for(membership, round_id)
    if not permissions.can_see_results(membership, round_):
        if permissions.can_run_rounds(membership):
            messages.info(request, "The ranking appears when the round closes.")
            return redirect(round_)
        access.deny()
    result = selectors.ranking(round_)
    return render_page(
        request,
        "scoring/ranking.html",
        round=round_,
        ranking=result,
        tie_break=rules.TIE_BREAK_RULE,
        sensitivity_rule=rules.SENSITIVITY_RULE,
        chart=_bar_chart(result),
        may_download=permissions.can_see_results(membership, round_),
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
