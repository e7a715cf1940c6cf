"""The import run by a real Celery worker process: the analyst uploads the two real
Bedfordshire files through the upload page, the view queues the task after commit, and
a separate worker process (on the embedded filesystem broker, and on a real Redis
server) imports them into the test database."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from analysis.aggregates import media_path, read
from analysis.models import Dataset, MonthlyCount, Upload
from tests import workers
from tests.analysis.conftest import BEDS_2016, BEDS_2017, extract
from tests.workers import filesystem_broker, start_worker, stop

# The shared fixtures, made visible to pytest in this module.
redis_url = workers.redis_url
point_app_at = workers.point_app_at

pytestmark = pytest.mark.services


def _wait_until_finished(upload_id: int, timeout: float = 60) -> Upload:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        upload = Upload.objects.get(pk=upload_id)
        if upload.is_finished:
            return upload
        time.sleep(0.2)
    raise AssertionError(f"upload {upload_id} was not finished after {timeout} s")


def _upload_and_check(client, tmp_path):
    response = client.post(
        reverse("analysis:upload", kwargs={"slug": "central-bedfordshire"}),
        {
            "files": [
                SimpleUploadedFile(name, extract(name), content_type="text/csv")
                for name in (BEDS_2016, BEDS_2017)
            ]
        },
    )
    assert response.status_code == 302
    upload = Upload.objects.get()
    assert response["Location"] == upload.get_absolute_url()
    upload = _wait_until_finished(upload.pk)
    assert upload.status == Upload.Status.DONE, upload.error
    assert upload.rows_read == 433 + 442
    assert upload.rows_in_area == 141 + 142
    assert upload.months == ["2016-11", "2017-11"]
    assert upload.progress == 100

    # The progress page shows the summary the worker wrote.
    page = client.get(upload.get_absolute_url()).content.decode()
    assert "Imported." in page
    assert "283 rows are in Central Bedfordshire CSP's area" in page

    by_year = {
        year: sum(MonthlyCount.objects.filter(month__year=year).values_list("count", flat=True))
        for year in (2016, 2017)
    }
    assert by_year == {2016: 141, 2017: 142}
    asb_2017 = MonthlyCount.objects.get(month__year=2017, category="Anti-social behaviour")
    assert asb_2017.count == 43
    stored = read(media_path(Dataset.objects.get().aggregate_path))
    assert int(stored["count"].sum()) == 283
    log = (tmp_path / "worker.log").read_text()
    assert "analysis.run_import" in log


def test_a_worker_on_the_filesystem_broker_imports_an_upload(
    transactional_db, client_as, cast, point_app_at, tmp_path, media_in_tmp
):
    point_app_at("filesystem://", filesystem_broker(tmp_path / "broker"))
    worker = start_worker(
        {
            "CELERY_BROKER_URL": "filesystem://",
            "REDIS_URL": "",
            "VAR_DIR": str(tmp_path),
            "MEDIA_ROOT": str(media_in_tmp),
        },
        tmp_path,
    )
    try:
        _upload_and_check(client_as(cast["analyst"]), tmp_path)
    finally:
        stop(worker)


def test_a_worker_on_redis_imports_an_upload(
    transactional_db, client_as, cast, redis_url, point_app_at, tmp_path, media_in_tmp
):
    point_app_at(redis_url)
    worker = start_worker(
        {"CELERY_BROKER_URL": redis_url, "REDIS_URL": redis_url, "MEDIA_ROOT": str(media_in_tmp)},
        tmp_path,
    )
    try:
        _upload_and_check(client_as(cast["analyst"]), tmp_path)
    finally:
        stop(worker)


def _many_months(months: int = 30) -> bytes:
    """A zip of monthly street files resampled from the real extract: big enough that
    the import is still going when the worker is killed."""
    import io
    import zipfile

    lines = extract(BEDS_2017).splitlines(keepends=True)
    header, body = lines[0], b"".join(lines[1:]) * 20
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for n in range(months):
            label = f"{2014 + n // 12}-{n % 12 + 1:02d}"
            data = header + body.replace(b",2017-11,", f",{label},".encode())
            archive.writestr(f"{label}/{label}-bedfordshire-street.csv", data)
    return out.getvalue()


def test_a_worker_killed_mid_import_leaves_the_upload_for_the_next_worker(
    transactional_db, partnership, redis_url, point_app_at, tmp_path, media_in_tmp
):
    """Issue 11, 6b: imports have the expiring claim and the sweep that renders have."""
    from datetime import timedelta

    from django.utils import timezone

    from analysis import services, tasks

    point_app_at(redis_url)
    env = {
        "CELERY_BROKER_URL": redis_url,
        "REDIS_URL": redis_url,
        "MEDIA_ROOT": str(media_in_tmp),
        "IMPORT_CLAIM_SECONDS": "3",
    }
    first = start_worker(env, tmp_path)
    try:
        upload = services.start_upload(
            dataset=services.police_dataset(partnership=partnership),
            uploaded_by=None,
            files=[("months.zip", _many_months())],
        )
        deadline = time.monotonic() + 60
        while Upload.objects.get(pk=upload.pk).status != Upload.Status.RUNNING:
            assert time.monotonic() < deadline, "the first worker never started the import"
            time.sleep(0.02)
        first.kill()  # SIGKILL: no chance to tidy up
        first.wait(timeout=10)
    finally:
        if first.poll() is None:
            first.kill()
    upload.refresh_from_db()
    assert upload.status == Upload.Status.RUNNING and upload.attempts == 1
    assert not MonthlyCount.objects.exists()

    # Nothing to queue again while the dead worker's claim stands; after it expires, yes.
    assert upload.pk not in services.stale_uploads(upload.claim_expires_at - timedelta(seconds=1))
    wait = (upload.claim_expires_at - timezone.now()).total_seconds() + 0.5
    if wait > 0:
        time.sleep(wait)
    second = start_worker(env, tmp_path)
    try:
        assert tasks.requeue_stale_imports() == 1
        upload = _wait_until_finished(upload.pk, timeout=180)
    finally:
        stop(second)
    assert upload.status == Upload.Status.DONE, upload.error
    assert upload.attempts == 2 and len(upload.months) == 30
