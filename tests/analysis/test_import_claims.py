"""An import's claim: a worker whose claim was taken over writes and deletes nothing, a
slow import that is still reporting keeps its claim, each import leaves one counts file
for its dataset, and a passing database fault queues the upload again."""

import re
from datetime import timedelta

import pytest
from django.db import OperationalError, connection
from django.urls import reverse
from django.utils import timezone

from analysis import aggregates, services
from analysis.models import Dataset, MonthlyCount, Upload
from csp_assessment import queueing
from tests.analysis.conftest import BEDS_2016, BEDS_2017, extract


def _queued(partnership, name: str) -> Upload:
    return services.start_upload(
        dataset=services.police_dataset(partnership=partnership),
        uploaded_by=None,
        files=[(name, extract(name))],
        enqueue=False,
    )


def _as_a_worker_loads_it(upload: Upload) -> Upload:
    return Upload.objects.select_related("dataset__partnership").get(pk=upload.pk)


def _dataset_files(dataset: Dataset) -> list[str]:
    folder = aggregates.media_path(dataset.aggregate_path).parent
    return sorted(path.name for path in folder.iterdir())


def _hotspots(client, dataset_id: int) -> str:
    url = reverse(
        "analysis:dataset", kwargs={"slug": "central-bedfordshire", "dataset_id": dataset_id}
    )
    response = client.get(url)
    assert response.status_code == 200
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_a_worker_whose_claim_was_taken_over_leaves_the_newer_import_whole(
    partnership, client_as, cast, settings, django_capture_on_commit_callbacks
):
    """Worker A stalls past its claim; the sweep hands the upload to worker B, which
    finishes. When A wakes and carries on, it writes nothing and deletes nothing."""
    with django_capture_on_commit_callbacks(execute=True):
        assert services.run_import(upload_id=_queued(partnership, BEDS_2016).pk) == "done"
    upload = _queued(partnership, BEDS_2017)
    start = timezone.now()
    assert services.claim_upload(upload_id=upload.pk, now=start)  # worker A
    stale = _as_a_worker_loads_it(upload)
    later = start + timedelta(seconds=settings.IMPORT_CLAIM_SECONDS + 60)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.run_import(upload_id=upload.pk, now=later) == "done"  # worker B
    dataset = Dataset.objects.get()
    counts = sorted(MonthlyCount.objects.values_list("month", "category", "count"))
    files = _dataset_files(dataset)

    with pytest.raises(services.ClaimLost):
        services._import(stale)

    assert Dataset.objects.get().aggregate_path == dataset.aggregate_path
    assert aggregates.media_path(dataset.aggregate_path).exists()
    assert _dataset_files(dataset) == files == [dataset.aggregate_path.rsplit("/", 1)[1]]
    assert sorted(MonthlyCount.objects.values_list("month", "category", "count")) == counts
    stored = aggregates.read(aggregates.media_path(dataset.aggregate_path))
    assert int(stored["count"].sum()) == 141 + 142  # both months, each counted once
    finished = Upload.objects.get(pk=upload.pk)
    assert (finished.status, finished.attempts) == (Upload.Status.DONE, 2)
    assert aggregates.media_path(finished.counts_path).exists()
    text = _hotspots(client_as(cast["board_member"]), dataset.pk)
    assert "The busiest 10% of LSOAs" in text
    assert "Central Bedfordshire 030C" in text


def test_a_worker_that_loses_its_claim_just_before_saving_writes_nothing(partnership, settings):
    assert services.run_import(upload_id=_queued(partnership, BEDS_2016).pk) == "done"
    dataset = Dataset.objects.get()
    files = _dataset_files(dataset)
    upload = _queued(partnership, BEDS_2017)
    start = timezone.now()
    assert services.claim_upload(upload_id=upload.pk, now=start)
    stale = _as_a_worker_loads_it(upload)
    districts = list(partnership.districts.all())
    placed, warnings = services._read_police_files(stale, districts, report=True)
    later = start + timedelta(seconds=settings.IMPORT_CLAIM_SECONDS + 60)
    assert services.claim_upload(upload_id=upload.pk, now=later)  # another worker
    with pytest.raises(services.ClaimLost):
        services._persist(stale, [placed], districts, warnings)
    assert Dataset.objects.get().aggregate_path == dataset.aggregate_path
    assert _dataset_files(dataset) == files
    assert not aggregates.media_path(upload.files[0]["path"]).with_name("counts-1.parquet").exists()
    taken = Upload.objects.get(pk=upload.pk)
    assert (taken.status, taken.attempts, taken.progress) == (Upload.Status.RUNNING, 2, 1)
    assert sum(MonthlyCount.objects.values_list("count", flat=True)) == 141


def test_a_slow_import_that_reports_progress_keeps_its_claim(partnership, settings):
    upload = _queued(partnership, BEDS_2017)
    # The claim was taken long enough ago that, untouched, it would have expired.
    start = timezone.now() - timedelta(seconds=settings.IMPORT_CLAIM_SECONDS + 60)
    assert services.claim_upload(upload_id=upload.pk, now=start)
    working = _as_a_worker_loads_it(upload)
    districts = list(partnership.districts.all())
    placed, warnings = services._read_police_files(working, districts, report=True)

    now = timezone.now()
    assert Upload.objects.get(pk=upload.pk).claim_expires_at > now
    assert upload.pk not in services.stale_uploads(now)
    assert services.run_import(upload_id=upload.pk, now=now) == "not claimed"
    services._persist(working, [placed], districts, warnings)
    finished = Upload.objects.get(pk=upload.pk)
    assert (finished.status, finished.attempts) == (Upload.Status.DONE, 1)
    assert sum(MonthlyCount.objects.values_list("count", flat=True)) == 142


def test_each_import_leaves_one_counts_file_for_its_dataset(
    partnership, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.run_import(upload_id=_queued(partnership, BEDS_2016).pk)
    first = Dataset.objects.get().aggregate_path
    with django_capture_on_commit_callbacks(execute=True):
        services.run_import(upload_id=_queued(partnership, BEDS_2017).pk)
    dataset = Dataset.objects.get()
    assert dataset.aggregate_path != first
    assert _dataset_files(dataset) == [dataset.aggregate_path.rsplit("/", 1)[1]]


class _DatabaseBlip:
    """The database drops the first statement that writes the counts, then is back."""

    def __init__(self):
        self.dropped = 0

    def __call__(self, execute, sql, params, many, context):
        if "analysis_monthlycount" in sql and sql.lstrip().upper().startswith("INSERT"):
            if self.dropped < 1:
                self.dropped += 1
                raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)


def test_a_passing_database_fault_queues_the_upload_to_try_again(partnership):
    upload = _queued(partnership, BEDS_2017)
    blip = _DatabaseBlip()
    with connection.execute_wrapper(blip):
        assert services.run_import(upload_id=upload.pk) == "retry"
    assert blip.dropped == 1
    waiting = Upload.objects.get(pk=upload.pk)
    assert (waiting.status, waiting.attempts) == (Upload.Status.QUEUED, 1)
    assert waiting.progress_note == "Trying again after a fault"
    assert not MonthlyCount.objects.exists()
    assert not Dataset.objects.get().aggregate_path
    assert services.run_import(upload_id=upload.pk) == "done"
    finished = Upload.objects.get(pk=upload.pk)
    assert (finished.status, finished.attempts) == (Upload.Status.DONE, 2)
    assert sum(MonthlyCount.objects.values_list("count", flat=True)) == 142


def test_a_fault_that_keeps_coming_back_fails_the_upload_in_words(partnership):
    upload = _queued(partnership, BEDS_2017)

    def always_down(execute, sql, params, many, context):
        if "analysis_monthlycount" in sql and sql.lstrip().upper().startswith("INSERT"):
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(always_down):
        outcomes = [services.run_import(upload_id=upload.pk) for _ in range(4)]
    assert outcomes == ["retry"] * (queueing.MAX_ATTEMPTS - 1) + ["failed", "not claimed"]
    failed = Upload.objects.get(pk=upload.pk)
    assert failed.status == Upload.Status.FAILED
    assert failed.error.startswith("The import stopped because of a fault in the workbench")
    assert aggregates.media_path(failed.files[0]["path"]).exists()  # kept to try again
    assert not MonthlyCount.objects.exists()
