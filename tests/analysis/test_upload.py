"""The police upload form and view: what the form refuses before anything is stored, and
that an accepted upload queues exactly one import, after its transaction commits, and
that an upload whose commit fails leaves no file on disk."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection
from django.urls import reverse

from analysis import services
from analysis.models import Upload
from csp_assessment.celery import app
from tests.analysis.conftest import BEDS_2016, BEDS_2017, extract

URL = reverse("analysis:upload", kwargs={"slug": "central-bedfordshire"})
PARTNER_URL = reverse("analysis:partner_upload", kwargs={"slug": "central-bedfordshire"})


def _file(name, data=None, content_type="text/csv"):
    return SimpleUploadedFile(name, extract(name) if data is None else data, content_type)


def _refused(response, message):
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Upload.objects.exists()


def test_an_upload_over_the_size_limit_is_refused_before_it_is_stored(
    client_as, cast, settings, media_in_tmp
):
    settings.ANALYSIS_MAX_UPLOAD_BYTES = 50_000
    response = client_as(cast["analyst"]).post(URL, {"files": [_file(BEDS_2016)]})
    _refused(response, "The upload is 0.1 MB; the limit is 0 MB. Upload fewer months at a time.")
    assert not media_in_tmp.exists()


def test_the_limit_is_on_all_the_files_together(client_as, cast, settings):
    size = len(extract(BEDS_2016))
    settings.ANALYSIS_MAX_UPLOAD_BYTES = size + 1000  # one file fits; two do not
    client = client_as(cast["analyst"])
    _refused(client.post(URL, {"files": [_file(BEDS_2016), _file(BEDS_2017)]}), "the limit is")


@pytest.mark.parametrize("name", ["2017-11-bedfordshire-street.xlsx", "notes.txt", "street"])
def test_a_file_that_is_not_csv_or_zip_is_refused(client_as, cast, name):
    response = client_as(cast["analyst"]).post(URL, {"files": [_file(name, b"a,b\n1,2\n")]})
    _refused(response, f"{name} is not a CSV or zip file. data.police.uk files end in .csv.")


def test_an_upload_with_no_files_asks_for_them(client_as, cast):
    _refused(client_as(cast["analyst"]).post(URL, {}), "Choose street-level files.")


def test_an_empty_file_is_refused(client_as, cast):
    response = client_as(cast["analyst"]).post(URL, {"files": [_file(BEDS_2016, b"")]})
    _refused(response, "The file you chose is empty.")


def test_the_partner_form_takes_only_csv(client_as, cast):
    response = client_as(cast["analyst"]).post(
        PARTNER_URL,
        {
            "dataset_name": "Council ASB",
            "file": _file("asb.xlsx", b"x"),
            "date_column": "Date",
            "area_column": "LSOA",
        },
    )
    _refused(response, "asb.xlsx is not a CSV file.")


def test_a_valid_upload_queues_one_import_after_commit(
    client_as, cast, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client_as(cast["analyst"]).post(
            URL, {"files": [_file(BEDS_2016), _file(BEDS_2017)]}
        )
    upload = Upload.objects.get()
    assert response.status_code == 302
    assert response["Location"] == upload.get_absolute_url()
    assert [f["name"] for f in upload.files] == [BEDS_2016, BEDS_2017]
    # Nothing ran in the request: the import is queued for when the upload is committed.
    assert upload.status == Upload.Status.QUEUED
    assert len(callbacks) == 1

    saved = app.conf.task_always_eager
    app.conf.task_always_eager = True
    try:
        callbacks[0]()
    finally:
        app.conf.task_always_eager = saved
    upload.refresh_from_db()
    assert upload.status == Upload.Status.DONE, upload.error
    assert upload.rows_in_area == 283


def test_a_body_over_the_service_limit_is_stopped_as_it_streams(client_as, cast, settings):
    """Issue 11, 3d: the bytes are counted as they arrive; the rest is not kept."""
    from csp_assessment import uploads

    settings.UPLOAD_MAX_BYTES = 20_000
    received = []
    real = uploads.BoundedUpload.receive_data_chunk

    def counting(self, raw_data, start):
        received.append(len(raw_data))
        return real(self, raw_data, start)

    uploads.BoundedUpload.receive_data_chunk = counting
    try:
        response = client_as(cast["analyst"]).post(URL, {"files": [_file(BEDS_2016)]})
    finally:
        uploads.BoundedUpload.receive_data_chunk = real
    _refused(response, "The upload is larger than 19 KB, so it was not read.")
    # It stopped at the first chunk past the limit, not after the whole file.
    assert sum(received) < len(extract(BEDS_2016))


def _files_then_a_broken_commit(dataset):
    """The upload's files, read inside its transaction; on the way, the dataset row goes,
    so the new upload points at nothing and the deferred foreign key fails the commit."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM analysis_dataset WHERE id = %s", [dataset.pk])
    yield BEDS_2016, extract(BEDS_2016)


@pytest.mark.parametrize("kind", ["police", "partner"])
def test_an_upload_whose_commit_fails_leaves_no_file_behind(
    transactional_db, partnership, media_in_tmp, kind
):
    if kind == "police":
        dataset = services.police_dataset(partnership=partnership)
    else:
        dataset = services.partner_dataset(partnership=partnership, name="Fire incidents")
    with pytest.raises(IntegrityError):
        services.start_upload(
            dataset=dataset, uploaded_by=None, files=_files_then_a_broken_commit(dataset)
        )
    assert not Upload.objects.exists()
    assert [p for p in media_in_tmp.rglob("*") if p.is_file()] == []
