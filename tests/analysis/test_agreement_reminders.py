"""The review reminder for agreements, recorded by the notifications app's hourly due
checks and sent by its worker: from 30 days before the review date, once per person and
review date, again for a new review date, never for an ended agreement, kept and sent
later when the mail server is down, and turned off on the notifications settings page."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from analysis import source_services
from analysis.notices import agreements_due
from analysis.source_models import SharingAgreement
from notifications import kinds, services
from notifications.models import Notification
from notifications.tasks import run_due_checks
from tests import mail
from tests.mail import text_of

smtp_server = mail.smtp_server
# Counted from today: a review date in the past is refused.
REVIEW = timezone.localdate() + timedelta(days=120)
ON_REVIEW = f"{REVIEW.day} {REVIEW:%B} {REVIEW.year}"
KIND = "analysis.agreement_review"
KEEPERS = ["priya@example.org", "sam@example.org"]


def _signed(partnership, parties, title="Community safety data sharing"):
    """A signed agreement between the parties, due for review on REVIEW."""
    return source_services.add_agreement(
        partnership=partnership,
        title=title,
        parties=parties,
        purpose="Quarterly sharing of prescribed information.",
        lawful_basis=SharingAgreement.LawfulBasis.PUBLIC_TASK,
        signed_on=date(2025, 4, 1),
        review_on=REVIEW,
        status=SharingAgreement.Status.SIGNED,
    )


@pytest.fixture
def agreement(partnership, police, council, cast):
    return _signed(partnership, [police, council])


def _received(smtp_server):
    return sorted(m["To"] for m in smtp_server.inbox.messages)


def test_the_reminder_is_due_thirty_days_before_and_sent_once(agreement, smtp_server):
    assert kinds.run_checks(today=REVIEW - timedelta(days=31)) == 0
    assert kinds.run_checks(today=REVIEW - timedelta(days=30)) == 2
    assert kinds.run_checks(today=REVIEW - timedelta(days=29)) == 0
    assert services.send_waiting() == 2
    assert services.send_waiting() == 0
    # Admins and analysts keep the agreements; board members and specialists do not.
    assert _received(smtp_server) == KEEPERS
    message = smtp_server.inbox.messages[0]
    assert message["Subject"] == f"Information-sharing agreement due for review on {ON_REVIEW}"
    assert message["X-Workbench-Notification"] == KIND
    text = text_of(message)
    assert "Community safety data sharing, an information-sharing agreement of" in text
    link = reverse(
        "analysis:agreement",
        kwargs={"slug": agreement.partnership.slug, "agreement_id": agreement.pk},
    )
    assert f"https://workbench.example.org{link}" in text


def test_a_new_review_date_gets_its_own_reminder(agreement, smtp_server):
    kinds.run_checks(today=REVIEW)
    SharingAgreement.objects.filter(pk=agreement.pk).update(review_on=REVIEW + timedelta(days=365))
    assert kinds.run_checks(today=REVIEW) == 0
    assert kinds.run_checks(today=REVIEW + timedelta(days=343)) == 2
    assert Notification.objects.filter(kind=KIND).count() == 4
    assert services.send_waiting() == 4
    assert _received(smtp_server) == sorted(KEEPERS * 2)


def test_an_ended_agreement_is_not_reminded(agreement, smtp_server):
    SharingAgreement.objects.filter(pk=agreement.pk).update(status="ended")
    assert kinds.run_checks(today=REVIEW) == 0
    assert not Notification.objects.exists()


def test_someone_who_has_left_is_not_reminded(agreement, cast, partnership, smtp_server):
    partnership.memberships.filter(user=cast["admin"]).update(left_at=timezone.now())
    kinds.run_checks(today=REVIEW)
    assert list(Notification.objects.values_list("user", flat=True)) == [cast["analyst"].pk]


def test_the_hourly_due_checks_record_and_send_it(agreement, smtp_server):
    soon = timezone.localdate() + timedelta(days=10)
    SharingAgreement.objects.filter(pk=agreement.pk).update(review_on=soon)
    assert run_due_checks() == 2
    assert _received(smtp_server) == KEEPERS


def test_a_mail_server_that_is_down_is_recorded_and_the_reminder_sent_later(agreement, smtp_server):
    smtp_server.stop()  # nothing listens on the port: a real refused connection
    kinds.run_checks(today=REVIEW)
    assert services.send_waiting() == 0
    waiting = Notification.objects.filter(kind=KIND)
    assert all(n.sent_at is None and "ConnectionRefusedError" in n.last_error for n in waiting)
    # The next hourly check records nothing new: the reminder is already waiting.
    assert kinds.run_checks(today=REVIEW) == 0

    smtp_server.start()
    assert services.send_waiting(now=timezone.now() + timedelta(minutes=2)) == 2
    assert _received(smtp_server) == KEEPERS
    assert all(n.sent_at is not None and n.last_error == "" for n in waiting.all())


def test_a_keeper_turns_the_reminder_off_on_the_settings_page(
    agreement, cast, client_as, smtp_server
):
    sam = cast["analyst"]
    url = reverse("notifications:settings")
    page = client_as(sam).get(url).content.decode()
    assert "An information-sharing agreement is due for review" in page
    choices = services.choices_for(sam) | {KIND: "off"}
    client_as(sam).post(url, choices)
    kinds.run_checks(today=REVIEW)
    assert services.send_waiting() == 1
    assert _received(smtp_server) == ["priya@example.org"]


def test_every_beat_entry_names_a_task_the_worker_knows(settings):
    """The old hourly agreement task is gone; beat must not name it (or any other)."""
    from csp_assessment.celery import app

    app.loader.import_default_modules()
    assert "analysis.send_agreement_reminders" not in app.tasks
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        assert entry["task"] in app.tasks, name


def test_the_keepers_are_read_once_however_many_agreements_are_due(
    agreement, partnership, police, council
):
    """Reading the keepers costs one query, not one per agreement due."""
    kinds.run_checks(today=REVIEW)  # the first agreement's reminders are recorded
    for n in range(5):
        _signed(partnership, [police, council], title=f"Agreement {n}")
    with CaptureQueriesContext(connection) as captured:
        assert agreements_due(today=REVIEW) == 10
    membership_reads = [q for q in captured if 'FROM "partnerships_membership"' in q["sql"]]
    assert len(membership_reads) == 1
