"""What every consultation page starts from: today's date, and the viewer's
partnership's objects (404 for anything outside it)."""

from datetime import date

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone

from cycles.models import CycleYear
from partnerships import access
from partnerships.models import Membership, Partnership

from .. import permissions, rules
from ..models import RationaleAttachment, RationaleDocument, Survey


def today():
    return timezone.localdate()


def year(membership: Membership, year_id: int) -> CycleYear:
    return access.owned(CycleYear.objects.select_related("cycle"), membership, year_id, "cycle")


def refuse_ended_year(
    request: HttpRequest, year: CycleYear, today: date, *, what: str, back: str
) -> HttpResponse | None:
    """A link to an ended year's form goes back to the list with the reason (the list
    offers only years not ended, and the service refuses the rest by the same rule)."""
    if not rules.year_has_ended(year.ends_on, today):
        return None
    messages.error(request, rules.ended_year_refusal(year.label, what))
    return redirect(back)


def rationale(membership: Membership, rationale_id: int) -> RationaleDocument:
    document = get_object_or_404(
        RationaleDocument.objects.select_related(
            "year__cycle__partnership", "issue", "specialist__user", "requested_by__user"
        ),
        pk=rationale_id,
        year__cycle__partnership=membership.partnership,
    )
    access.check(permissions.can_read_rationale(membership, document))
    return document


def rationale_to_write(membership: Membership, rationale_id: int) -> RationaleDocument:
    """A rationale document the member was asked to write (403 for anyone else)."""
    document = rationale(membership, rationale_id)
    access.check(permissions.can_write_rationale(membership, document))
    return document


def attachment(
    membership: Membership, rationale_id: int, attachment_id: int
) -> RationaleAttachment:
    """A file of a rationale document the member may read."""
    document = rationale(membership, rationale_id)
    found = get_object_or_404(RationaleAttachment, pk=attachment_id, document=document)
    found.document = document  # already loaded, with what its checks read
    return found


def survey(partnership: Partnership, survey_id: int) -> Survey:
    return get_object_or_404(
        Survey.objects.select_related("year__cycle__partnership"),
        pk=survey_id,
        year__cycle__partnership=partnership,
    )


def crumbs(slug: str, *trail: tuple[str, str]) -> list[tuple[str, str]]:
    """Breadcrumbs for a form page: Consultation, then the way back to the page."""
    return [("Consultation", reverse("consultation:index", args=[slug])), *trail]
