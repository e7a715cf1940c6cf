"""Retention in priorities: an expired checklist evidence file is deleted, the item
keeps its rating and says when; a newer file and another partnership's stay."""

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partnerships.models import Keep
from partnerships.retention import run_retention
from priorities.models import ChecklistItem


def test_expired_evidence_files_are_deleted_and_the_item_kept(
    client_as, cast, partnership, run, tmp_path, settings, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    partnership.files_kept, partnership.files_months = Keep.MONTHS, 2
    partnership.save()
    item = run.items.first()
    item.evidence_file = SimpleUploadedFile("minutes.pdf", b"%PDF-1.4 minutes")
    item.rag = "green"
    item.save()
    stored = Path(tmp_path) / item.evidence_file.name
    assert stored.exists()
    made = item.updated_at.date()

    assert run_retention(partnership=partnership, today=made).done == []
    later = date(made.year + 1, made.month, 1)
    with django_capture_on_commit_callbacks(execute=True):
        run_ = run_retention(partnership=partnership, today=later)

    deleted = {"what": "checklist evidence files deleted", "count": 1, "by": "priorities"}
    assert run_.done == [deleted]
    assert not stored.exists()
    item.refresh_from_db()
    assert (item.evidence_file.name, item.evidence_deleted_on, item.rag) == ("", later, "green")
    assert item.history.first().history_change_reason == (
        "Evidence file deleted under the retention policy"
    )
    url = reverse("priorities:checklist_evidence", args=[partnership.slug, item.pk])
    assert client_as(cast["board_member"]).get(url).status_code == 404
    assert run_retention(partnership=partnership, today=date(later.year, later.month, 2)).done == []


def test_an_evidence_file_is_kept_to_the_last_day_of_its_london_date(
    partnership, run, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    partnership.files_kept, partnership.files_months = Keep.MONTHS, 12
    partnership.save()
    item = run.items.first()
    item.evidence_file = SimpleUploadedFile("minutes.pdf", b"%PDF-1.4 minutes")
    item.save()
    # 00:30 on 31 July 2026 in London (summer time) is still 30 July in UTC.
    ChecklistItem.objects.filter(pk=item.pk).update(
        updated_at=datetime(2026, 7, 31, 0, 30, tzinfo=ZoneInfo("Europe/London"))
    )
    assert run_retention(partnership=partnership, today=date(2027, 7, 31)).done == []
    item.refresh_from_db()
    assert item.evidence_deleted_on is None
    assert run_retention(partnership=partnership, today=date(2027, 8, 1)).done == [
        {"what": "checklist evidence files deleted", "count": 1, "by": "priorities"}
    ]


def test_a_new_file_after_one_expired_starts_its_own_time_and_replaces_the_old(
    partnership, run, tmp_path, settings, django_capture_on_commit_callbacks
):
    from priorities.services.checklists import update_checklist_item

    settings.MEDIA_ROOT = tmp_path
    partnership.files_kept, partnership.files_months = Keep.MONTHS, 2
    partnership.save()
    item = run.items.first()

    def upload(name):
        with django_capture_on_commit_callbacks(execute=True):
            return update_checklist_item(
                item=item,
                action="",
                development="",
                rag="green",
                status_key="",
                owner=None,
                due_on=None,
                evidence_file=SimpleUploadedFile(name, b"%PDF-1.4 " + name.encode()),
            )

    first = Path(tmp_path) / upload("first.pdf").evidence_file.name
    made = item.updated_at.date()
    with django_capture_on_commit_callbacks(execute=True):
        run_retention(partnership=partnership, today=date(made.year + 1, made.month, 1))
    assert not first.exists()

    item.refresh_from_db()
    second = upload("second.pdf")
    item.refresh_from_db()
    assert item.evidence_deleted_on is None  # the new file is kept, and will expire in turn
    kept = Path(tmp_path) / second.evidence_file.name
    third = upload("third.pdf")
    assert not kept.exists()  # the file it replaced is gone, not orphaned on disk
    assert (Path(tmp_path) / third.evidence_file.name).exists()
