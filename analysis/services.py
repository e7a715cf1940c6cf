"""Every write in analysis: starting an upload, running its import, and the demo data."""

import logging
import os
import shutil
import time
import uuid
from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from pathlib import Path

import pandas as pd
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import InterfaceError, OperationalError, connection, transaction
from django.utils import timezone
from django.utils.text import get_valid_filename

from csp_assessment import queueing, stored_files
from csp_assessment.dates import day
from csp_assessment.plurals import counted
from cycles.models import Issue
from partnerships.models import District, Membership, Partnership

from . import aggregates, partner_files, police_files, rules
from .aggregates import media_path
from .models import Dataset, IssueCrimeTypes, Lsoa, MonthlyCount, Upload
from .police_files import RefusedFile, SourceFile
from .selectors import known_lsoas

logger = logging.getLogger(__name__)

PROGRESS_EVERY_SECONDS = 0.5


class ClaimLost(Exception):
    """This worker's claim expired and another worker holds the upload now."""


POLICE_DATASET_NAME = "Police recorded crime and anti-social behaviour"
FAULT_MESSAGE = (
    "The import stopped because of a fault in the workbench, not in your files. Nothing "
    "was changed. Try again; if it happens again, tell your administrator (upload {pk})."
)


def max_upload_bytes() -> int:
    return getattr(settings, "ANALYSIS_MAX_UPLOAD_BYTES", 200 * 1024 * 1024)


def police_dataset(*, partnership: Partnership) -> Dataset:
    dataset, _ = Dataset.objects.get_or_create(
        partnership=partnership,
        kind=Dataset.Kind.POLICE_STREET,
        defaults={"name": POLICE_DATASET_NAME},
    )
    return dataset


def partner_dataset(*, partnership: Partnership, name: str) -> Dataset:
    name = " ".join(name.split())
    dataset = Dataset.objects.filter(partnership=partnership, name__iexact=name).first()
    if dataset is not None and dataset.is_police:
        raise ValidationError({"dataset_name": "That name belongs to the police dataset."})
    return dataset or Dataset.objects.create(
        partnership=partnership, kind=Dataset.Kind.PARTNER, name=name
    )


def _store(folder: str, index: int, name: str, content: bytes | UploadedFile) -> dict:
    relative = f"{folder}/{index:03d}-{get_valid_filename(Path(name).name) or 'upload'}"
    target = media_path(relative)
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "wb") as out:
        if isinstance(content, bytes):
            out.write(content)
        else:
            for chunk in content.chunks():
                out.write(chunk)
    return {"name": name, "path": relative, "size": target.stat().st_size}


def start_upload(
    *,
    dataset: Dataset,
    uploaded_by: Membership | None,
    files: Iterable[tuple[str, bytes | UploadedFile]],
    column_mapping: dict | None = None,
    enqueue: bool = True,
) -> Upload:
    """Keep the files under MEDIA_ROOT and queue their import once this commits. If
    the upload is not committed, its files are removed.

    `enqueue=False` is for callers that run the import themselves (the demo loader)."""
    from .tasks import run_import

    with stored_files.kept_only_if_committed() as written:
        upload = Upload.objects.create(
            dataset=dataset, uploaded_by=uploaded_by, column_mapping=column_mapping or {}
        )
        folder = f"analysis/{dataset.partnership.slug}/uploads/{upload.pk}"
        written.append(media_path(folder))
        upload.files = [_store(folder, i, n, content) for i, (n, content) in enumerate(files)]
        upload.save(update_fields=["files"])
        if enqueue:
            queueing.send_after_commit(run_import, upload.pk)
    return upload


def _held(upload: Upload):
    """The upload, only while this worker's claim is the current one."""
    return UPLOADS.held(upload.pk, upload.attempts)


def _renew(upload: Upload, **also) -> None:
    """Write `also` and push this worker's claim forward, so a slow but live import is
    not taken over; or raise ClaimLost, writing nothing, when another worker holds the
    upload now. Inside a transaction the update also keeps the row from being claimed
    until it ends."""
    values = {"claim_expires_at": timezone.now() + UPLOADS.claim_for(), **also}
    if not _held(upload).update(**values):
        raise ClaimLost()


def _progress(upload: Upload, percent: int, note: str) -> None:
    # Outside the import's transaction, so the progress page sees it straight away.
    _renew(upload, progress=percent, progress_note=note)


def _fail(upload: Upload, message: str, *, remove_files: bool) -> None:
    if not UPLOADS.fail(upload.pk, upload.attempts, message):
        return  # another worker holds the upload now: its files are still needed
    if remove_files and upload.files:
        # A refused upload changes nothing, including what is kept on disk.
        shutil.rmtree(media_path(upload.files[0]["path"]).parent, ignore_errors=True)


def import_claim_seconds() -> int:
    return settings.IMPORT_CLAIM_SECONDS


UPLOADS = queueing.Claims(
    Upload,
    working=Upload.Status.RUNNING,
    claim_for=lambda: timedelta(seconds=import_claim_seconds()),
    queued_since="created_at",
)


def claim_upload(*, upload_id: int, now: datetime) -> bool:
    """Take the upload for this worker (`queueing.Claims`): two workers never both win."""
    claim = UPLOADS.claim(
        upload_id, now, started_at=now, progress=1, progress_note="Reading the files"
    )
    return claim is not None


def stale_uploads(now: datetime) -> list[int]:
    return UPLOADS.stale(now)


# A database fault that passes (a dropped connection, a lock that timed out): the upload
# is queued again, a little later each time, as a render is (queueing.retry_if_asked).
PASSING_FAULTS = (OperationalError, InterfaceError)


def run_import(*, upload_id: int, now: datetime | None = None) -> str:
    """Import an upload's files if this worker can claim it. Returns what happened:
    "done", "held" (its months need checking), "refused", "failed", "retry" (a passing
    database fault: the upload is queued again), "superseded" (this worker's claim was
    taken over) or "not claimed" (a redelivered task: nothing to do)."""
    if not claim_upload(upload_id=upload_id, now=now or timezone.now()):
        return "not claimed"
    upload = Upload.objects.select_related("dataset__partnership").get(pk=upload_id)
    try:
        return _import(upload)
    except ClaimLost:
        logger.warning("Upload %s was taken over by another worker; this one stops", upload_id)
        return "superseded"
    except RefusedFile as refusal:
        _fail(upload, refusal.message, remove_files=True)
        return "refused"
    except PASSING_FAULTS as fault:
        if upload.attempts < queueing.MAX_ATTEMPTS and _queue_again(upload, fault):
            return "retry"
        logger.exception("Import of upload %s failed", upload_id)
        _fail(upload, FAULT_MESSAGE.format(pk=upload_id), remove_files=False)
        return "failed"
    except Exception:
        logger.exception("Import of upload %s failed", upload_id)
        _fail(upload, FAULT_MESSAGE.format(pk=upload_id), remove_files=False)
        return "failed"


def _queue_again(upload: Upload, fault: Exception) -> bool:
    """Queue the upload for another attempt, if this worker still holds it."""
    logger.warning("Import of upload %s met a passing fault; trying again: %s", upload.pk, fault)
    if not connection.in_atomic_block:
        connection.close_if_unusable_or_obsolete()  # a dropped connection: open another
    return bool(
        _held(upload).update(
            status=Upload.Status.QUEUED,
            claim_expires_at=None,
            progress=0,
            progress_note="Trying again after a fault",
        )
    )


def _districts(partnership: Partnership) -> list[District]:
    districts = list(partnership.districts.all())
    if not districts:
        raise RefusedFile(
            f"{partnership.name} has no districts set up, so no row can be placed in its "
            "area. An admin adds them on the partnership page."
        )
    return districts


def _known_lsoas(partnership: Partnership, codes: Iterable[str]) -> dict[str, str]:
    """Code to authority from the reference lookup and this partnership's own learned
    rows, never another partnership's. Reference rows win where both have a code."""
    return {code: row[1] for code, row in known_lsoas(partnership, codes).items()}


def _sources(upload: Upload) -> list[police_files.PendingFile]:
    """Every file of the upload, checked and counted, none read yet: the import reads
    them one at a time, and the budget bounds what they may unpack to in all."""
    budget = police_files.Budget(max_bytes=max_upload_bytes())
    pending = []
    for stored in upload.files:
        pending += police_files.plan_files(stored["name"], media_path(stored["path"]), budget)
    return pending


def _import(upload: Upload) -> str:
    partnership = upload.dataset.partnership
    districts = _districts(partnership)
    warnings: list[dict] = []
    if upload.dataset.is_police:
        placed, warnings = _read_police_files(upload, districts, report=True)
        if warnings and upload.months_confirmed_at is None:
            _hold(upload, warnings)
            return "held"
    else:
        placed = _read_partner_file(upload, districts)
    _progress(upload, 90, "Saving the counts")
    _persist(upload, [placed], districts, warnings)
    return "done"


def _hold(upload: Upload, warnings: list[dict]) -> None:
    """Stop before counting anything: the rows' months are not what the file names
    say, and only the analyst can tell a renamed file from a wrong one."""
    held = _held(upload).update(
        status=Upload.Status.HELD,
        month_warnings=warnings,
        claim_expires_at=None,
        progress=0,
        progress_note="",
        finished_at=timezone.now(),
    )
    if not held:
        raise ClaimLost()


@transaction.atomic
def confirm_upload_months(*, upload: Upload, confirmed_by: Membership) -> Upload:
    """The analyst has seen which months a held upload's rows hold: import it under
    those months. A conditional update, so confirming twice queues one import."""
    from .tasks import run_import

    confirmed = Upload.objects.filter(pk=upload.pk, status=Upload.Status.HELD).update(
        status=Upload.Status.QUEUED,
        months_confirmed_by=confirmed_by,
        months_confirmed_at=timezone.now(),
        finished_at=None,
    )
    if not confirmed:
        raise ValidationError("This upload is no longer waiting for its months to be checked.")
    queueing.send_after_commit(run_import, upload.pk)
    upload.refresh_from_db()
    return upload


def upload_counts(upload: Upload, districts: list[District]) -> pd.DataFrame:
    """An imported upload's own counts: kept since it was imported, or for an upload
    imported before they were kept, counted again from its stored files."""
    if upload.counts_path and media_path(upload.counts_path).exists():
        return aggregates.read(media_path(upload.counts_path))
    if not all(media_path(stored["path"]).exists() for stored in upload.files):
        raise RefusedFile(f"the files of the upload of {day(upload.created_at)} are gone")
    if upload.dataset.is_police:
        placed, _warnings = _read_police_files(upload, districts, report=False)
    else:
        placed = _read_partner_file(upload, districts)
    return aggregates.normalise(placed.aggregate)


def _outside_the_area(partnership: Partnership, districts, name: str, rows: int, forces) -> str:
    area_names = ", ".join(d.name for d in districts)
    return (
        f"None of the {rows:,} rows in {name} falls in {partnership.name}'s area "
        f"({area_names}). The file covers {', '.join(sorted(forces)) or 'an unnamed source'}. "
        "Upload the files of the force or partner that covers this area."
    )


def _read_police_files(
    upload: Upload, districts, *, report: bool
) -> tuple[aggregates.Placed, list[dict]]:
    """Check every file, then place and count all of their rows together, once. An
    import reports its progress (`report`), which also keeps its claim; counting an
    imported upload's files again for a rebuild does not."""
    sources = _sources(upload)
    tables, forces_by_file, warnings = [], [], []
    seen: dict[tuple[str, str], str] = {}
    last_reported = time.monotonic()
    for index, pending in enumerate(sources, start=1):
        # One file's bytes at a time; only its parsed columns are kept.
        table = police_files.read_street_file(SourceFile(pending.name, pending.read()))
        months = police_files.distinct(table, "Month")
        forces = police_files.distinct(table, "Falls within")
        for key in ((m, f) for m in months for f in forces):
            if key in seen:
                raise RefusedFile(
                    f"{seen[key]} and {pending.name} both hold {key[1]} for {key[0]}. "
                    "Upload one file for each force and month."
                )
            seen[key] = pending.name
        tables.append(table)
        forces_by_file.append(forces)
        warning = police_files.month_warning(pending.name, table)
        if warning:
            warnings.append(warning)
        # Each report is a committed write: at most a few a second, however many files.
        if report and time.monotonic() - last_reported >= PROGRESS_EVERY_SECONDS:
            _progress(
                upload,
                5 + int(70 * index / len(sources)),
                f"Read {index} of {counted(len(sources), 'file')}",
            )
            last_reported = time.monotonic()
    if report:
        _progress(upload, 80, "Placing the rows in the partnership's districts")
    placed = aggregates.place_and_count(
        tables,
        known_lsoas=_known_lsoas(
            upload.dataset.partnership, aggregates.nameless_lsoa_codes(tables)
        ),
        district_codes={aggregates.area_key(d.name): d.code for d in districts},
    )
    for source, table, forces, in_area in zip(
        sources, tables, forces_by_file, placed.in_area_by_file, strict=True
    ):
        if in_area == 0:
            raise RefusedFile(
                _outside_the_area(
                    upload.dataset.partnership, districts, source.name, table.num_rows, forces
                )
            )
    return placed, warnings


def _read_partner_file(upload: Upload, districts) -> aggregates.Placed:
    stored = upload.files[0]
    source = SourceFile(stored["name"], media_path(stored["path"]).read_bytes())
    frame = partner_files.read_partner_file(source, upload.column_mapping)
    codes = frame["area"][frame["area"].str.match(partner_files.LSOA_CODE)]
    placed = partner_files.place_and_count(
        frame,
        known_lsoas=_known_lsoas(upload.dataset.partnership, codes.unique()),
        districts=districts,
        source=upload.dataset.name,
    )
    if placed.rows_in_area == 0:
        partnership = upload.dataset.partnership
        raise RefusedFile(
            f"None of the {placed.rows_read:,} rows in {source.name} falls in "
            f"{partnership.name}'s area ({', '.join(d.name for d in districts)}). "
            "Check the area column."
        )
    return placed


def _persist(
    upload: Upload, placed_files: list[aggregates.Placed], districts, warnings: list[dict]
) -> None:
    new = aggregates.normalise(pd.concat([p.aggregate for p in placed_files], ignore_index=True))
    district_ids = {d.code: d.pk for d in districts}
    folder = f"analysis/{upload.dataset.partnership.slug}"
    own_relative = f"{folder}/uploads/{upload.pk}/counts-{upload.attempts}.parquet"
    # Named for this attempt alone, as removals._rebuild names its files: no other
    # worker ever writes this name, so undoing ours never touches theirs.
    relative = (
        f"{folder}/datasets/{upload.dataset_id}/"
        f"counts-{upload.pk}-a{upload.attempts}-{uuid.uuid4().hex[:8]}.parquet"
    )
    written: list[Path] = []
    committing = False
    try:
        with transaction.atomic():
            # Imports into one dataset take turns: each merges into the file the last
            # one wrote. (SQLite serialises writers anyway; PostgreSQL needs the lock.)
            dataset = Dataset.objects.select_for_update().get(pk=upload.dataset_id)
            # Before writing anything: a worker whose claim was taken over stops here.
            # The update keeps the row from being claimed until this commits.
            _renew(upload)
            written.append(media_path(own_relative))
            aggregates.write(new, written[-1])
            old_relative = dataset.aggregate_path
            existing = aggregates.read(media_path(old_relative) if old_relative else None)
            merged, replaced = aggregates.merge(existing, new)
            written.append(media_path(relative))
            aggregates.write(merged, written[-1])
            dataset.aggregate_path = relative
            dataset.save(update_fields=["aggregate_path", "updated_at"])
            touched = sorted(new["month"].unique())
            replace_monthly_counts(
                dataset, merged[merged["month"].isin(touched)], touched, district_ids
            )
            _learn_lsoas(dataset.partnership, placed_files)
            outside = Counter()
            for placed in placed_files:
                outside.update(placed.outside)
            _renew(
                upload,
                status=Upload.Status.DONE,
                claim_expires_at=None,
                progress=100,
                progress_note="Finished",
                finished_at=timezone.now(),
                rows_read=sum(p.rows_read for p in placed_files),
                rows_in_area=sum(p.rows_in_area for p in placed_files),
                rows_outside=sum(p.rows_outside for p in placed_files),
                rows_no_location=sum(p.rows_no_location for p in placed_files),
                months=sorted(set().union(*(p.months for p in placed_files))),
                forces=sorted(set().union(*(p.sources for p in placed_files))),
                categories=sorted(set().union(*(p.categories for p in placed_files))),
                outside_areas=dict(outside.most_common()),
                replaced_months=replaced,
                month_warnings=warnings,
                counts_path=own_relative,
            )
            if old_relative:
                # The superseded file, once nothing names it.
                unlink_after_commit(old_relative)
            committing = True
    except BaseException:
        # Only what this attempt wrote, and not once it may have committed: a file
        # left over is better than a dataset naming a file that is gone.
        if not committing:
            for path in written:
                path.unlink(missing_ok=True)
        raise


def unlink_after_commit(relative: str) -> None:
    """Delete a file under MEDIA_ROOT once the transaction that stops naming it commits
    (robust: a storage fault is logged, not raised after the commit)."""
    path = media_path(relative)
    transaction.on_commit(lambda: path.unlink(missing_ok=True), robust=True)


_as_date = rules.stored_month  # "2016-11" -> 1 November 2016


def replace_monthly_counts(dataset, rows: pd.DataFrame, months: list[str], district_ids) -> None:
    """The summary rows of `months`, made again from the dataset's counts for them."""
    MonthlyCount.objects.filter(dataset=dataset, month__in=[_as_date(m) for m in months]).delete()
    summed = rows.groupby(["month", "district", "category"], observed=True)["count"].sum()
    MonthlyCount.objects.bulk_create(
        [
            MonthlyCount(
                dataset=dataset,
                month=_as_date(month),
                district_id=district_ids[district],
                category=category,
                count=int(count),
            )
            for (month, district, category), count in summed.items()
        ],
        batch_size=500,
    )


def _learn_lsoas(partnership: Partnership, placed_files: list[aggregates.Placed]) -> None:
    """Keep what this partnership's files say of each LSOA, for this partnership only."""
    learned = {}
    for placed in placed_files:
        learned.update(placed.learned)
    Lsoa.objects.bulk_create(
        [
            Lsoa(
                partnership=partnership,
                code=code,
                name=name,
                authority=authority,
                authority_key=aggregates.area_key(authority),
            )
            for code, (name, authority) in sorted(learned.items())
        ],
        update_conflicts=True,
        unique_fields=["partnership", "code"],
        update_fields=["name", "authority", "authority_key"],
        batch_size=500,
    )


DEMO_FILES = ("2016-11-bedfordshire-street.csv", "2017-11-bedfordshire-street.csv")


def demo_data_folder() -> Path:
    default = Path(__file__).resolve().parent / "demo_data" / "police-uk"
    return Path(os.environ.get("POLICE_UK_DEMO_DIR", default))


@transaction.atomic
def load_demo_police_data(*, partnership: Partnership, folder: Path | None = None) -> Upload | None:
    """Import the real Bedfordshire extracts for the demo, once. Returns None when they
    are already there or the files are not on this machine."""
    folder = folder or demo_data_folder()
    dataset = police_dataset(partnership=partnership)
    wanted = {date(int(name[:4]), int(name[5:7]), 1) for name in DEMO_FILES}
    have = set(MonthlyCount.objects.filter(dataset=dataset).values_list("month", flat=True))
    if wanted <= have or not all((folder / name).exists() for name in DEMO_FILES):
        return None
    upload = start_upload(
        dataset=dataset,
        uploaded_by=None,
        files=[(name, (folder / name).read_bytes()) for name in DEMO_FILES],
        enqueue=False,
    )
    # No worker here to take a re-queued upload: a passing fault is tried again now.
    for _ in range(queueing.MAX_ATTEMPTS):
        if run_import(upload_id=upload.pk) != "retry":
            break
    upload.refresh_from_db()
    return upload


def set_issue_crime_types(*, issue: Issue, crime_types: Iterable[str]) -> IssueCrimeTypes | None:
    """Link a long-list issue to data.police.uk crime types; none removes the link."""
    chosen = sorted(set(crime_types))
    unknown = [c for c in chosen if c not in police_files.CRIME_TYPES]
    if unknown:
        raise ValidationError(
            {"crime_types": f"data.police.uk has no crime type called {unknown[0]!r}."}
        )
    if not chosen:
        IssueCrimeTypes.objects.filter(issue=issue).delete()
        return None
    link, _ = IssueCrimeTypes.objects.update_or_create(
        issue=issue, defaults={"crime_types": chosen}
    )
    return link
