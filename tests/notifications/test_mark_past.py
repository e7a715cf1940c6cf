"""The demo's past is recorded as sent without emailing anyone; what another
partnership's members are owed in the meantime still goes."""

from datetime import timedelta

from django.utils import timezone

from notifications import services
from notifications.models import Notification


def _news(user, key):
    return services.notify(
        user=user,
        kind="scoring.round_opened",
        key=key,
        subject="A round opened",
        lines=["Score it."],
    )


def test_only_the_named_partnerships_members_are_marked(db, cast, partnership):
    since = timezone.now() - timedelta(seconds=1)
    _news(cast["analyst"], "demo-past")
    _news(cast["outsider"], "real-news")  # Lee belongs to another partnership

    assert services.mark_past_as_sent(recorded_since=since, partnerships=[partnership]) == 1

    assert Notification.objects.get(key="demo-past").sent_at is not None
    waiting = Notification.objects.get(key="real-news")
    assert waiting.sent_at is None


def test_what_was_waiting_before_the_load_began_is_untouched(db, cast, partnership):
    _news(cast["analyst"], "older")
    since = timezone.now() + timedelta(seconds=1)

    assert services.mark_past_as_sent(recorded_since=since, partnerships=[partnership]) == 0
    assert Notification.objects.get(key="older").sent_at is None
