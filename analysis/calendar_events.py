"""What analysis puts in a person's calendar: the review dates of the partnership's
information-sharing agreements, for those who keep the register. One query."""

from collections.abc import Sequence

from cycles.calendar import CalendarEvent, EventMaker, Window, partnerships_where
from partnerships.models import Membership

from . import permissions
from .source_models import SharingAgreement


def agreement_reviews(memberships: Sequence[Membership], window: Window) -> list[CalendarEvent]:
    keeps = partnerships_where(memberships, permissions.can_manage_agreements)
    agreements = (
        SharingAgreement.objects.filter(partnership__in=keeps, review_on__range=window.dates)
        .exclude(status=SharingAgreement.Status.ENDED)
        .select_related("partnership")
    )
    make = EventMaker(memberships)
    return [
        make(
            agreement.partnership,
            uid=f"sharing-agreement-{agreement.pk}-review",
            on=agreement.review_on,
            summary=f"Review the sharing agreement: {agreement.title}",
            view="analysis:agreement",
            ids={"agreement_id": agreement.pk},
        )
        for agreement in agreements
    ]
