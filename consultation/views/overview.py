"""The consultation overview page: rationale documents waiting, recent surveys and the
emerging issues to triage."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse

from partnerships import access

from .. import rules, selectors
from ..models import (
    EmergingIssue,
)
from . import lookups

MANAGE = access.MANAGE_ACTIVITIES  # admins and analysts request, build, moderate, publish
READ_RESULTS = (*MANAGE, "board_member")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def index(request: HttpRequest, slug: str) -> HttpResponse:
    membership = access.require_member(request, slug)
    today = lookups.today()
    manager = membership.role in MANAGE
    return lookups.page(
        request,
        "index.html",
        membership,
        today=today,
        can_manage=manager,
        overdue=list(selectors.overdue_rationales(membership.partnership, today))
        if manager
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
