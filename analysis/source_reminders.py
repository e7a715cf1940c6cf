"""The review reminder e-mail for information-sharing agreements, sent by the worker
from 30 days before the review date (the dashboard shows the same from that day).

Each agreement's reminder for one review date is claimed by creating its one
AgreementReminder row, so running the task again (hourly, or on two workers) sends
nothing twice; moving the review date makes a new reminder due. If the mail server
refuses, the claim is let go and the next run tries again."""

import logging
from datetime import date, timedelta
from smtplib import SMTPException

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format

from partnerships.models import Membership

from . import permissions, source_rules
from .source_models import AgreementReminder, SharingAgreement

log = logging.getLogger(__name__)


def _recipients(agreement: SharingAgreement) -> list[str]:
    people = (
        Membership.objects.current()
        .filter(
            partnership=agreement.partnership_id,
            role__in=permissions.can_manage_agreements.roles,
        )
        .values_list("user__email", flat=True)
    )
    return sorted({email for email in people if email})


def send_agreement_reminder(*, agreement: SharingAgreement) -> bool:
    recipients = _recipients(agreement)
    if not recipients:
        return False
    try:
        with transaction.atomic():
            claim = AgreementReminder.objects.create(
                agreement=agreement,
                review_on=agreement.review_on,
                sent_at=timezone.now(),
                recipients=recipients,
            )
    except IntegrityError:
        return False
    when = date_format(agreement.review_on, "j F Y")
    try:
        send_mail(
            subject=f"Information-sharing agreement due for review on {when}",
            message=(
                f"{agreement.title}, an information-sharing agreement of "
                f"{agreement.partnership.name}, is due for review on {when}.\n\n"
                "Check its parties, purpose and lawful basis with each party, then record "
                "the new review date in the workbench."
            ),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=recipients,
        )
    except (SMTPException, OSError) as error:
        claim.delete()
        log.warning("Agreement reminder %s not sent, will try again: %s", agreement.pk, error)
        return False
    return True


def send_due_agreement_reminders(*, today: date) -> int:
    """Send each reminder now due and not yet sent for its current review date."""
    notice = timedelta(days=source_rules.REVIEW_NOTICE_DAYS)
    due = (
        SharingAgreement.objects.filter(review_on__lte=today + notice)
        .exclude(status=SharingAgreement.Status.ENDED)
        .exclude(reminders__review_on=F("review_on"))
        .select_related("partnership")
    )
    return sum(send_agreement_reminder(agreement=agreement) for agreement in due)
