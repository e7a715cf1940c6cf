"""The consultation overview page: rationale documents waiting, recent surveys and the
emerging issues to triage."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse

from csp_assessment.form_pages import render_page
from partnerships import access

from .. import permissions, rules, selectors
from ..models import EmergingIssue
from . import lookups


@login_required
def index(request: HttpRequest, slug: str) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_view)
    today = lookups.today()
    return render_page(
        request,
        "consultation/index.html",
        today=today,
        overdue=list(selectors.overdue_rationales(membership.partnership, today))
        if permissions.can_request_rationales(membership)
        else [],
        mine=list(
            selectors.rationales_for(membership).filter(
                specialist=membership, state__in=rules.OPEN_STATES
            )
        ),
        surveys=list(selectors.surveys_for(membership.partnership)[:5]),
        open_emerging=membership.partnership.emerging_issues.filter(
            status=EmergingIssue.Status.OPEN
        ).count(),
    )
