"""The daily digest when the 07:00 run is missed (the broker or worker was down): the
minute sweep gathers today's digests once it is past the hour, only what was recorded
before the hour, sends each once, and gathers nothing before the hour."""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from notifications import services
from notifications.models import Digest, Notification

TODAY = timezone.localdate()
SEVEN = timezone.make_aware(datetime.combine(TODAY, time(7)))


@pytest.fixture
def waiting(events, cast):
    """Jo's comment notice, recorded last night for this morning's digest."""
    events["reports.comment"]()  # comments default to the digest
    Notification.objects.update(created_at=SEVEN - timedelta(hours=12))
    return Notification.objects.get(user=cast["theme_specialist"])


def test_the_sweep_gathers_nothing_before_the_digest_hour(waiting, smtp_server):
    assert services.send_waiting(now=SEVEN - timedelta(minutes=1)) == 0
    assert not Digest.objects.exists()
    assert smtp_server.inbox.messages == []


def test_after_a_missed_run_the_sweep_gathers_and_sends_once(waiting, smtp_server):
    assert services.send_waiting(now=SEVEN + timedelta(hours=2)) == 1
    assert services.send_waiting(now=SEVEN + timedelta(hours=2, minutes=1)) == 0
    # The 07:00 run, late at last, sends nothing more.
    assert services.send_digests(today=TODAY) == 0
    [digest] = smtp_server.inbox.messages
    assert digest["To"] == "jo@example.org"
    assert digest["Subject"] == "Your daily digest: 1 thing to look at"
    waiting.refresh_from_db()
    assert waiting.digest.day == TODAY and waiting.digest.sent_at is not None


def test_gathering_twice_makes_one_digest(waiting, smtp_server):
    later = SEVEN + timedelta(minutes=5)
    [digest_id] = services.catch_up_digests(now=later)
    assert services.catch_up_digests(now=later) == []  # a second sweep
    assert services.gather_digests(today=TODAY, now=later) == []  # the late daily run
    assert list(Digest.objects.values_list("pk", flat=True)) == [digest_id]
    assert services.send_waiting(now=later) == 1
    assert services.send_waiting(now=later) == 0
    assert len(smtp_server.inbox.messages) == 1


def test_one_recorded_after_the_hour_waits_for_tomorrow(events, cast, smtp_server):
    events["reports.comment"]()
    Notification.objects.update(created_at=SEVEN + timedelta(hours=1))
    assert services.send_waiting(now=SEVEN + timedelta(hours=2)) == 0
    assert not Digest.objects.exists()


def test_the_catch_up_leaves_one_recorded_after_the_hour_for_tomorrow(waiting, smtp_server):
    # The 07:00 run would have gathered only what was waiting at 07:00; so does the
    # catch-up. One recorded at 08:00 goes in tomorrow's digest, not early in today's.
    later = Notification.objects.get(pk=waiting.pk)
    later.pk, later.key = None, f"{waiting.key}:later"
    later.save()
    Notification.objects.filter(pk=later.pk).update(created_at=SEVEN + timedelta(hours=1))
    assert services.send_waiting(now=SEVEN + timedelta(hours=2)) == 1
    waiting.refresh_from_db()
    later.refresh_from_db()
    assert waiting.digest.day == TODAY and later.digest is None
    assert smtp_server.inbox.messages[0]["Subject"] == "Your daily digest: 1 thing to look at"
    tomorrow = TODAY + timedelta(days=1)
    assert services.send_digests(today=tomorrow) == 1
    later.refresh_from_db()
    assert later.digest.day == tomorrow
    assert len(smtp_server.inbox.messages) == 2


def test_with_nothing_to_gather_the_sweep_asks_once(db, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert services.catch_up_digests(now=SEVEN + timedelta(hours=1)) == []
    with django_assert_num_queries(0):
        assert services.catch_up_digests(now=SEVEN - timedelta(hours=1)) == []
