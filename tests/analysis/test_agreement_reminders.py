"""The worker's review reminder for agreements: from 30 days before the review date,
sent once, sent again only for a new review date, and kept for a retry if the mail
server refuses."""

from datetime import date, timedelta
from smtplib import SMTPException

import pytest

from analysis import source_reminders, source_services
from analysis.source_models import AgreementReminder, SharingAgreement

REVIEW = date(2027, 4, 1)


@pytest.fixture
def agreement(partnership, police, council, cast):
    return source_services.add_agreement(
        partnership=partnership,
        title="Community safety data sharing",
        parties=[police, council],
        purpose="Quarterly sharing of prescribed information.",
        lawful_basis=SharingAgreement.LawfulBasis.PUBLIC_TASK,
        signed_on=date(2025, 4, 1),
        review_on=REVIEW,
        status=SharingAgreement.Status.SIGNED,
    )


def test_the_reminder_goes_from_thirty_days_before_and_only_once(agreement, mailoutbox):
    assert source_reminders.send_due_agreement_reminders(today=REVIEW - timedelta(days=31)) == 0
    assert source_reminders.send_due_agreement_reminders(today=REVIEW - timedelta(days=30)) == 1
    assert source_reminders.send_due_agreement_reminders(today=REVIEW - timedelta(days=29)) == 0
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.subject == "Information-sharing agreement due for review on 1 April 2027"
    # Admins and analysts keep the agreements; board members and specialists do not.
    assert sorted(message.to) == ["priya@example.org", "sam@example.org"]


def test_a_new_review_date_gets_its_own_reminder(agreement, mailoutbox):
    source_reminders.send_due_agreement_reminders(today=REVIEW)
    SharingAgreement.objects.filter(pk=agreement.pk).update(review_on=date(2028, 4, 1))
    assert source_reminders.send_due_agreement_reminders(today=REVIEW) == 0
    assert source_reminders.send_due_agreement_reminders(today=date(2028, 3, 10)) == 1
    assert AgreementReminder.objects.count() == 2 and len(mailoutbox) == 2


def test_an_ended_agreement_is_not_reminded(agreement, mailoutbox):
    SharingAgreement.objects.filter(pk=agreement.pk).update(status="ended")
    assert source_reminders.send_due_agreement_reminders(today=REVIEW) == 0
    assert not mailoutbox


def test_a_refused_mail_is_tried_again_on_the_next_run(agreement, mailoutbox, monkeypatch):
    def refuse(**kwargs):
        raise SMTPException("no")

    monkeypatch.setattr(source_reminders, "send_mail", refuse)
    assert source_reminders.send_due_agreement_reminders(today=REVIEW) == 0
    assert not AgreementReminder.objects.exists()
    monkeypatch.undo()
    assert source_reminders.send_due_agreement_reminders(today=REVIEW) == 1
    assert len(mailoutbox) == 1
