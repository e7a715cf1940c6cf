"""A health check: one small task sent through the broker to a worker and back."""

from django.db import models


class HealthCheck(models.Model):
    class Status(models.TextChoices):
        SENT = "sent", "Waiting for a worker"
        DONE = "done", "Answered"

    requested_at = models.DateTimeField()
    requested_by = models.CharField(max_length=254, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SENT)
    answered_at = models.DateTimeField(null=True, blank=True)
    worker = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"Health check {self.pk} ({self.status})"

    @property
    def round_trip_ms(self) -> int | None:
        if self.answered_at is None:
            return None
        return round((self.answered_at - self.requested_at).total_seconds() * 1000)
