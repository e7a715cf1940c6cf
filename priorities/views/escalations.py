"""Two-tier pages: a district escalates an agreed priority; its county sees the
escalations and adopts them into its own priorities."""

from functools import partial

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from csp_assessment.form_pages import form_page, render_page
from csp_assessment.pagination import paginate_table
from partnerships import access
from partnerships.models import Partnership

from .. import permissions, selectors
from ..forms import AdoptForm, EscalationForm
from ..models import Priority
from ..services.escalations import adopt_escalation, escalate_priority
from ..tables import EscalationTable
from .crumbs import crumbs, member_and_priority, url


@login_required
def escalate(request: HttpRequest, slug: str, priority_id: int) -> HttpResponse:
    _, priority = member_and_priority(request, slug, priority_id, permissions.can_propose)
    return form_page(
        request,
        EscalationForm(request.POST or None),
        save=partial(escalate_priority, priority=priority),
        message=f"{priority.title} escalated to the county.",
        then=priority,
        heading=f"Escalate {priority.title} to the county",
        crumbs=crumbs(slug, priority.title, priority.get_absolute_url()),
    )


@login_required
def escalations(request: HttpRequest, slug: str) -> HttpResponse:
    membership = access.require_member(request, slug)
    county = membership.partnership
    table = EscalationTable(
        selectors.county_escalations(county),
        slug=slug,
        may_adopt=permissions.can_manage(membership),
    )
    return render_page(
        request,
        "priorities/escalations.html",
        is_county=county.kind == Partnership.Kind.COUNTY,
        table=paginate_table(request, table),
    )


@login_required
def adopt(request: HttpRequest, slug: str, priority_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_manage)
    district_priority = get_object_or_404(
        Priority.objects.select_related("year__cycle__partnership"),
        pk=priority_id,
        escalate_to_county=True,
        year__cycle__partnership__parent=membership.partnership,
    )
    district = district_priority.year.cycle.partnership

    def save(*, year):
        return adopt_escalation(district_priority=district_priority, county_year=year)

    return form_page(
        request,
        AdoptForm(request.POST or None, county=membership.partnership),
        save=save,
        message=f"{district_priority.title} adopted into the county's priorities.",
        then=url("escalations", slug),
        heading=f"Adopt {district_priority.title} from {district.name}",
        crumbs=crumbs(slug, "Escalations", url("escalations", slug)),
        intro=district_priority.escalation_reason,
    )
