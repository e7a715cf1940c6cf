"""KPI pages: a priority's lead (or an analyst or admin) adds KPIs and enters figures."""

from functools import partial

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse

from csp_assessment.form_pages import form_page
from partnerships import access

from .. import permissions, selectors
from ..forms import KPIForm, KPIValueForm
from ..models import KPI
from ..services.kpis import add_kpi, enter_kpi_value
from .crumbs import crumbs


@login_required
def kpi_new(request: HttpRequest, slug: str, priority_id: int) -> HttpResponse:
    membership = access.require_member(request, slug)
    priority = selectors.priority_or_404(membership.partnership, priority_id)
    access.check(permissions.can_change_kpis(membership, priority))
    return form_page(
        request,
        KPIForm(request.POST or None),
        save=partial(add_kpi, priority=priority),
        message=lambda kpi: f"KPI added: {kpi.name}.",
        then=priority,
        heading=f"Add a KPI to {priority.title}",
        crumbs=crumbs(slug, priority.title, priority.get_absolute_url()),
    )


@login_required
def kpi_value_new(request: HttpRequest, slug: str, kpi_id: int) -> HttpResponse:
    membership = access.require_member(request, slug)
    kpi = access.owned(
        KPI.objects.select_related("priority__year__cycle__partnership"),
        membership,
        kpi_id,
        "priority__year__cycle",
    )
    priority = kpi.priority
    access.check(permissions.can_change_kpis(membership, priority))
    return form_page(
        request,
        KPIValueForm(request.POST or None, kpi=kpi),
        save=partial(enter_kpi_value, kpi=kpi, entered_by=membership),
        message=f"Figure saved for {kpi.name}.",
        then=priority,
        heading=f"Enter a figure: {kpi.name}",
        crumbs=crumbs(slug, priority.title, priority.get_absolute_url()),
        intro=f"Baseline {kpi.baseline}, target {kpi.target}. {kpi.get_direction_display()}.",
    )
