"""Renders made by a real Celery worker process on a real Redis server: the request
queues the task after commit, the worker stores the PDF; and a worker killed in the
middle of a render leaves a run that beat hands to the next worker, never one stuck
"rendering"."""

import hashlib
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from reports import services, tasks
from reports.models import RenderRun
from tests import workers
from tests.workers import start_worker, stop

redis_url = workers.redis_url
point_app_at = workers.point_app_at

pytestmark = pytest.mark.services

PARAGRAPH = (
    "Partners reviewed the figures for each neighbourhood and agreed what they show. "
    "The change is within normal variation for most categories of crime. "
) * 3


def _wait_for(run_id: int, statuses: set[str], timeout: float = 90) -> RenderRun:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run = RenderRun.objects.get(pk=run_id)
        if run.status in statuses:
            return run
        time.sleep(0.05)
    raise AssertionError(f"run {run_id} did not reach {statuses} in {timeout} s")


def test_a_worker_renders_a_requested_draft(
    transactional_db, report, cast, membership_of, redis_url, point_app_at, media, tmp_path
):
    point_app_at(redis_url)
    worker = start_worker(
        {"CELERY_BROKER_URL": redis_url, "REDIS_URL": redis_url, "MEDIA_ROOT": str(media)},
        tmp_path,
    )
    try:
        analyst = membership_of(cast["analyst"], report.year.cycle.partnership)
        run = services.request_render(report=report, by=analyst)
        run = _wait_for(run.pk, {"done", "failed"})
    finally:
        stop(worker)
    assert run.status == "done", run.error
    content = run.pdf.read()
    assert content.startswith(b"%PDF-")
    assert hashlib.sha256(content).hexdigest() == run.sha256
    assert run.size == len(content) and run.pages >= 10
    assert run.attempts == 1 and run.progress == 100
    assert "reports.render_report" in (tmp_path / "worker.log").read_text()


def test_a_worker_killed_mid_render_leaves_the_run_for_the_next_worker(
    transactional_db, report, redis_url, point_app_at, media, tmp_path
):
    # A long report, so the render is still going when the worker is killed.
    for section in report.sections.all():
        services.save_section(section=section, narrative="\n\n".join([PARAGRAPH] * 100))
    point_app_at(redis_url)
    env = {
        "CELERY_BROKER_URL": redis_url,
        "REDIS_URL": redis_url,
        "MEDIA_ROOT": str(media),
        "REPORT_CLAIM_SECONDS": "3",
    }
    first = start_worker(env, tmp_path)
    try:
        run = services.request_render(report=report, by=None)
        _wait_for(run.pk, {"rendering"})
        first.kill()  # SIGKILL: no chance to tidy up
        first.wait(timeout=10)
    finally:
        if first.poll() is None:
            first.kill()
    run.refresh_from_db()
    assert run.status == "rendering" and run.attempts == 1

    # Nothing to requeue while the dead worker's claim still stands; after it expires,
    # the run is found.
    before_expiry = run.claim_expires_at - timedelta(seconds=1)
    assert run.pk not in services.stale_runs(before_expiry)
    wait = (run.claim_expires_at - timezone.now()).total_seconds() + 0.5
    if wait > 0:
        time.sleep(wait)
    second = start_worker(env, tmp_path)
    try:
        assert tasks.requeue_stale_renders() == 1
        run = _wait_for(run.pk, {"done", "failed"}, timeout=180)
    finally:
        stop(second)
    assert run.status == "done", run.error
    assert run.attempts == 2
    assert run.pdf.read().startswith(b"%PDF-")
