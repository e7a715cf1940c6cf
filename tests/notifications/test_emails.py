"""The emails as a real SMTP server (aiosmtpd on loopback) receives them: every kind,
both parts, the unsubscribe link and headers, never twice, the daily digest, off, and a
mail server that is down then back."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from notifications import services
from notifications.models import Digest, Notification, Preference
from scoring.notices import round_opened
from tests.mail import html_of, text_of

from .conftest import TODAY

KINDS = [
    "scoring.round_opened",
    "scoring.sheet_due",
    "reports.comment",
    "consultation.rationale_reviewed",
    "priorities.action_due",
    "priorities.review_due",
    "analysis.agreement_review",
]
WHO = {
    "scoring.round_opened": "jo@example.org",
    "scoring.sheet_due": "jo@example.org",
    "reports.comment": "jo@example.org",
    "consultation.rationale_reviewed": "jo@example.org",
    "priorities.action_due": "chris@example.org",
    "priorities.review_due": "sam@example.org",
    "analysis.agreement_review": "sam@example.org",
}
SUBJECT = {
    "scoring.round_opened": "Scoring is open: Autumn scoring",
    "scoring.sheet_due": "Your score sheet for Autumn scoring is due on",
    "reports.comment": "New comment on",
    "consultation.rationale_reviewed": "Rationale document returned: Domestic abuse",
    "priorities.action_due": "Action due on",
    "priorities.review_due": "Six-month review due on",
    "analysis.agreement_review": "Information-sharing agreement due for review on",
}


def _every_kind_at_once(cast):
    for user in cast.values():
        services.set_choices(user=user, choices={kind: "now" for kind in KINDS})


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_arrives_with_both_parts_and_its_own_unsubscribe_link(
    kind, events, cast, smtp_server, client
):
    _every_kind_at_once(cast)
    events[kind]()
    assert services.send_waiting() >= 1
    received = [m for m in smtp_server.inbox.messages if m["X-Workbench-Notification"] == kind]
    assert [m["To"] for m in received if m["To"] == WHO[kind]] == [WHO[kind]]
    message = next(m for m in received if m["To"] == WHO[kind])
    assert message["Subject"].startswith(SUBJECT[kind])
    text, html = text_of(message), html_of(message)
    assert "Hello " in text and "<p>Hello " in html
    # The link to the thing to do is absolute, in both parts.
    link = re.search(r"https://workbench\.example\.org(/p/\S+/)", text).group(1)
    assert f'href="https://workbench.example.org{link}"' in html
    # One-click unsubscribe (RFC 8058) for this kind only, the same link in the body.
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = re.fullmatch(
        r"<https://workbench\.example\.org(\S+)>", message["List-Unsubscribe"].strip()
    )
    assert unsubscribe and unsubscribe.group(1) in text and unsubscribe.group(1) in html
    page = client.get(unsubscribe.group(1))  # signed out
    assert page.status_code == 200 and "Stop these emails?" in page.content.decode()
    client.post(unsubscribe.group(1))
    person = Notification.objects.filter(kind=kind, user__email=WHO[kind]).get().user
    assert services.choices_for(person)[kind] == "off"
    assert {k: v for k, v in services.choices_for(person).items() if k != kind} == {
        k: "now" for k in KINDS if k != kind
    }


def test_an_event_is_recorded_and_sent_once_however_often_it_is_seen(
    events, cast, smtp_server, draft_round
):
    events["scoring.sheet_due"]()
    draft_round.refresh_from_db()
    assert round_opened(round_=draft_round) == 0  # the same round and scorer
    events["scoring.sheet_due"]()  # the hourly check again
    with pytest.raises(ValidationError):
        events["scoring.round_opened"]()  # a second click on "open"
    notifications = Notification.objects.filter(user=cast["theme_specialist"])
    assert sorted(notifications.values_list("kind", flat=True)) == [
        "scoring.round_opened",
        "scoring.sheet_due",
    ]
    assert services.send_waiting() == 2
    assert services.send_waiting() == 0
    for notification in notifications:
        assert not services.send_notification(notification_id=notification.pk)  # redelivered
    assert len(smtp_server.inbox.messages) == 2
    assert all(n.sent_at is not None and n.attempts == 1 for n in notifications.all())


def test_the_daily_digest_gathers_one_email_per_person(events, cast, smtp_server):
    jo = cast["theme_specialist"]
    services.set_choices(user=jo, choices={"consultation.rationale_reviewed": "digest"})
    events["reports.comment"]()  # comments default to the digest
    events["consultation.rationale_reviewed"]()
    assert services.send_waiting() == 0
    assert smtp_server.inbox.messages == []

    assert services.send_digests(today=TODAY) == 1
    assert services.send_digests(today=TODAY) == 0
    [digest] = smtp_server.inbox.messages
    assert digest["To"] == "jo@example.org"
    assert digest["Subject"] == "Your daily digest: 2 things to look at"
    text, html = text_of(digest), html_of(digest)
    for subject in ("New comment on", "Rationale document returned: Domestic abuse"):
        assert subject in text and subject in html
    assert "Say by how much." in text and "Add sources." in text
    # A link to stop each kind, and the one-click header stops both.
    assert text.count("Stop emails about") == 2
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    record = Digest.objects.get(user=jo)
    assert record.sent_at is not None
    assert set(Notification.objects.filter(user=jo).values_list("digest", flat=True)) == {record.pk}


def test_turning_a_kind_off_in_settings_keeps_it_out_of_the_digest(events, cast, smtp_server):
    jo = cast["theme_specialist"]
    events["reports.comment"]()  # waiting for tomorrow's digest
    services.set_choices(user=jo, choices={"reports.comment": "off"})
    assert services.send_digests(today=TODAY) == 0
    assert smtp_server.inbox.messages == []


def test_a_digest_leaves_out_a_kind_turned_off_after_it_was_gathered(events, cast, smtp_server):
    jo = cast["theme_specialist"]
    services.set_choices(user=jo, choices={"consultation.rationale_reviewed": "digest"})
    events["reports.comment"]()
    events["consultation.rationale_reviewed"]()
    [digest_id] = services.gather_digests(today=TODAY)
    # Turned off between gathering and sending (say the mail server was down).
    Preference.objects.create(user=jo, kind="reports.comment", delivery="off")
    assert services.send_digest(digest_id=digest_id)
    [digest] = smtp_server.inbox.messages
    assert "New comment on" not in text_of(digest)
    assert "Rationale document returned" in text_of(digest)


def test_off_means_recorded_but_never_sent(events, cast, smtp_server):
    jo = cast["theme_specialist"]
    services.set_choices(user=jo, choices={"scoring.round_opened": "off"})
    events["scoring.round_opened"]()
    notification = Notification.objects.get(user=jo, kind="scoring.round_opened")
    assert notification.delivery == "off"
    assert services.send_waiting() == 0
    assert services.send_digests(today=TODAY) == 0
    assert smtp_server.inbox.messages == []


def test_turning_a_kind_off_stops_one_already_waiting(events, cast, smtp_server):
    events["scoring.round_opened"]()
    services.set_choices(user=cast["theme_specialist"], choices={"scoring.round_opened": "off"})
    assert services.send_waiting() == 0
    assert smtp_server.inbox.messages == []


def test_a_mail_server_that_is_down_is_recorded_and_tried_again(events, cast, smtp_server):
    smtp_server.stop()  # nothing listens on the port now: a real refused connection
    events["scoring.round_opened"]()
    assert services.send_waiting() == 0
    notification = Notification.objects.get(kind="scoring.round_opened")
    assert notification.sent_at is None and notification.attempts == 1
    assert "ConnectionRefusedError" in notification.last_error
    assert notification.next_attempt_at > timezone.now()
    assert services.send_waiting() == 0  # not before its next try

    smtp_server.start()
    later = timezone.now() + timedelta(minutes=2)
    assert services.send_waiting(now=later) == 1
    assert services.send_waiting(now=later) == 0
    notification.refresh_from_db()
    assert notification.sent_at is not None and notification.last_error == ""
    assert [m["To"] for m in smtp_server.inbox.messages] == ["jo@example.org"]


def test_a_worker_that_died_mid_send_leaves_it_for_the_sweep(events, smtp_server, settings):
    events["scoring.round_opened"]()
    notification = Notification.objects.get()
    # A worker claimed it and died: nobody else may take it until the claim expires.
    Notification.objects.filter(pk=notification.pk).update(
        claimed_until=timezone.now() + timedelta(seconds=settings.NOTIFICATION_CLAIM_SECONDS),
        attempts=1,
    )
    assert services.send_waiting() == 0
    later = timezone.now() + timedelta(seconds=settings.NOTIFICATION_CLAIM_SECONDS + 1)
    assert services.send_waiting(now=later) == 1
    assert len(smtp_server.inbox.messages) == 1


def test_opening_a_round_answers_even_when_the_mail_server_is_down(
    draft_round, client_as, cast, smtp_server, django_capture_on_commit_callbacks
):
    """Even with the task run in the request (eager), a mail fault is recorded, not a 500."""
    from django.urls import reverse

    from csp_assessment.celery import app

    smtp_server.stop()
    url = reverse(
        "scoring:open", kwargs={"slug": "central-bedfordshire", "round_id": draft_round.pk}
    )
    app.conf.task_always_eager = True
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = client_as(cast["analyst"]).post(url, {"confirm": "yes"})
    finally:
        app.conf.task_always_eager = False
    assert response.status_code == 302
    notification = Notification.objects.get(kind="scoring.round_opened")
    assert notification.sent_at is None and notification.last_error
    assert Preference.objects.count() == 0


def test_a_subject_with_a_line_break_is_sent_on_one_line(cast, smtp_server):
    services.notify(
        user=cast["analyst"],
        kind="scoring.round_opened",
        key="line-break-subject",
        subject="Scoring is open: Autumn\nscoring",
        lines=["Scoring is open."],
    )
    assert services.send_waiting() == 1
    [message] = smtp_server.inbox.messages
    assert message["Subject"] == "Scoring is open: Autumn scoring"


def test_a_message_the_mail_library_refuses_is_recorded_and_the_sweep_goes_on(cast, smtp_server):
    """Not an SMTP fault: the library refuses the message before any connection. The
    row records why, and the others in the same sweep are still sent."""
    from django.contrib.auth import get_user_model

    refused = get_user_model().objects.create_user(username="refused", password="x")
    get_user_model().objects.filter(pk=refused.pk).update(email="refused\n@example.org")
    refused.refresh_from_db()
    for user, key in ((refused, "first"), (cast["analyst"], "second")):
        services.notify(
            user=user,
            kind="scoring.round_opened",
            key=key,
            subject="Scoring is open",
            lines=["Scoring is open."],
        )
    assert services.send_waiting() == 1
    failed = Notification.objects.get(key="first")
    assert failed.sent_at is None and failed.last_error
    assert [m["To"] for m in smtp_server.inbox.messages] == [cast["analyst"].email]


def test_a_kind_turned_off_while_a_row_waited_at_once_is_not_sent(events, cast, smtp_server):
    # The row was recorded "at once" while the person's choice was being saved
    # elsewhere, so only the check made as it is sent can stop it.
    events["scoring.round_opened"]()
    jo = cast["theme_specialist"]
    Preference.objects.create(user=jo, kind="scoring.round_opened", delivery="off")
    assert Notification.objects.get(user=jo, kind="scoring.round_opened").delivery == "now"
    assert services.send_waiting() == 0
    assert services.send_digests(today=TODAY) == 0
    assert smtp_server.inbox.messages == []
    assert Notification.objects.get(user=jo, kind="scoring.round_opened").delivery == "off"
