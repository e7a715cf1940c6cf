"""The six-month review and the watchlist of non-priorities: the review record (what
changed in the data, which priorities still hold, what the board decided), writing
it, taking it to the board, recording the board's decision, and the watchlist with the
reason for each key change."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from csp_assessment.edits import seen_token
from csp_assessment.form_pages import form_page, render_page
from csp_assessment.history import changes
from csp_assessment.pagination import sort_table

from .. import permissions, review_selectors, rules
from ..review_forms import ReviewDecisionForm, ReviewForm, TakeToBoardForm
from ..review_services import (
    decided_message,
    decision_refusal,
    record_review_decision,
    save_review,
    take_review_to_board,
)
from ..tables import WatchlistTable
from .crumbs import member_and_year, url

HISTORY = {"status": "Status", "data_to": "Data ends", "data_summary": "What changed in the data"}


def _crumbs(slug: str, year) -> list[tuple[str, str]]:
    return [
        (f"Priorities for {year.label}", url("year", slug, year_id=year.pk)),
        ("Six-month review", url("review_record", slug, year_id=year.pk)),
    ]


@login_required
def review_record(request: HttpRequest, slug: str, year_id: int) -> HttpResponse:
    membership, year = member_and_year(request, slug, year_id)
    review = review_selectors.review_of(year)
    data = review_selectors.data_changes(
        year, list(year.issues.order_by("title")), review.data_to if review else None
    )
    return render_page(
        request,
        "priorities/review_record.html",
        year=year,
        review=review,
        data=data,
        verdicts=review_selectors.verdicts(review, year),
        decisions=review_selectors.decisions(review) if review else [],
        history=changes(review, HISTORY, long_text=frozenset({"data_summary"})) if review else [],
        may_decide=(
            review is not None
            and review.awaits_decision()
            and permissions.can_record_review_decision(membership)
        ),
    )


@login_required
def review_write(request: HttpRequest, slug: str, year_id: int) -> HttpResponse:
    _, year = member_and_year(request, slug, year_id, permissions.can_write_review)
    review = review_selectors.review_of(year)
    record_url = url("review_record", slug, year_id=year.pk)
    if review is not None and not review.is_draft():
        messages.error(request, "The review is with the board or decided, so it cannot change.")
        return redirect(record_url)
    priorities = list(review_selectors.agreed_priorities(year))
    counts = review_selectors.police_counts(year.cycle.partnership_id)
    initial = {}
    if review is not None:
        given = {pv.priority.pk: pv.verdict for pv in review_selectors.verdicts(review, year)}
        initial = {
            "seen": seen_token(review.updated_at),
            "data_to": review.data_to.isoformat() if review.data_to else "",
            "data_summary": review.data_summary,
        }
        for pk, verdict in given.items():
            if verdict is not None:
                initial[f"verdict_{pk}"], initial[f"note_{pk}"] = verdict.verdict, verdict.note
    if not initial.get("data_to"):
        default = review_selectors.default_data_to(year, counts.available)
        initial["data_to"] = default.isoformat() if default else ""
    form = ReviewForm(
        request.POST or None,
        initial=initial,
        priorities=priorities,
        months=counts.available[::-1],
    )
    return form_page(
        request,
        form,
        save=lambda **_: save_review(year=year, **form.review_values()),
        message="Review saved.",
        then=record_url,
        heading=f"Write the six-month review, {year.label}",
        intro="Say what changed in the data since the assessment, and whether each agreed "
        "priority still holds. The figures on the review page are worked out from the "
        "month you choose.",
        crumbs=_crumbs(slug, year),
        history=changes(review, HISTORY, long_text=frozenset({"data_summary"})) if review else [],
    )


@login_required
def review_take(request: HttpRequest, slug: str, year_id: int) -> HttpResponse:
    membership, year = member_and_year(request, slug, year_id, permissions.can_write_review)
    review = review_selectors.review_of(year)
    record_url = url("review_record", slug, year_id=year.pk)
    if review is None or not review.is_draft():
        messages.error(request, "There is no draft review to take to the board.")
        return redirect(record_url)
    items = review_selectors.board_items(membership.partnership)
    if not items.exists():
        messages.error(
            request,
            "There is no agenda item at an open board meeting. Add the meeting and its item "
            "first, then take the review to it from here.",
        )
        return redirect(record_url)
    return form_page(
        request,
        TakeToBoardForm(request.POST or None, items=items),
        save=partial(take_review_to_board, review=review),
        message="The review is on the board's agenda. It cannot change until the board decides.",
        then=record_url,
        heading=f"Take the six-month review for {year.label} to the board",
        intro="Check the review first: once it is on the agenda it cannot change until the "
        "board has decided on it. If the board does not agree it, it comes back as a draft.",
        crumbs=_crumbs(slug, year),
    )


@login_required
def review_decide(request: HttpRequest, slug: str, year_id: int) -> HttpResponse:
    membership, year = member_and_year(
        request, slug, year_id, permissions.can_record_review_decision
    )
    review = review_selectors.review_of(year)
    record_url = url("review_record", slug, year_id=year.pk)
    if refusal := decision_refusal(review):
        messages.error(request, refusal)
        return redirect(record_url)
    meeting = review.board_item.meeting
    return form_page(
        request,
        ReviewDecisionForm(request.POST or None),
        save=partial(
            record_review_decision,
            review=review,
            recorded_by=membership,
            today=timezone.localdate(),
        ),
        message=decided_message,
        then=record_url,
        heading=f"Record the board's decision on the six-month review, {year.label}",
        intro=f"At {meeting}: {review.board_item.title}. The decision keeps a copy of the "
        "review as the board read it.",
        crumbs=_crumbs(slug, year),
    )


@login_required
def watchlist(request: HttpRequest, slug: str, year_id: int) -> HttpResponse:
    _, year = member_and_year(request, slug, year_id)
    watch = review_selectors.watchlist(year)
    table = WatchlistTable(watch.rows)
    sort_table(request, table)
    return render_page(
        request,
        "priorities/watchlist.html",
        year=year,
        watch=watch,
        table=table,
        places=rules.RANK_MOVE_PLACES,
    )
