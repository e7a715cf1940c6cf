"""Thin Celery tasks: an id in, a service call."""

from celery import shared_task

from . import services


@shared_task(name="reports.render_report", acks_late=True)
def render_report(run_id: int) -> str:
    return services.run_render(run_id=run_id)
