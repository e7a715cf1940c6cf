"""Real worker processes: a Celery worker on a real Redis server started here on a
loopback port, and a worker on the embedded filesystem broker. The test sends a
health check through the status page and waits for the worker to answer it in the
database."""

import time

import pytest
from django.urls import reverse

from status.models import HealthCheck
from tests import workers
from tests.workers import filesystem_broker, start_worker, stop

# The shared fixtures, made visible to pytest in this module.
redis_url = workers.redis_url
point_app_at = workers.point_app_at

pytestmark = pytest.mark.services


def _wait_for_answer(timeout: float = 60) -> HealthCheck:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        check = HealthCheck.objects.order_by("-requested_at").first()
        if check and check.status == HealthCheck.Status.DONE:
            return check
        time.sleep(0.2)
    raise AssertionError("no worker answered the health check")


def test_a_worker_on_redis_answers_the_status_page_check(
    transactional_db, client_as, cast, redis_url, point_app_at, tmp_path
):
    point_app_at(redis_url)
    worker = start_worker({"CELERY_BROKER_URL": redis_url, "REDIS_URL": redis_url}, tmp_path)
    try:
        client = client_as(cast["admin"])
        client.post(reverse("status:check"))
        check = _wait_for_answer()
        assert check.worker
        assert check.round_trip_ms >= 0
        page = client.get(reverse("status:page")).content.decode()
        assert "Alive: answered a test task" in page
        assert "Reachable" in page
        assert "test@" not in page  # host names are for site staff
        # Redis can broadcast, so the worker also answers a ping by name.
        cast["admin"].is_staff = True
        cast["admin"].save()
        assert "test@" in client.get(reverse("status:page")).content.decode()
    finally:
        stop(worker)
    log = (tmp_path / "worker.log").read_text()
    assert "status.answer_health_check" in log


def test_a_worker_on_the_filesystem_broker_answers(
    transactional_db, client_as, cast, point_app_at, tmp_path
):
    options = filesystem_broker(tmp_path / "broker")
    point_app_at("filesystem://", options)
    worker = start_worker(
        {"CELERY_BROKER_URL": "filesystem://", "REDIS_URL": "", "VAR_DIR": str(tmp_path)},
        tmp_path,
    )
    try:
        client_as(cast["admin"]).post(reverse("status:check"))
        check = _wait_for_answer()
        assert check.status == HealthCheck.Status.DONE
    finally:
        stop(worker)
