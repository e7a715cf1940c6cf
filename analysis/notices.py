"""What analysis tells people by email (notifications app): an information-sharing
agreement is due for review. Registered from apps.py; the hourly due checks record one
notification per person and review date, and the notifications app sends it, tries
again if the mail server is down, and lets people choose digest or off."""

from datetime import date, timedelta

from django.urls import reverse

from csp_assessment.dates import day
from notifications.kinds import Kind
from notifications.services import notify
from partnerships.models import Membership

from . import permissions, source_rules
from .source_models import SharingAgreement

AGREEMENT_REVIEW = Kind(
    key="analysis.agreement_review",
    label="An information-sharing agreement is due for review",
    hint="Sent once to analysts and admins, when an agreement's review date is "
    f"{source_rules.REVIEW_NOTICE_DAYS} days away or less.",
    roles=permissions.can_manage_agreements.roles,
)


def agreement_key(*, agreement: SharingAgreement, user_id: int) -> str:
    """One per agreement, review date and person: a new review date is a new reminder."""
    return f"{AGREEMENT_REVIEW.key}:{agreement.pk}:{agreement.review_on.isoformat()}:{user_id}"


def agreements_due(*, today: date) -> int:
    """Agreements not ended whose review is REVIEW_NOTICE_DAYS away or less (or past),
    told to each current member who keeps the register. The keepers of every partnership
    with an agreement due are read in one query."""
    notice = timedelta(days=source_rules.REVIEW_NOTICE_DAYS)
    due = list(
        SharingAgreement.objects.filter(review_on__lte=today + notice)
        .exclude(status=SharingAgreement.Status.ENDED)
        .select_related("partnership")
    )
    keepers: dict[int, list[Membership]] = {}
    for membership in (
        Membership.objects.current()
        .filter(
            partnership__in={agreement.partnership_id for agreement in due},
            role__in=permissions.can_manage_agreements.roles,
        )
        .select_related("user")
        .order_by("pk")
    ):
        keepers.setdefault(membership.partnership_id, []).append(membership)
    told = 0
    for agreement in due:
        when = day(agreement.review_on)
        link = reverse(
            "analysis:agreement",
            kwargs={"slug": agreement.partnership.slug, "agreement_id": agreement.pk},
        )
        for membership in keepers.get(agreement.partnership_id, []):
            told += bool(
                notify(
                    user=membership.user,
                    kind=AGREEMENT_REVIEW.key,
                    key=agreement_key(agreement=agreement, user_id=membership.user_id),
                    subject=f"Information-sharing agreement due for review on {when}",
                    lines=[
                        f"{agreement.title}, an information-sharing agreement of "
                        f"{agreement.partnership.name}, is due for review on {when}.",
                        "Check its parties, purpose and lawful basis with each party, then "
                        "record the new review date.",
                    ],
                    link=link,
                    link_text="Open the agreement",
                )
            )
    return told
