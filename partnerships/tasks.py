"""The daily retention task, run by celery beat. Thin: each partnership's run claims
the day with a unique row, so running it twice does nothing twice."""

from celery import shared_task
from django.utils import timezone

from .retention import run_retention_everywhere


@shared_task(name="partnerships.apply_retention")
def apply_retention() -> int:
    return run_retention_everywhere(today=timezone.localdate())
