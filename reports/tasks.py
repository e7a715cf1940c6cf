"""Thin Celery tasks: an id in, a service call."""

from celery import shared_task

from csp_assessment.queueing import retry_if_asked

from . import services


@shared_task(name="reports.render_report", bind=True, acks_late=True, max_retries=3)
def render_report(self, run_id: int) -> str:
    """acks_late: a worker killed mid-render leaves the message to be delivered again,
    and the run's expired claim lets the next worker take it."""
    return retry_if_asked(self, services.run_render(run_id=run_id))


@shared_task(name="reports.requeue_stale_renders")
def requeue_stale_renders() -> int:
    """Beat runs this every minute, so no run stays stuck "rendering"."""
    return services.RUNS.resend_stale(render_report)
