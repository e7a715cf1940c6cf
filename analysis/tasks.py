"""Thin Celery tasks: an id in, a service call."""

from celery import shared_task

from csp_assessment.queueing import retry_if_asked

from . import services


@shared_task(name="analysis.run_import", bind=True, acks_late=True, max_retries=3)
def run_import(self, upload_id: int) -> str:
    """acks_late: a worker killed mid-import leaves the message to be delivered again,
    and the upload's expired claim lets the next worker take it. A passing database
    fault queues the upload again and sends the task again, later each time."""
    return retry_if_asked(self, services.run_import(upload_id=upload_id))


@shared_task(name="analysis.requeue_stale_imports")
def requeue_stale_imports() -> int:
    """Beat runs this every minute, so no upload stays stuck "importing" or waiting."""
    return services.UPLOADS.resend_stale(run_import)
