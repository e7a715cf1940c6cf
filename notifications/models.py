"""What each person chose per kind, and a record of every notification and digest.

A notification is recorded once: its `key` names the event (a round and a scorer, a
comment and a writer...), so the same event never makes two. Sending claims the row
with a conditional update; `sent_at` says it went."""

from django.conf import settings
from django.db import models

from .kinds import DELIVERIES, DIGEST, NOW


class Preference(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=60)
    delivery = models.CharField(max_length=10, choices=DELIVERIES, default=NOW)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.kind} {self.delivery}"


class Outgoing(models.Model):
    """The sending state shared by a notification sent at once and a digest."""

    attempts = models.PositiveSmallIntegerField(default=0)
    # Held while a worker sends; a worker that dies leaves it to expire, and the
    # minute sweep sends the message again.
    claimed_until = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField()
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True


class Digest(Outgoing):
    """One person's daily digest: the notifications they chose to read once a day."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_digests"
    )
    day = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="one_digest_per_day"),
        ]

    def __str__(self) -> str:
        return f"Digest for {self.user} on {self.day}"


class Notification(Outgoing):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=60)
    key = models.CharField(max_length=200, unique=True)
    subject = models.CharField(max_length=300)
    # What the email says: {"lines": [...], "link": "/path/", "link_text": "..."}.
    context = models.JSONField(default=dict)
    # The person's choice when it was recorded; rechecked when it is sent.
    delivery = models.CharField(max_length=10, choices=DELIVERIES)
    digest = models.ForeignKey(
        Digest, null=True, blank=True, on_delete=models.SET_NULL, related_name="notifications"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["delivery", "sent_at"], name="notification_waiting")]

    def __str__(self) -> str:
        return f"{self.kind} for {self.user}"

    @property
    def in_digest(self) -> bool:
        return self.delivery == DIGEST and self.digest_id is not None
