"""What analysis keeps that expires: the files of police and partner data uploads.
The record of each import and the counts worked out from it stay, so pages, reports
and undoing another upload work as before. Registered with `csp_assessment.retention`
in `AnalysisConfig.ready`."""

from datetime import date
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from csp_assessment.retention import Deadlines, Done

from .aggregates import media_path
from .models import Upload

# An upload still being imported, or waiting for its months to be checked, needs its
# files; so does a done upload whose own counts were never kept (undoing another
# upload would count it again from them).
_FINISHED = (Upload.Status.DONE, Upload.Status.FAILED, Upload.Status.UNDONE)


def expire_uploads(partnership, deadlines: Deadlines, today: date) -> list[Done]:
    uploads = Upload.objects.select_for_update().filter(
        dataset__partnership=partnership, status__in=_FINISHED, files_deleted_on__isnull=True
    )
    deleted = 0
    for upload in uploads:
        if upload.status == Upload.Status.DONE and not upload.counts_path:
            continue
        if not deadlines.file_expired(timezone.localdate(upload.created_at), today):
            continue
        # Only the uploaded files: the upload's own counts share their folder and stay.
        paths = [media_path(stored["path"]) for stored in upload.files]
        transaction.on_commit(lambda paths=paths: _delete(paths), robust=True)
        upload.files_deleted_on = today
        upload.save(update_fields=["files_deleted_on"])
        deleted += 1
    return [Done("data upload files deleted", deleted)]


def _delete(paths: list[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)
