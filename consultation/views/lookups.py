"""What every consultation page starts from: today's date, and the viewer's
partnership's objects (404 for anything outside it)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from cycles.models import CycleYear
from partnerships import access
from partnerships.models import Membership

from .. import selectors
from ..models import (
    RationaleDocument,
    Survey,
)

MANAGE = access.MANAGE_ACTIVITIES  # admins and analysts request, build, moderate, publish
READ_RESULTS = (*MANAGE, "board_member")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def today():
    return timezone.localdate()


def year(membership: Membership, year_id: int) -> CycleYear:
    return get_object_or_404(
        CycleYear.objects.select_related("cycle"),
        pk=year_id,
        cycle__partnership=membership.partnership,
    )


def rationale(membership: Membership, rationale_id: int) -> RationaleDocument:
    document = get_object_or_404(
        RationaleDocument.objects.select_related(
            "year__cycle__partnership", "issue", "specialist__user", "requested_by__user"
        ),
        pk=rationale_id,
        year__cycle__partnership=membership.partnership,
    )
    if not selectors.can_read_rationale(membership, document):
        raise PermissionDenied("This rationale document is not yours to read yet.")
    return document


def survey(membership: Membership, survey_id: int) -> Survey:
    return get_object_or_404(
        Survey.objects.select_related("year__cycle__partnership"),
        pk=survey_id,
        year__cycle__partnership=membership.partnership,
    )


def error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def page(request, template: str, membership: Membership, **context) -> HttpResponse:
    return render(
        request,
        f"consultation/{template}",
        {"partnership": membership.partnership, "membership": membership, **context},
    )
