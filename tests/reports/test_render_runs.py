"""Render runs: requested, claimed by one worker, recorded with their hash and pages,
picked up again when a worker dies, and failures recorded in words."""

import hashlib
import shutil
import subprocess
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from csp_assessment.queueing import retry_if_asked
from cycles.services import create_cycle_from_template
from reports import services
from reports.models import RenderRun
from tests import workers

point_app_at = workers.point_app_at


@pytest.fixture
def report(partnership, cast):
    year = create_cycle_from_template(
        partnership=partnership, template_key="annual", start_year=2026
    ).years.get()
    report = services.create_report(year=year, authors="Sam Taylor")
    section = report.sections.get(key="victims")
    services.save_section(
        section=section,
        narrative="## Repeat victims\n\n| Group | Count |\n|---|---|\n| Under 25 | 12 |",
    )
    return report


def _run(report):
    version = report.runs.count() + 1
    return RenderRun.objects.create(report=report, requested_at=timezone.now(), version=version)


def test_a_report_starts_with_seed_002s_sections(report):
    keys = list(report.sections.values_list("key", flat=True))
    assert (
        keys[0] == "executive-summary" and "offenders" in keys and keys[-1] == "appendix-compliance"
    )


def test_a_render_stores_the_pdf_with_its_hash_pages_and_size(report, media, tmp_path):
    run = _run(report)
    assert services.run_render(run_id=run.pk) == "done"
    run.refresh_from_db()
    content = run.pdf.read()
    assert run.status == RenderRun.Status.DONE and run.progress == 100
    assert run.sha256 == hashlib.sha256(content).hexdigest()
    assert run.size == len(content) and run.pages >= 16  # title, contents, 14 sections
    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext is missing: scripts/services.sh installs poppler-utils")
    path = tmp_path / "r.pdf"
    path.write_bytes(content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert "Page 2 of" in text and "Under 25" in text and "OFFICIAL" in text
    assert "This section has not been written yet." in text
    # The fonts come from static/vendor/dejavu and are embedded, whatever the machine has.
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    embedded = [line for line in fonts.splitlines() if "DejaVu" in line]
    assert embedded and all(" yes " in line for line in embedded)


def test_each_state_carries_its_own_mark(report):
    """Drafts carry DRAFT; the final version the board's proposal mark instead; the
    agreed assessment neither, and it cites the board's decision."""
    draft = services.build_html(report, version=2)
    final = services.build_html(report, state="final", version=3)
    agreed = services.build_html(report, state="agreed", version=4)
    assert 'class="watermark"' in draft and "Version 2, draft," in draft
    assert "proposes priorities" not in draft
    assert 'class="watermark"' not in final and "Version 3, final version for the board," in final
    assert "Final version for the board: proposes priorities" in final
    assert 'class="watermark"' not in agreed and "Version 4, agreed assessment," in agreed
    assert "proposes priorities" not in agreed and "DRAFT" not in agreed
    assert "The board's decision" in agreed and "No decision of the board" in agreed


def test_only_one_worker_claims_a_run(report):
    run = _run(report)
    now = timezone.now()
    assert services.claim_run(run_id=run.pk, now=now)
    assert not services.claim_run(run_id=run.pk, now=now)


def test_a_run_whose_worker_died_is_claimed_again_after_its_claim_expires(report):
    run = _run(report)
    now = timezone.now()
    services.claim_run(run_id=run.pk, now=now)
    assert not services.claim_run(run_id=run.pk, now=now + timedelta(minutes=5))
    assert services.claim_run(run_id=run.pk, now=now + timedelta(minutes=11))
    run.refresh_from_db()
    assert run.attempts == 2


def test_rendering_a_finished_run_again_does_nothing(report, media):
    run = _run(report)
    services.run_render(run_id=run.pk)
    first = RenderRun.objects.get(pk=run.pk).sha256
    assert services.run_render(run_id=run.pk) == "not claimed"
    assert RenderRun.objects.get(pk=run.pk).sha256 == first


def test_a_failure_is_recorded_in_words(report, settings, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the media folder should be")
    settings.MEDIA_ROOT = blocker
    run = _run(report)
    assert services.run_render(run_id=run.pk) == "failed"
    run.refresh_from_db()
    assert run.status == RenderRun.Status.FAILED
    assert run.error.startswith("The PDF could not be made:")
    assert "Traceback" not in run.error


def test_a_render_that_asks_for_a_retry_is_sent_again_later_each_time():
    class Retry(Exception):
        pass

    def task(retries: int):
        return SimpleNamespace(
            request=SimpleNamespace(retries=retries), retry=lambda countdown: Retry(countdown)
        )

    assert retry_if_asked(task(0), "done") == "done"
    with pytest.raises(Retry) as first:
        retry_if_asked(task(0), "retry")
    with pytest.raises(Retry) as third:
        retry_if_asked(task(2), "retry")
    assert (first.value.args, third.value.args) == ((5,), (15,))


def test_requesting_a_render_queues_it_after_commit(
    report, media, cast, membership_of, django_capture_on_commit_callbacks
):
    from csp_assessment.celery import app

    app.conf.task_always_eager = True
    try:
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            run = services.request_render(
                report=report, by=membership_of(cast["analyst"], report.year.cycle.partnership)
            )
    finally:
        app.conf.task_always_eager = False
    assert len(callbacks) == 1
    run.refresh_from_db()
    assert run.status == RenderRun.Status.DONE


def test_the_running_header_and_footer_print_words_as_written(report, media, tmp_path):
    """Issue 11, item 5: CSS strings, not JavaScript escapes or HTML entities."""
    partnership = report.year.cycle.partnership
    partnership.name = 'Bedford & Kempston CSP "North" \\ $5'
    partnership.save()
    services.update_report(
        report=report, title=report.title, authors="", marking="OFFICIAL-SENSITIVE"
    )
    run = _run(report)
    assert services.run_render(run_id=run.pk) == "done", RenderRun.objects.get(pk=run.pk).error
    run.refresh_from_db()
    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext is missing: scripts/services.sh installs poppler-utils")
    path = tmp_path / "r.pdf"
    path.write_bytes(run.pdf.read())
    page_two = subprocess.run(
        ["pdftotext", "-f", "2", "-l", "2", str(path), "-"], capture_output=True, text=True
    ).stdout
    assert 'Bedford & Kempston CSP "North" \\ $5' in page_two
    assert "OFFICIAL-SENSITIVE" in page_two
    assert "u002D" not in page_two and "u0026" not in page_two and "&amp;" not in page_two


def test_a_render_whose_claim_expired_cannot_overwrite_the_newer_result(report, media, monkeypatch):
    """Issue 11, 6d: worker A stalls past its claim; worker B takes the run over and
    finishes; A's late result is thrown away, not written over B's."""
    from reports import renderer, sectioned

    run = _run(report)
    start = timezone.now()
    outcomes, calls = [], []

    def slow_then_late(parts, *, title, language="en-GB"):
        calls.append(title)
        if len(calls) == 1:  # worker A, mid-render: its claim expires and B runs it all
            outcomes.append(services.run_render(run_id=run.pk, now=start + timedelta(hours=1)))
            return renderer.RenderedPdf(content=b"%PDF-1.4 from A", pages=1)
        return renderer.RenderedPdf(content=b"%PDF-1.4 from B", pages=1)

    monkeypatch.setattr(sectioned, "render_report", slow_then_late)
    assert services.run_render(run_id=run.pk, now=start) == "superseded"
    assert outcomes == ["done"]
    run.refresh_from_db()
    assert run.status == RenderRun.Status.DONE and run.attempts == 2
    assert run.pdf.read() == b"%PDF-1.4 from B"
    assert run.sha256 == hashlib.sha256(b"%PDF-1.4 from B").hexdigest()
    assert len(list((media / "reports").rglob("*.pdf"))) == 1  # A kept nothing


def test_a_render_asked_for_while_the_broker_is_down_waits_for_the_sweep(
    report, django_capture_on_commit_callbacks, point_app_at
):
    """Issue 11, 6a: the run is saved as queued and the request answers at once; the
    one-minute sweep sends it when the broker is back (stale_runs finds it)."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        nowhere = f"redis://127.0.0.1:{probe.getsockname()[1]}/0"
    point_app_at(nowhere, {"socket_connect_timeout": 1})
    with django_capture_on_commit_callbacks(execute=True):
        run = services.request_render(report=report, by=None)
    run.refresh_from_db()
    assert run.status == RenderRun.Status.QUEUED
    assert run.pk in services.stale_runs(timezone.now() + timedelta(minutes=10))
