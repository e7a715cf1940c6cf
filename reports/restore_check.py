"""Checks that a restored copy of the service works: every file the database names is
in the media folder (and every stored report PDF still has its recorded checksum), and
a report renders through the real PDF renderer. `manage.py verify_restore` runs them
after `scripts/backup.sh restore`; docs/operations.md ("Backups") says when."""

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models

from analysis.models import Dataset, Upload

from .models import RenderRun, Report

# A retention run deletes a file and stamps the row; the row then names a file that is
# rightly gone.
DELETED_STAMPS = ("file_deleted_on", "files_deleted_on")


@dataclass
class FileCheck:
    checked: int = 0
    missing: list[str] = field(default_factory=list)
    altered: list[str] = field(default_factory=list)


def _kept(row) -> bool:
    return not any(getattr(row, stamp, None) for stamp in DELETED_STAMPS)


def named_files() -> Iterator[str]:
    """Every path under MEDIA_ROOT that a row names: each model's file fields, and the
    analysis app's stored aggregates, counts and uploaded files."""
    for model in apps.get_models():
        names = [f.name for f in model._meta.get_fields() if isinstance(f, models.FileField)]
        for name in names:
            rows = model._default_manager.exclude(**{name: ""}).exclude(**{name: None})
            for row in rows.iterator():
                if _kept(row):
                    yield getattr(row, name).name
    yield from Dataset.objects.exclude(aggregate_path="").values_list("aggregate_path", flat=True)
    for upload in Upload.objects.only("files", "counts_path", "files_deleted_on").iterator():
        if upload.counts_path:
            yield upload.counts_path
        if _kept(upload):
            yield from (item["path"] for item in upload.files if item.get("path"))


def check_files() -> FileCheck:
    media = Path(settings.MEDIA_ROOT)
    result = FileCheck()
    for name in named_files():
        result.checked += 1
        if not (media / name).is_file():
            result.missing.append(name)
    recorded = RenderRun.objects.filter(status=RenderRun.Status.DONE).exclude(pdf="")
    for run in recorded.only("pdf", "sha256").iterator():
        path = media / run.pdf.name
        if path.is_file() and run.sha256:
            if hashlib.sha256(path.read_bytes()).hexdigest() != run.sha256:
                result.altered.append(run.pdf.name)
    return result


@dataclass
class RenderCheck:
    report: Report
    label: str
    pages: int
    content: bytes


def render_one(report_id: int | None = None) -> RenderCheck | None:
    """Render a report from the restored data: the one asked for, else the report of the
    latest finished render (as that version was made), else the newest report as a
    draft. None when the database holds no report."""
    from .renderer import render_pdf
    from .services import build_html

    runs = RenderRun.objects.filter(status=RenderRun.Status.DONE).select_related("report")
    if report_id is not None:
        runs = runs.filter(report_id=report_id)
    run = runs.order_by("-finished_at", "-pk").first()
    if run is not None:
        report = run.report
        html = build_html(report, state=run.state, version=run.version, as_of=run.requested_at)
        label = f"{report} ({run.label})"
    else:
        reports = Report.objects.all()
        if report_id is not None:
            reports = reports.filter(pk=report_id)
        report = reports.order_by("-pk").first()
        if report is None:
            return None
        html = build_html(report)
        label = f"{report} (a draft)"
    pdf = render_pdf(html, title=report.title)
    return RenderCheck(report=report, label=label, pages=pdf.pages, content=pdf.content)
