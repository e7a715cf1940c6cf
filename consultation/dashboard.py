"""What consultation puts on a person's dashboard: the rationale documents asked of
them that they have not yet handed in (requested, in draft, or returned with comments).
One query."""

from datetime import date

from django.urls import reverse

from cycles.dashboard import WaitingItem
from partnerships.models import Membership

from .models import RationaleDocument

WAITING_ON_THE_WRITER = (
    RationaleDocument.State.REQUESTED,
    RationaleDocument.State.DRAFT,
    RationaleDocument.State.RETURNED,
)


def rationales_to_write(membership: Membership, today: date) -> list[WaitingItem]:
    documents = RationaleDocument.objects.filter(
        specialist=membership,
        state__in=WAITING_ON_THE_WRITER,
        year__cycle__partnership=membership.partnership,
    ).select_related("issue")
    slug = membership.partnership.slug
    return [
        WaitingItem(
            kind="Rationale documents to write",
            title=document.subject,
            url=reverse(
                "consultation:rationale", kwargs={"slug": slug, "rationale_id": document.pk}
            ),
            due_on=document.due_on,
            detail=document.get_state_display(),
        )
        for document in documents
    ]
