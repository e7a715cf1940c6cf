"""Thin Celery tasks: an id in, a service call."""

from celery import shared_task

from csp_assessment.queueing import retry_if_asked

from . import rendering


@shared_task(name="plans.render_plan", bind=True, acks_late=True, max_retries=3)
def render_plan(self, render_id: int) -> str:
    return retry_if_asked(self, rendering.run_render(render_id=render_id))


@shared_task(name="plans.requeue_stale_renders")
def requeue_stale_renders() -> int:
    """Beat runs this every minute, so no render stays stuck."""
    return rendering.RENDERS.resend_stale(render_plan)
