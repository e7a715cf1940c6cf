"""The review reminder task, run by celery beat. Thin: the service claims each review's
reminder with a unique row, so running it twice sends nothing twice."""

from celery import shared_task
from django.utils import timezone

from .services.proposals import send_due_review_reminders


@shared_task(name="priorities.send_review_reminders")
def send_review_reminders() -> int:
    return send_due_review_reminders(today=timezone.localdate())
