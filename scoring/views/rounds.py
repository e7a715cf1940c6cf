"""Scoring rounds: the list, a new round, its page, choosing scorers, opening, closing
and reopening."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from csp_assessment.dates import day
from csp_assessment.form_pages import confirmed, form_page, press, render_page
from csp_assessment.history import changes
from csp_assessment.pagination import paginate_table
from cycles.models import CycleYear
from cycles.rules import year_has_ended
from partnerships import access

from .. import permissions, rules, selectors, services
from ..forms import RoundForm, WorkbookForm, matrices_for
from ..models import Round, ScoreSheet
from ..tables import RoundTable
from .objects import own_sheet, round_for


@login_required
def round_list(request: HttpRequest, slug: str) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_view)
    rounds = Round.objects.filter(year__cycle__partnership=membership.partnership).select_related(
        "matrix", "year__cycle__partnership"
    )
    my_sheets = {
        s.round_id: s for s in ScoreSheet.objects.filter(scorer=membership, round__in=rounds)
    }
    rounds = [
        r for r in rounds if permissions.can_see_round(membership, r, is_scorer=r.pk in my_sheets)
    ]
    # New rounds go in years still running or to come; a year that is over is history.
    years = (
        CycleYear.objects.filter(
            cycle__partnership=membership.partnership, ends_on__gte=timezone.localdate()
        )
        .select_related("cycle")
        .order_by("starts_on", "cycle__name")
    )
    # A list, not a queryset: which rounds a person may see is a rule per round, so the
    # table sorts the rows itself.
    table = RoundTable(rounds, my_sheets=my_sheets)
    return render_page(
        request,
        "scoring/round_list.html",
        table=paginate_table(request, table),
        years=years,
    )


@login_required
def round_new(request: HttpRequest, slug: str, year_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_run_rounds)
    year = access.owned(CycleYear.objects.select_related("cycle"), membership, year_id, "cycle")
    if year_has_ended(year.ends_on, timezone.localdate()):
        messages.error(
            request,
            f"{year.label} ended on {day(year.ends_on)}. Start a round in a "
            "year still running or to come.",
        )
        return redirect("scoring:rounds", slug=slug)
    if not year.issues.exists():
        messages.error(
            request,
            f"The long list for {year.label} has no issues yet. Add the issues to score, "
            "then start the round.",
        )
        return redirect("cycles:issue_list", slug=slug, year_id=year.pk)
    form = RoundForm(
        request.POST or None,
        partnership=membership.partnership,
        year=year,
        initial={"matrix": matrices_for(membership.partnership).filter(key="csp-16").first()},
    )
    return form_page(
        request,
        form,
        save=partial(services.create_round, year=year),
        message=lambda round_: f"{round_.name} created. Now choose who scores each issue.",
        then=lambda round_: reverse(
            "scoring:scorers", kwargs={"slug": slug, "round_id": round_.pk}
        ),
        heading=f"New scoring round for year {year.number} ({year.label})",
        crumbs=[("Scoring", reverse("scoring:rounds", kwargs={"slug": slug}))],
    )


@login_required
def round_detail(request: HttpRequest, slug: str, round_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_view)
    round_ = round_for(membership, round_id)
    if not permissions.can_run_rounds(membership):
        unsubmitted = selectors.has_unsubmitted_sheet(membership, round_)
        if permissions.can_see_results(membership, round_, unsubmitted=unsubmitted):
            return redirect("scoring:ranking", slug=slug, round_id=round_.pk)
        own_sheet(membership, round_)
        return redirect("scoring:sheet", slug=slug, round_id=round_.pk)
    progress, sheets = selectors.completeness(round_)
    board_decided = round_.status == Round.Status.CLOSED and selectors.board_has_decided(round_)
    return render_page(
        request,
        "scoring/round_detail.html",
        round=round_,
        history=changes(
            round_,
            {"name": "Name", "status": "Status", "deadline": "Deadline", "matrix": "Matrix"},
        ),
        progress=progress,
        sheets=sheets,
        submitted=sum(1 for s in sheets if s.status == ScoreSheet.Status.SUBMITTED),
        criteria_count=round_.matrix.criteria.count(),
        import_form=WorkbookForm(),
        may_read_scores=permissions.can_read_scores_of(membership, round_),
        board_decided=board_decided,
        may_reopen=permissions.can_reopen_round(membership, round_, board_decided=board_decided),
    )


@login_required
def scorers(request: HttpRequest, slug: str, round_id: int) -> HttpResponse:
    """Choose who scores each issue: people one by one, a person for every issue, or
    everyone from an agency for every issue. Only members who have joined are offered."""
    membership = access.require_member(request, slug, permissions.can_run_rounds)
    round_ = round_for(membership, round_id)
    assigned = set(round_.assignments.values_list("issue_id", "scorer_id"))
    people = list(
        selectors.possible_scorers(membership.partnership, keep={pk for _, pk in assigned})
    )
    issues = list(round_.issues.order_by("title"))
    if request.method == "POST":
        by_pk = {p.pk: p for p in people}
        agencies = set(request.POST.getlist("agency"))
        # The shortcuts add people to every issue: never someone who has left.
        everywhere = {
            by_pk[int(pk)]
            for pk in request.POST.getlist("every-issue")
            if pk.isdigit() and int(pk) in by_pk and not by_pk[int(pk)].has_left
        } | {p for p in people if p.agency_id and str(p.agency_id) in agencies and not p.has_left}
        try:
            with transaction.atomic():  # every issue's scorers, or none if one is refused
                for issue in issues:
                    chosen = {
                        by_pk[int(pk)]
                        for pk in request.POST.getlist(f"issue-{issue.pk}")
                        if pk.isdigit() and int(pk) in by_pk
                    }
                    services.assign_scorers(round_=round_, issue=issue, scorers=chosen | everywhere)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Scorers saved.")
            return redirect(round_)
    agencies = sorted({p.agency for p in people if p.agency_id}, key=lambda a: a.name)
    return render_page(
        request,
        "scoring/scorers.html",
        round=round_,
        people=people,
        rows=[
            (issue, [(person, (issue.pk, person.pk) in assigned) for person in people])
            for issue in issues
        ],
        agencies=agencies,
    )


@require_POST
@login_required
def round_open(request: HttpRequest, slug: str, round_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_run_rounds)
    round_ = round_for(membership, round_id)
    press(
        request,
        partial(services.open_round, round_=round_),
        f"{round_.name} is now open for scoring.",
    )
    return redirect(round_)


@login_required
def round_close(request: HttpRequest, slug: str, round_id: int) -> HttpResponse:
    """Close scoring. Closing before the deadline, or with sheets still in draft, is
    done only from the page that says so: it names who has not submitted, and the
    confirmation carries those sheets, so one that falls behind meanwhile asks again."""
    membership = access.require_member(request, slug, permissions.can_run_rounds)
    round_ = round_for(membership, round_id)
    if round_.status != Round.Status.OPEN:
        messages.info(request, f"{round_.name} is not open, so there is nothing to close.")
        return redirect(round_)
    outstanding = selectors.outstanding_sheets(round_)
    check = rules.close_check(
        today=timezone.localdate(),
        deadline=round_.deadline,
        outstanding=[sheet.scorer.display_name for sheet in outstanding],
    )
    confirmed = request.POST.get("confirm") == "yes" and {s.pk for s in outstanding} <= {
        int(pk) for pk in request.POST.get("outstanding", "").split(",") if pk.isdigit()
    }
    if request.method == "POST" and (confirmed or not check.needs_confirmation):
        press(
            request,
            partial(services.close_round, round_=round_),
            f"{round_.name} is now closed. You can reopen it until the board decides on it.",
        )
        return redirect(round_)
    return render_page(
        request,
        "scoring/round_close.html",
        round=round_,
        check=check,
        outstanding=outstanding,
        token=",".join(str(sheet.pk) for sheet in outstanding),
    )


@login_required
def round_reopen(request: HttpRequest, slug: str, round_id: int) -> HttpResponse:
    """Reopen a closed round, after a confirmation: while it is open, scores can change
    and the board's pages lose its ranking."""
    membership = access.require_member(request, slug, permissions.can_run_rounds)
    round_ = round_for(membership, round_id)
    if confirmed(request):
        press(
            request,
            partial(services.reopen_round, round_=round_),
            f"{round_.name} is open for scoring again. Close it when the scores are in.",
        )
        return redirect(round_)
    board_decided = selectors.board_has_decided(round_)
    if not permissions.can_reopen_round(membership, round_, board_decided=board_decided):
        messages.info(
            request,
            "The board has decided on priorities from this round's ranking, so the round "
            "cannot be reopened."
            if board_decided
            else f"{round_.name} is not closed, so there is nothing to reopen.",
        )
        return redirect(round_)
    return render_page(request, "scoring/round_reopen.html", round=round_)
