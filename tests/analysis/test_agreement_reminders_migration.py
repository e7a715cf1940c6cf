"""The migration that moves agreement reminders onto notifications: a reminder already
sent becomes a sent notification with the key the new check uses, so nobody is
reminded a second time of the same review date."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from analysis import source_services
from analysis.source_models import SharingAgreement
from notifications import kinds
from notifications.models import Notification
from tests.migrating import migrate, migrate_to_latest

BEFORE = [("analysis", "0010_upload_files_deleted_on")]
AFTER = [("analysis", "0011_agreement_reminders_as_notifications")]
# Counted from today: a review date in the past is refused.
REVIEW = timezone.localdate() + timedelta(days=120)
ON_REVIEW = f"{REVIEW.day} {REVIEW:%B} {REVIEW.year}"


@pytest.mark.django_db(transaction=True)
def test_a_reminder_already_sent_is_not_sent_again(partnership, police, council, cast):
    agreement = source_services.add_agreement(
        partnership=partnership,
        title="Community safety data sharing",
        parties=[police, council],
        purpose="Quarterly sharing of prescribed information.",
        lawful_basis=SharingAgreement.LawfulBasis.PUBLIC_TASK,
        signed_on=date(2025, 4, 1),
        review_on=REVIEW,
        status=SharingAgreement.Status.SIGNED,
    )
    old = migrate(BEFORE)
    try:
        old.get_model("analysis", "AgreementReminder").objects.create(
            agreement_id=agreement.pk,
            review_on=REVIEW,
            sent_at=timezone.now(),
            recipients=["priya@example.org", "sam@example.org"],
        )
        migrate(AFTER)
    finally:
        migrate_to_latest()
    carried = Notification.objects.filter(kind="analysis.agreement_review")
    assert sorted(carried.values_list("user__email", flat=True)) == [
        "priya@example.org",
        "sam@example.org",
    ]
    assert all(n.sent_at is not None for n in carried)
    assert carried.first().subject == f"Information-sharing agreement due for review on {ON_REVIEW}"
    assert kinds.run_checks(today=REVIEW) == 0
