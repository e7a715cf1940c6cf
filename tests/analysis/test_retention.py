"""Retention in analysis: an expired upload's files are deleted, the record of its
import and its counts kept; an upload still needing its files keeps them."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.urls import reverse

from analysis.aggregates import media_path
from analysis.models import MonthlyCount, Upload
from partnerships.models import Keep
from partnerships.retention import run_retention

from .conftest import BEDS_2016, extract

SLUG = "central-bedfordshire"
# 00:30 on 31 July 2026 in London (summer time) is still 30 July in UTC.
JUST_AFTER_MIDNIGHT = datetime(2026, 7, 31, 0, 30, tzinfo=ZoneInfo("Europe/London"))


def _keep_files(partnership, months=3):
    partnership.files_kept, partnership.files_months = Keep.MONTHS, months
    partnership.save()


def test_expired_upload_files_are_deleted_and_the_import_kept(
    client_as, cast, partnership, import_files, django_capture_on_commit_callbacks
):
    _keep_files(partnership)
    upload = import_files([(BEDS_2016, extract(BEDS_2016))], by=cast["analyst"])
    assert upload.status == Upload.Status.DONE and upload.counts_path
    stored = media_path(upload.files[0]["path"])
    assert stored.exists()
    counts = MonthlyCount.objects.filter(dataset=upload.dataset).count()
    made = upload.created_at.date()

    assert run_retention(partnership=partnership, today=made).done == []
    later = date(made.year + 1, made.month, 1)
    with django_capture_on_commit_callbacks(execute=True):
        run = run_retention(partnership=partnership, today=later)

    assert run.done == [{"what": "data upload files deleted", "count": 1, "by": "analysis"}]
    assert not stored.exists()
    upload.refresh_from_db()
    assert upload.files_deleted_on == later and upload.status == Upload.Status.DONE
    assert MonthlyCount.objects.filter(dataset=upload.dataset).count() == counts
    assert media_path(upload.counts_path).exists()
    page = client_as(cast["analyst"]).get(reverse("analysis:upload_detail", args=[SLUG, upload.pk]))
    assert "File deleted under the retention policy on" in page.content.decode()
    assert run_retention(partnership=partnership, today=date(later.year, later.month, 2)).done == []


def test_an_upload_waiting_for_its_months_keeps_its_files(partnership, import_files):
    _keep_files(partnership)
    upload = import_files([(BEDS_2016, extract(BEDS_2016))])
    Upload.objects.filter(pk=upload.pk).update(status=Upload.Status.HELD)
    made = upload.created_at.date()
    run = run_retention(partnership=partnership, today=date(made.year + 2, 1, 1))
    assert run.done == []
    assert media_path(upload.files[0]["path"]).exists()


def test_another_partnerships_uploads_are_untouched(
    partnership, other_partnership, import_files, cast
):
    _keep_files(partnership)
    _keep_files(other_partnership)
    theirs = import_files([(BEDS_2016, extract(BEDS_2016))], to=other_partnership)
    made = theirs.created_at.date()
    run_retention(partnership=partnership, today=date(made.year + 2, 1, 1))
    theirs.refresh_from_db()
    assert theirs.files_deleted_on is None
    assert media_path(theirs.files[0]["path"]).exists()


def test_an_upload_keeps_its_files_to_the_last_day_of_its_london_date(
    partnership, import_files, cast
):
    _keep_files(partnership, months=12)
    upload = import_files([(BEDS_2016, extract(BEDS_2016))], by=cast["analyst"])
    Upload.objects.filter(pk=upload.pk).update(created_at=JUST_AFTER_MIDNIGHT)
    assert run_retention(partnership=partnership, today=date(2027, 7, 31)).done == []
    upload.refresh_from_db()
    assert upload.files_deleted_on is None
    run = run_retention(partnership=partnership, today=date(2027, 8, 1))
    assert run.done == [{"what": "data upload files deleted", "count": 1, "by": "analysis"}]
