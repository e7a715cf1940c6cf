"""The emerging-issues log: anyone logs one, admins and analysts triage it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect

from partnerships import access
from partnerships.views import add_service_errors

from .. import permissions, selectors
from ..forms import (
    EmergingIssueForm,
    TriageForm,
)
from ..models import (
    EmergingIssue,
)
from ..services.emerging_issues import (
    add_emerging_to_long_list,
    close_emerging_issue,
    log_emerging_issue,
)
from . import lookups


@login_required
def emerging_list(request: HttpRequest, slug: str) -> HttpResponse:
    membership = access.require_member(request, slug)
    form = EmergingIssueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            log_emerging_issue(
                partnership=membership.partnership, by=membership, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Emerging issue logged. The analyst will triage it.")
            return redirect("consultation:emerging", slug=slug)
    return lookups.page(
        request,
        "emerging_list.html",
        membership,
        form=form,
        emerging=list(selectors.emerging_issues_for(membership.partnership)),
    )


@login_required
def emerging_triage(request: HttpRequest, slug: str, emerging_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_triage)
    emerging = get_object_or_404(
        EmergingIssue.objects.select_related("logged_by__user"),
        pk=emerging_id,
        partnership=membership.partnership,
    )
    form = TriageForm(request.POST or None, partnership=membership.partnership)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["decision"] == "add":
                issue = add_emerging_to_long_list(
                    emerging=emerging, by=membership, year=form.cleaned_data["year"]
                )
                messages.success(
                    request, f"{issue.title} is on the long list for year {issue.year.number}."
                )
            else:
                close_emerging_issue(
                    emerging=emerging, by=membership, reason=form.cleaned_data["reason"]
                )
                messages.success(request, f"{emerging.title} closed.")
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("consultation:emerging", slug=slug)
    return lookups.page(
        request,
        "emerging_triage.html",
        membership,
        emerging=emerging,
        form=form,
        transitions=emerging.transitions.select_related("by__user"),
    )
