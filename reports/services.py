"""Every write for reports: creating a report with its sections, editing narrative,
requesting a render, and the render itself (claimed, recorded, never stuck)."""

import hashlib
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from cycles.models import CycleYear
from partnerships.models import Membership

from .models import RenderRun, Report, Section
from .narrative import narrative_html

CLAIM_FOR = timedelta(minutes=10)

# Seed 002's recommended structure for the full assessment, as sections to write.
FULL_SECTIONS = [
    ("executive-summary", "Executive summary"),
    ("introduction", "Introduction: the team, methodology and data sources"),
    ("context", "Context and the scanning exercise"),
    ("victims", "Victims"),
    ("offenders", "Offenders"),
    ("locations", "Locations"),
    ("priorities", "Priorities: how they were selected"),
    ("gaps", "Gaps in activity, provision and intelligence"),
    ("conclusion", "Conclusion and next steps"),
]


@transaction.atomic
def create_report(*, year: CycleYear, kind: str = Report.Kind.FULL, authors: str = "") -> Report:
    if Report.objects.filter(year=year, kind=kind).exists():
        raise ValidationError("This year already has a report of that kind.")
    partnership = year.cycle.partnership
    label = dict(Report.Kind.choices)[kind]
    report = Report.objects.create(
        year=year,
        kind=kind,
        title=f"{partnership.name}: {label.lower()} {year.label}",
        authors=authors,
    )
    Section.objects.bulk_create(
        Section(report=report, key=key, title=title, position=position)
        for position, (key, title) in enumerate(FULL_SECTIONS, start=1)
    )
    return report


def save_narrative(*, section: Section, narrative: str) -> Section:
    section.narrative = narrative
    section.save(update_fields=["narrative", "updated_at"])
    return section


@transaction.atomic
def request_render(*, report: Report, by: Membership | None, final: bool = False) -> RenderRun:
    """Record the request and queue the work once the request's transaction commits."""
    from .tasks import render_report

    run = RenderRun.objects.create(
        report=report, requested_by=by, requested_at=timezone.now(), final=final
    )
    transaction.on_commit(lambda: render_report.delay(run.pk))
    return run


def claim_run(*, run_id: int, now: datetime) -> bool:
    """Take the run for this worker: a queued run, or one whose last claim expired
    (its worker died). A conditional update, so two workers never both win."""
    claimable = Q(status=RenderRun.Status.QUEUED) | Q(
        status=RenderRun.Status.RENDERING, claim_expires_at__lt=now
    )
    run = RenderRun.objects.filter(claimable, pk=run_id).first()
    if run is None:
        return False
    return bool(
        RenderRun.objects.filter(claimable, pk=run_id, attempts=run.attempts).update(
            status=RenderRun.Status.RENDERING,
            claim_expires_at=now + CLAIM_FOR,
            attempts=run.attempts + 1,
            stage="Starting",
            progress=0,
            error="",
        )
    )


def _stage(run_id: int, stage: str, progress: int) -> None:
    RenderRun.objects.filter(pk=run_id).update(stage=stage, progress=progress)


def report_context(report: Report, *, final: bool) -> dict:
    """Plain values for the PDF template: nothing in it queries or decides."""
    partnership = report.year.cycle.partnership
    return {
        "title": report.title,
        "partnership": partnership.name,
        "period": report.year.label,
        "marking": report.protective_marking,
        "authors": report.authors,
        "final": final,
        "date": timezone.localdate(),
        "sections": [
            {"id": s.key, "title": s.title, "html": narrative_html(s.narrative)}
            for s in report.sections.all()
        ],
    }


def run_render(*, run_id: int, now: datetime | None = None) -> str:
    """Render the run's PDF if this worker can claim it. Returns what happened."""
    from .renderer import render_pdf

    now = now or timezone.now()
    if not claim_run(run_id=run_id, now=now):
        return "not claimed"
    run = RenderRun.objects.select_related("report__year__cycle__partnership").get(pk=run_id)
    try:
        _stage(run_id, "Gathering the content", 20)
        context = report_context(run.report, final=run.final)
        _stage(run_id, "Laying out the pages", 50)
        html = render_to_string("reports/pdf/report.html", context)
        pdf = render_pdf(html, title=run.report.title)
        _stage(run_id, "Saving the PDF", 90)
        digest = hashlib.sha256(pdf.content).hexdigest()
        run.pdf.save(
            f"{run.report.pk}-{run.pk}-{digest[:12]}.pdf", ContentFile(pdf.content), save=False
        )
        RenderRun.objects.filter(pk=run_id, status=RenderRun.Status.RENDERING).update(
            status=RenderRun.Status.DONE,
            pdf=run.pdf.name,
            sha256=digest,
            pages=pdf.pages,
            size=len(pdf.content),
            stage="Done",
            progress=100,
            finished_at=timezone.now(),
        )
    except Exception as error:  # noqa: BLE001 - any failure is recorded and shown, in words
        RenderRun.objects.filter(pk=run_id).update(
            status=RenderRun.Status.FAILED,
            stage="Failed",
            finished_at=timezone.now(),
            error=f"The PDF could not be made: {error}",
        )
        return "failed"
    return "done"
