"""Sending and answering health checks, and reading the broker's and workers' state."""

from dataclasses import dataclass

from django.utils import timezone

from csp_assessment import queueing
from csp_assessment.celery import app

from .models import HealthCheck


def send_health_check(*, requested_by: str) -> HealthCheck:
    from .tasks import answer_health_check

    check = HealthCheck.objects.create(requested_at=timezone.now(), requested_by=requested_by)
    queueing.send_after_commit(answer_health_check, check.pk)
    return check


def answer_health_check(*, check_id: int, worker: str) -> str:
    # A conditional update, so a redelivered message leaves the first answer alone.
    HealthCheck.objects.filter(pk=check_id, status=HealthCheck.Status.SENT).update(
        status=HealthCheck.Status.DONE, answered_at=timezone.now(), worker=worker
    )
    return worker


@dataclass(frozen=True)
class BrokerState:
    url: str
    reachable: bool
    error: str


def broker_state() -> BrokerState:
    """Try a connection to the broker with a short timeout; never raise."""
    safe_url = app.connection().as_uri()  # hides any password
    try:
        with app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=1, timeout=2)
    except Exception as error:  # noqa: BLE001 - any failure means "not reachable", shown as text
        return BrokerState(url=safe_url, reachable=False, error=str(error) or type(error).__name__)
    return BrokerState(url=safe_url, reachable=True, error="")


def workers_answering_ping(timeout: float = 1.0) -> list[str] | None:
    """Names of workers that answer a broadcast ping, or None where the broker cannot broadcast.

    The filesystem transport has no broadcast, so there the health check's round trip
    is the only evidence of a live worker.
    """
    if str(app.conf.broker_url).startswith("filesystem://"):
        return None
    try:
        replies = app.control.ping(timeout=timeout) or []
    except Exception:  # noqa: BLE001 - an unreachable broker is reported by broker_state
        return []
    return sorted(name for reply in replies for name in reply)
