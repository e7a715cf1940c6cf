"""Taking data back out of a dataset: undoing an upload, or removing a month. Each is
one transaction that rebuilds the counts of the months it touches and leaves a Removal
behind to say who did it, when, and what went.

The counts of a month are what the dataset's imports and removals, replayed in the
order they happened, leave for it: each import replaces the (month, force) pairs its
files cover (aggregates.merge), each removal of a month empties it. So undoing an
upload replays the others for its months, and the result is what importing the
remaining files afresh would have given.

Both take the dataset's row lock, the lock an import holds while it merges its counts
(services._persist), so an undo and an import never both write on the same file."""

import shutil
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pandas as pd
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from partnerships.models import Membership

from . import aggregates, services
from .aggregates import media_path
from .models import Dataset, MonthlyCount, Removal, Upload
from .police_files import RefusedFile


@dataclass(frozen=True)
class Preview:
    """What a removal would take away, for its confirmation page."""

    months: list[str]
    rows: int


def _month_key(month) -> str:
    return f"{month:%Y-%m}"


def _rows_in(dataset: Dataset, months: list[str]) -> int:
    wanted = [services._as_date(m) for m in months]
    total = MonthlyCount.objects.filter(dataset=dataset, month__in=wanted).aggregate(
        total=Sum("count")
    )["total"]
    return int(total or 0)


def preview_undo(upload: Upload) -> Preview:
    if upload.status != Upload.Status.DONE:
        return Preview([], 0)
    return Preview(list(upload.months), _rows_in(upload.dataset, list(upload.months)))


def preview_month(dataset: Dataset, month: str) -> Preview:
    return Preview([month], _rows_in(dataset, [month]))


def _replayed(dataset: Dataset, months: set[str], districts) -> pd.DataFrame:
    """The counts of `months` as the dataset's imported uploads and its month removals
    leave them, replayed in the order they happened."""
    events: list[tuple[datetime, int, object]] = []
    for upload in Upload.objects.filter(dataset=dataset, status=Upload.Status.DONE):
        if months & set(upload.months):
            events.append((upload.finished_at or upload.created_at, upload.pk, upload))
    wanted = [services._as_date(m) for m in months]
    for removal in Removal.objects.filter(
        dataset=dataset, kind=Removal.Kind.MONTH, month__in=wanted
    ):
        events.append((removal.removed_at, 0, removal))
    frame = aggregates.empty_frame()
    for _when, _order, event in sorted(events, key=lambda e: (e[0], e[1])):
        if isinstance(event, Removal):
            frame = frame[frame["month"] != _month_key(event.month)]
            continue
        try:
            own = services.upload_counts(event, districts)
        except RefusedFile as refusal:
            raise ValidationError(
                f"The months cannot be rebuilt: {refusal.message}. Nothing was changed."
            ) from refusal
        frame, _replaced = aggregates.merge(frame, own[own["month"].isin(sorted(months))])
    return frame.reset_index(drop=True)


def _rebuild(dataset: Dataset, months: set[str], *, name: str) -> None:
    """Write the dataset's counts with `months` rebuilt, and their summary rows."""
    districts = list(dataset.partnership.districts.all())
    current = aggregates.read(
        media_path(dataset.aggregate_path) if dataset.aggregate_path else None
    )
    kept = current[~current["month"].isin(sorted(months))]
    rebuilt = _replayed(dataset, months, districts)
    merged = pd.concat([kept, rebuilt], ignore_index=True).sort_values(
        ["month", "district", "lsoa", "category"], ignore_index=True
    )
    district_ids = {d.code: d.pk for d in districts}
    merged = merged[merged["district"].isin(district_ids)]
    relative = (
        f"analysis/{dataset.partnership.slug}/datasets/{dataset.pk}/"
        f"counts-{name}-{uuid.uuid4().hex[:8]}.parquet"
    )
    written = media_path(relative)
    try:
        aggregates.write(merged, written)
        old_relative = dataset.aggregate_path
        dataset.aggregate_path = relative
        dataset.save(update_fields=["aggregate_path", "updated_at"])
        touched = sorted(months)
        services.replace_monthly_counts(
            dataset, merged[merged["month"].isin(touched)], touched, district_ids
        )
    except Exception:
        written.unlink(missing_ok=True)
        raise
    if old_relative and old_relative != relative:
        services.unlink_after_commit(old_relative)


def _remove_files_after_commit(upload: Upload) -> None:
    if upload.files:
        folder = media_path(upload.files[0]["path"]).parent
        transaction.on_commit(lambda: _remove_folder(folder))


def _remove_folder(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


@transaction.atomic
def undo_upload(*, upload: Upload, removed_by: Membership, now: datetime | None = None) -> Removal:
    """Take an upload's rows out and rebuild the months it imported from the other
    uploads; or, for one not yet imported, stop it from being imported."""
    now = now or timezone.now()
    # The lock an import holds while it merges: an import finishing now either
    # finishes first (and is undone whole) or waits for this to commit.
    dataset = Dataset.objects.select_for_update().get(pk=upload.dataset_id)
    upload = Upload.objects.get(pk=upload.pk)
    waiting = Upload.objects.filter(
        pk=upload.pk, status__in=[Upload.Status.QUEUED, Upload.Status.HELD]
    )
    abandoned = Upload.objects.filter(
        pk=upload.pk, status=Upload.Status.RUNNING, claim_expires_at__lt=now
    )
    if upload.status == Upload.Status.DONE:
        # Conditional, so two people undoing at once undo it once.
        if not Upload.objects.filter(pk=upload.pk, status=Upload.Status.DONE).update(
            status=Upload.Status.UNDONE
        ):
            raise ValidationError("This upload has just been undone by someone else.")
        months = list(upload.months)
        _rebuild(dataset, set(months), name=f"undo-{upload.pk}")
        removal = Removal.objects.create(
            dataset=dataset,
            kind=Removal.Kind.UPLOAD,
            upload=upload,
            months=months,
            # Its own rows: what the months now hold may be more, when an earlier
            # upload's rows for them come back.
            rows_removed=upload.rows_in_area,
            removed_by=removed_by,
            removed_at=now,
        )
    elif waiting.update(status=Upload.Status.UNDONE) or abandoned.update(
        status=Upload.Status.UNDONE, claim_expires_at=None
    ):
        # Not imported: the worker's claim (conditional on the status) now fails.
        removal = Removal.objects.create(
            dataset=dataset,
            kind=Removal.Kind.UPLOAD,
            upload=upload,
            removed_by=removed_by,
            removed_at=now,
        )
    elif upload.status == Upload.Status.RUNNING:
        raise ValidationError(
            "This upload is being imported now. Undo it when the import has finished."
        )
    elif upload.status == Upload.Status.UNDONE:
        raise ValidationError("This upload has already been undone.")
    else:
        raise ValidationError("This upload was refused, so nothing was imported to undo.")
    _remove_files_after_commit(upload)
    return removal


@transaction.atomic
def remove_month(
    *, dataset: Dataset, month: str, removed_by: Membership, now: datetime | None = None
) -> Removal:
    """Take every row of one month out of a dataset. A later import of that month
    brings it back."""
    dataset = Dataset.objects.select_for_update().get(pk=dataset.pk)
    if not MonthlyCount.objects.filter(dataset=dataset, month=services._as_date(month)).exists():
        raise ValidationError(f"{dataset.name} has no data for {month} to remove.")
    removal = Removal.objects.create(
        dataset=dataset,
        kind=Removal.Kind.MONTH,
        month=services._as_date(month),
        months=[month],
        rows_removed=_rows_in(dataset, [month]),
        removed_by=removed_by,
        removed_at=now or timezone.now(),
    )
    _rebuild(dataset, {month}, name=f"remove-{month}")
    return removal
