"""What scoring puts on a person's dashboard: their score sheets still to submit in
open rounds, with the round's deadline. One query."""

from datetime import date

from django.urls import reverse

from cycles.dashboard import WaitingItem
from partnerships.models import Membership

from .models import Round, ScoreSheet


def open_sheets(membership: Membership, today: date) -> list[WaitingItem]:
    sheets = ScoreSheet.objects.filter(
        scorer=membership,
        status=ScoreSheet.Status.DRAFT,
        round__status=Round.Status.OPEN,
        round__year__cycle__partnership=membership.partnership,
    ).select_related("round")
    slug = membership.partnership.slug
    return [
        WaitingItem(
            kind="Score sheets to submit",
            title=f"Your score sheet for {sheet.round.name}",
            url=reverse("scoring:sheet", kwargs={"slug": slug, "round_id": sheet.round_id}),
            due_on=sheet.round.deadline,
        )
        for sheet in sheets
    ]
