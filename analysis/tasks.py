"""Thin Celery tasks: an id in, a service call."""

from celery import shared_task
from django.utils import timezone

from . import services, source_reminders


@shared_task(name="analysis.run_import", acks_late=True)
def run_import(upload_id: int) -> bool:
    """acks_late: a worker killed mid-import leaves the message to be delivered again,
    and the upload's expired claim lets the next worker take it."""
    return services.run_import(upload_id=upload_id)


@shared_task(name="analysis.requeue_stale_imports")
def requeue_stale_imports() -> int:
    """Beat runs this every minute, so no upload stays stuck "importing" or waiting."""
    return services.UPLOADS.resend_stale(run_import)


@shared_task(name="analysis.send_agreement_reminders")
def send_agreement_reminders() -> int:
    """Beat runs this hourly; each reminder is claimed once, so none is sent twice."""
    return source_reminders.send_due_agreement_reminders(today=timezone.localdate())
