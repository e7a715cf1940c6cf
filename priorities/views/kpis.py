"""KPI pages: a priority's lead (or an analyst or admin) adds KPIs and enters figures."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect

from partnerships import access
from partnerships.views import add_service_errors

from .. import permissions, selectors
from ..forms import (
    KPIForm,
    KPIValueForm,
)
from ..models import KPI
from ..services.kpis import add_kpi, enter_kpi_value
from .shared import _form_page


@login_required
def kpi_new(request: HttpRequest, slug: str, priority_id: int) -> HttpResponse:
    membership = access.require_member(request, slug)
    priority = selectors.priority_or_404(membership.partnership, priority_id)
    access.check(permissions.can_change_kpis(membership, priority))
    form = KPIForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            kpi = add_kpi(priority=priority, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"KPI added: {kpi.name}.")
            return redirect(priority)
    return _form_page(
        request,
        membership,
        form,
        f"Add a KPI to {priority.title}",
        priority.get_absolute_url(),
        priority.title,
    )


@login_required
def kpi_value_new(request: HttpRequest, slug: str, kpi_id: int) -> HttpResponse:
    membership = access.require_member(request, slug)
    kpi = get_object_or_404(
        KPI.objects.select_related("priority__year__cycle__partnership"),
        pk=kpi_id,
        priority__year__cycle__partnership=membership.partnership,
    )
    access.check(permissions.can_change_kpis(membership, kpi.priority))
    form = KPIValueForm(request.POST or None, kpi=kpi)
    if request.method == "POST" and form.is_valid():
        try:
            enter_kpi_value(kpi=kpi, entered_by=membership, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Figure saved for {kpi.name}.")
            return redirect(kpi.priority)
    return _form_page(
        request,
        membership,
        form,
        f"Enter a figure: {kpi.name}",
        kpi.priority.get_absolute_url(),
        kpi.priority.title,
        intro=f"Baseline {kpi.baseline}, target {kpi.target}. {kpi.get_direction_display()}.",
    )
