"""Priorities pages for a year: the year's proposals and ranking, proposing and
changing a priority, carrying last year's over, publishing, and the six-month review."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from csp_assessment.dates import day
from csp_assessment.edits import edit_initial
from csp_assessment.form_pages import NOT_SAVED, confirmed, form_page, press, render_page
from csp_assessment.history import changes
from csp_assessment.plurals import counted
from cycles.models import CycleYear
from partnerships import access

from .. import cycle_selectors, objective_selectors, permissions, rules, selectors
from ..forms import EscalationForm, ProposalForm, ReviewForm
from ..models import Review
from ..services.proposals import (
    carry_over_priorities,
    propose_priority,
    publish_priorities,
    set_review,
    update_priority,
)
from .crumbs import crumbs, member_and_priority, member_and_year, url

PUBLISHED_PLURAL = "agreed priorities and focus areas"


@login_required
def index(request: HttpRequest, slug: str) -> HttpResponse:
    membership = access.require_member(request, slug)
    year = selectors.current_year(membership.partnership, timezone.localdate())
    if year is not None:
        return redirect("priorities:year", slug=slug, year_id=year.pk)
    return render_page(
        request,
        "priorities/no_year.html",
    )


@login_required
def year_priorities(request: HttpRequest, slug: str, year_id: int) -> HttpResponse:
    membership, year = member_and_year(request, slug, year_id)
    overview = selectors.year_overview(year)
    years = CycleYear.objects.filter(cycle__partnership=membership.partnership).select_related(
        "cycle"
    )
    return render_page(
        request,
        "priorities/year.html",
        year=year,
        overview=overview,
        years=years,
        status_rule=rules.STATUS_RULE,
        rag_rule=rules.RAG_RULE,
        progress=cycle_selectors.cycle_progress(year),
        purpose=rules.PROPOSAL_PURPOSE.get(year.kind, ""),
        adds=rules.proposes_additions(year.kind, year.number),
    )


@login_required
def carry_over(request: HttpRequest, slug: str, year_id: int) -> HttpResponse:
    """Ask first, saying which priorities carry over and, for each, which of the other
    plans' objectives it serves go with it and which are left because they ended; the
    yes proposes them again."""
    _, year = member_and_year(request, slug, year_id, permissions.can_propose)
    if confirmed(request):
        copies = press(request, partial(carry_over_priorities, year=year))
        if copies:
            messages.success(
                request,
                f"Proposed again from last year's agreed priorities: "
                f"{counted(len(copies), 'priority', 'priorities')}. The board decides on each.",
            )
        elif copies is not NOT_SAVED:
            messages.info(request, "Every agreed priority from last year is already proposed.")
        return redirect("priorities:year", slug=slug, year_id=year.pk)
    back = url("year", slug, year_id=year.pk)
    return render_page(
        request,
        "priorities/carry_over_confirm.html",
        year=year,
        lines=cycle_selectors.to_carry_over(year),
        back=back,
        crumbs=crumbs(slug, f"Priorities for {year.label}", back),
        heading="Carry over last cycle's agreed priorities?",
    )


def _proposal_page(request, year: CycleYear, *, save, message, then, heading, initial=None):
    """Proposing and changing share one page: the form beside the year's ranking.
    `message` is a function of the saved priority."""
    ranking = selectors.year_ranking(year)
    form = ProposalForm(
        request.POST or None,
        year=year,
        continuable=cycle_selectors.last_cycle_priorities(year),
        cycle_priorities=selectors.cycle_priorities(year),
        ranks=ranking.ranks,
        initial=initial,
    )
    return form_page(
        request,
        form,
        save=save,
        message=message,
        then=then,
        heading=heading,
        template="priorities/proposal_form.html",
        year=year,
        ranking=ranking,
        purpose=rules.PROPOSAL_PURPOSE.get(year.kind, ""),
    )


@login_required
def propose(request: HttpRequest, slug: str, year_id: int) -> HttpResponse:
    _, year = member_and_year(request, slug, year_id, permissions.can_propose)
    return _proposal_page(
        request,
        year,
        save=partial(propose_priority, year=year),
        message=lambda priority: f"{priority.title} proposed.",
        then=url("year", slug, year_id=year.pk),
        heading=(
            f"Propose an additional priority or focus area in {year.label}"
            if rules.proposes_additions(year.kind, year.number)
            else f"Propose a priority for {year.label}"
        ),
    )


@login_required
def priority_edit(request: HttpRequest, slug: str, priority_id: int) -> HttpResponse:
    _, priority = member_and_priority(request, slug, priority_id, permissions.can_propose)
    initial = edit_initial(
        priority,
        *("title", "emphasis", "rationale", "lead", "lead_agency", "proposed_kpis"),
        *("continues", "kind", "parent", "serious_violence"),
        issues=list(priority.issues.all()),
        objectives=list(priority.objectives.all()),
    )
    return _proposal_page(
        request,
        priority.year,
        save=partial(update_priority, priority=priority),
        message=lambda saved: f"{saved.title} saved.",
        then=priority.get_absolute_url(),
        heading=f"Change {priority.title}",
        initial=initial,
    )


@login_required
def priority_detail(request: HttpRequest, slug: str, priority_id: int) -> HttpResponse:
    membership = access.require_member(request, slug)
    priority = selectors.priorities_for(
        Q(pk=priority_id, year__cycle__partnership=membership.partnership)
    ).first()
    if priority is None:
        raise Http404("No such priority")
    year_ranks = selectors.year_ranking(priority.year)
    card = selectors.priority_card(priority, year_ranks)
    actions = list(selectors.actions_with_updates().filter(priority=priority))
    return render_page(
        request,
        "priorities/priority.html",
        priority=priority,
        history=changes(
            priority,
            {
                "title": "Title",
                "emphasis": "Emphasis",
                "lead": "Lead",
                "status": "Status",
                "published": "Published",
            },
        ),
        card=card,
        ranking=year_ranks,
        actions=actions,
        objectives=objective_selectors.by_plan(priority.objectives.all()),
        can_change_kpis=permissions.can_change_kpis(membership, priority),
        status_rule=rules.STATUS_RULE,
        escalation_form=EscalationForm() if permissions.can_propose(membership) else None,
    )


@require_POST
@login_required
def publish(request: HttpRequest, slug: str, year_id: int) -> HttpResponse:
    _, year = member_and_year(request, slug, year_id, permissions.can_propose)
    press(
        request,
        partial(publish_priorities, year=year),
        lambda count: (
            "Published on the public priorities page: "
            f"{counted(count, 'agreed priority or focus area', PUBLISHED_PLURAL)}."
        ),
    )
    return redirect("priorities:year", slug=slug, year_id=year.pk)


@login_required
def review_edit(request: HttpRequest, slug: str, year_id: int) -> HttpResponse:
    _, year = member_and_year(request, slug, year_id, permissions.can_manage)
    review = Review.objects.filter(year=year).first()
    form = ReviewForm(
        request.POST or None,
        initial={"review_on": review.review_on, "note": review.note} if review else None,
    )
    year_url = url("year", slug, year_id=year.pk)
    first, last = rules.review_window(year.starts_on, year.ends_on)
    return form_page(
        request,
        form,
        save=partial(set_review, year=year),
        message="Review date saved. A reminder goes out two weeks before.",
        then=year_url,
        heading=f"{'Change' if review else 'Set'} the review date, {year.label}",
        intro="On this date the partnership checks whether the priorities it agreed still "
        f"hold; a reminder goes out two weeks before. It can be from {day(first)} "
        f"to {day(last)}.",
        crumbs=crumbs(slug, year.label, year_url),
    )
