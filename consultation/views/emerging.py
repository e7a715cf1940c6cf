"""The emerging-issues log: anyone logs one, admins and analysts triage it."""

from functools import partial

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from csp_assessment.form_pages import form_page
from csp_assessment.pagination import paginate_table
from cycles.models import CycleYear
from partnerships import access

from .. import permissions, selectors
from ..forms import EmergingIssueForm, TriageForm
from ..models import EmergingIssue
from ..services.emerging_issues import (
    add_emerging_to_long_list,
    close_emerging_issue,
    log_emerging_issue,
)
from ..tables import EmergingIssueTable
from . import lookups


@login_required
def emerging_list(request: HttpRequest, slug: str) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_view)
    table = EmergingIssueTable(
        selectors.emerging_issues_for(membership.partnership).order_by(
            "status", "-logged_at", "-pk"
        ),
        may_triage=permissions.can_triage(membership),
    )
    return form_page(
        request,
        EmergingIssueForm(request.POST or None),
        save=partial(log_emerging_issue, partnership=membership.partnership, by=membership),
        message="Emerging issue logged. The analyst will triage it.",
        then=reverse("consultation:emerging", args=[slug]),
        heading="Emerging issues",
        template="consultation/emerging_list.html",
        table=paginate_table(request, table),
    )


@login_required
def emerging_triage(request: HttpRequest, slug: str, emerging_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_triage)
    emerging = access.owned(
        EmergingIssue.objects.select_related("logged_by__user"), membership, emerging_id
    )

    today = lookups.today()

    def triage(*, decision: str, year: CycleYear | None, reason: str) -> str:
        """Add it to a long list or close it; say which."""
        if decision == "add":
            issue = add_emerging_to_long_list(
                emerging=emerging, by=membership, year=year, today=today
            )
            cycle = year.cycle.name
            return f"{issue.title} is on the long list for year {year.number} of {cycle}."
        close_emerging_issue(emerging=emerging, by=membership, reason=reason)
        return f"{emerging.title} closed."

    return form_page(
        request,
        TriageForm(request.POST or None, partnership=membership.partnership, today=today),
        save=triage,
        message=lambda said: said,
        then=reverse("consultation:emerging", args=[slug]),
        heading=f"Triage: {emerging.title}",
        template="consultation/emerging_triage.html",
        emerging=emerging,
        history=selectors.state_changes(emerging, "status", membership.partnership)[::-1],
    )
