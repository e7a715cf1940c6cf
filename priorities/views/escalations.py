"""Two-tier pages: a district escalates an agreed priority; its county sees the
escalations and adopts them into its own priorities."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect

from csp_assessment.form_pages import render_page
from partnerships import access
from partnerships.models import Partnership
from partnerships.views import add_service_errors

from .. import permissions, selectors
from ..forms import (
    AdoptForm,
    EscalationForm,
)
from ..models import Priority
from ..services.escalations import adopt_escalation, escalate_priority
from .shared import _form_page


@login_required
def escalate(request: HttpRequest, slug: str, priority_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_propose)
    priority = selectors.priority_or_404(membership.partnership, priority_id)
    form = EscalationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            escalate_priority(priority=priority, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{priority.title} escalated to the county.")
            return redirect(priority)
    return _form_page(
        request,
        membership,
        form,
        f"Escalate {priority.title} to the county",
        priority.get_absolute_url(),
        priority.title,
    )


@login_required
def escalations(request: HttpRequest, slug: str) -> HttpResponse:
    membership = access.require_member(request, slug)
    county = membership.partnership
    return render_page(
        request,
        "priorities/escalations.html",
        is_county=county.kind == Partnership.Kind.COUNTY,
        escalated=selectors.county_escalations(county),
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
    form = AdoptForm(request.POST or None, county=membership.partnership)
    if request.method == "POST" and form.is_valid():
        try:
            adopt_escalation(
                district_priority=district_priority, county_year=form.cleaned_data["year"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, f"{district_priority.title} adopted into the county's priorities."
            )
            return redirect("priorities:escalations", slug=slug)
    return _form_page(
        request,
        membership,
        form,
        f"Adopt {district_priority.title} from {district_priority.year.cycle.partnership.name}",
        f"/p/{slug}/priorities/escalations/",
        "Escalations",
        intro=district_priority.escalation_reason,
    )
