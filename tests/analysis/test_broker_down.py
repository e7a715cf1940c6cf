"""Issue 11, 6a and 6c: a broker that cannot be reached never answers 500 and loses
nothing. Work asked for while it is down is saved as waiting, the page answers at
once, and the sweeps hand it to a worker when the broker is back. A Redis cache that
is down costs charts their cache, never the page.

The broker is really unreachable: a Redis URL on a loopback port nobody listens on."""

import socket
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from analysis import tasks as analysis_tasks
from analysis.models import Upload
from status.models import HealthCheck
from tests import workers
from tests.analysis.conftest import BEDS_2017, extract
from tests.conftest import PASSWORD
from tests.workers import start_worker, stop

redis_url = workers.redis_url
point_app_at = workers.point_app_at

pytestmark = pytest.mark.services


def _nowhere() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"redis://127.0.0.1:{probe.getsockname()[1]}/0"


def test_an_upload_while_the_broker_is_down_waits_and_then_imports(
    transactional_db, client_as, cast, redis_url, point_app_at, tmp_path, media_in_tmp
):
    point_app_at(_nowhere(), {"socket_connect_timeout": 2})
    client = client_as(cast["analyst"])
    started = time.monotonic()
    response = client.post(
        reverse("analysis:upload", kwargs={"slug": "central-bedfordshire"}),
        {"files": [SimpleUploadedFile(BEDS_2017, extract(BEDS_2017), content_type="text/csv")]},
    )
    assert response.status_code == 302
    assert time.monotonic() - started < 15  # answered, not left waiting
    upload = Upload.objects.get()
    assert upload.status == Upload.Status.QUEUED
    page = client.get(upload.get_absolute_url()).content.decode()
    assert "Waiting for a worker" in page

    # The broker is back: the sweep (beat, every minute) sends it, a worker imports it.
    point_app_at(redis_url)
    worker = start_worker(
        {"CELERY_BROKER_URL": redis_url, "REDIS_URL": redis_url, "MEDIA_ROOT": str(media_in_tmp)},
        tmp_path,
    )
    try:
        Upload.objects.filter(pk=upload.pk).update(created_at=upload.created_at.replace(year=2000))
        assert analysis_tasks.requeue_stale_imports() == 1
        deadline = time.monotonic() + 90
        while not Upload.objects.get(pk=upload.pk).is_finished:
            assert time.monotonic() < deadline, "the worker never finished the import"
            time.sleep(0.2)
    finally:
        stop(worker)
    assert Upload.objects.get(pk=upload.pk).status == Upload.Status.DONE


def test_a_health_check_while_the_broker_is_down_is_saved_and_the_page_serves(
    transactional_db, client_as, cast, point_app_at
):
    point_app_at(_nowhere(), {"socket_connect_timeout": 2})
    client = client_as(cast["admin"])
    assert client.post(reverse("status:check")).status_code == 302
    assert HealthCheck.objects.get().status == HealthCheck.Status.SENT
    page = client.get(reverse("status:page"))
    assert page.status_code == 200 and "Not reachable" in page.content.decode()


def test_charts_and_sign_in_work_while_the_redis_cache_is_down(client, cast, settings):
    from csp_assessment import charts

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _nowhere(),
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    chart = charts.bars(labels=["a", "b"], values=[1, 2], x_label="n", alt="two bars")
    assert chart.image.startswith("data:image/svg+xml;base64,") and not chart.cached
    # Sign-in throttling counts in the cache: with it down, sign-in still works.
    failed = client.post("/accounts/sign-in/", {"username": cast["admin"].email, "password": "x"})
    assert failed.status_code == 200
    signed_in = client.post(
        "/accounts/sign-in/", {"username": cast["admin"].email, "password": PASSWORD}
    )
    assert signed_in.status_code == 302
