"""The Serious Violence Duty page: what the law asks (each statement cited and marked
verified or to check), who took part in a cycle year's work and what each gave, and
the analyst's pages to record it."""

from functools import partial

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from csp_assessment import history
from csp_assessment.edits import edit_initial
from csp_assessment.form_pages import form_page, render_page, saved_page
from cycles.models import CycleYear
from partnerships import access

from . import permissions, sv_rules, sv_services
from .sv_forms import ParticipationForm
from .sv_models import SvParticipation


def _years(partnership):
    return list(
        CycleYear.objects.filter(cycle__partnership=partnership)
        .select_related("cycle")
        .order_by("starts_on")
    )


def _chosen_year(request: HttpRequest, years: list[CycleYear]) -> CycleYear | None:
    wanted = request.GET.get("year", "")
    if wanted:
        found = next((y for y in years if str(y.pk) == wanted), None)
        if found is None:
            raise Http404("No such year")
        return found
    today = timezone.localdate()
    current = [y for y in years if y.starts_on <= today]
    return current[-1] if current else (years[0] if years else None)


def _crumbs(slug: str) -> list[tuple[str, str]]:
    return [
        ("Analysis", reverse("analysis:index", kwargs={"slug": slug})),
        ("Serious violence", reverse("analysis:serious_violence", kwargs={"slug": slug})),
    ]


@login_required
def serious_violence(request: HttpRequest, slug: str) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_view_serious_violence)
    years = _years(membership.partnership)
    year = _chosen_year(request, years)
    records = (
        list(SvParticipation.objects.filter(year=year).select_related("agency")) if year else []
    )
    groups = [
        (label, [r for r in records if r.group == group])
        for group, label in sv_rules.GROUP_LABELS.items()
    ]
    return render_page(
        request,
        "analysis/serious_violence.html",
        years=years,
        year=year,
        groups=groups,
        recorded=bool(records),
        missing=sv_rules.missing_specified({r.authority for r in records}),
        statements=sv_rules.STATEMENTS,
    )


@login_required
def participation_new(request: HttpRequest, slug: str, year_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_record_participation)
    year = access.owned(CycleYear, membership, year_id, via="cycle")
    form = ParticipationForm(
        request.POST or None, partnership=membership.partnership, submit_label="Record it"
    )
    return form_page(
        request,
        form,
        save=partial(sv_services.record_participation, year=year, recorded_by=membership),
        message=lambda record: f"{record.agency.name} recorded for year {year.number}.",
        then=saved_page,
        heading=f"Record an authority's part, year {year.number} ({year.label})",
        intro="Say which authority took part in the serious violence work and what it gave.",
        crumbs=_crumbs(slug),
    )


@login_required
def participation_edit(request: HttpRequest, slug: str, participation_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_record_participation)
    record = get_object_or_404(
        SvParticipation.objects.select_related("agency", "year"),
        pk=participation_id,
        year__cycle__partnership=membership.partnership,
    )
    form = ParticipationForm(
        request.POST or None,
        partnership=membership.partnership,
        initial=edit_initial(record, "agency", "authority", "contributions", "note"),
    )
    return form_page(
        request,
        form,
        save=partial(sv_services.update_participation, record=record, recorded_by=membership),
        message=lambda saved: f"{saved.agency.name} saved.",
        then=saved_page,
        heading=f"Change {record.agency.name}'s part, year {record.year.number}",
        crumbs=_crumbs(slug),
        history=history.changes(record, sv_services.LABELS),
    )
