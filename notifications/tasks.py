"""Thin Celery tasks: an id in (or nothing), a service call."""

from celery import shared_task
from django.utils import timezone

from . import kinds, services


@shared_task(name="notifications.send_notification", acks_late=True)
def send_notification(notification_id: int) -> bool:
    return services.send_notification(notification_id=notification_id)


@shared_task(name="notifications.send_waiting")
def send_waiting() -> int:
    """Beat runs this every minute: retries after a mail fault or a lost worker."""
    return services.send_waiting()


@shared_task(name="notifications.run_due_checks")
def run_due_checks() -> int:
    """Beat runs this hourly: each app's checks record what is now due (sheets,
    actions, reviews); unique keys make a second run record nothing."""
    recorded = kinds.run_checks(today=timezone.localdate())
    services.send_waiting()
    return recorded


@shared_task(name="notifications.send_digests")
def send_digests() -> int:
    """Beat runs this once a day: one email per person with their digest items."""
    return services.send_digests(today=timezone.localdate())
