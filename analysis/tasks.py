"""Thin Celery tasks: an id in, a service call."""

from celery import shared_task

from . import services


@shared_task(name="analysis.run_import")
def run_import(upload_id: int) -> bool:
    return services.run_import(upload_id=upload_id)
