"""Report journeys in Chromium, axe-core on every page, with a real Celery worker
process making the PDFs: the analyst edits a section, watches the preview, asks for a
draft, watches its progress and downloads it; a board member comments on a section;
the final version renders without the DRAFT mark, before the board decides, and the
versions list shows the board decided on it."""

import re
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import expect

from cycles.models import Issue
from priorities.services.meetings import add_item, create_meeting, record_decision
from priorities.services.proposals import propose_priority
from reports import services
from reports.models import Comment, RenderRun, Report
from tests.e2e.conftest import assert_accessible, sign_in

SLUG = "central-bedfordshire"


@pytest.fixture
def report(year, cast):
    return services.create_report(year=year, kind=Report.Kind.FULL, authors="Sam Taylor")


def _pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def _download(page, link_name, tmp_path) -> Path:
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).first.click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    return target


def test_the_analyst_writes_a_section_makes_a_draft_and_downloads_it(
    page, cast, report, worker, tmp_path
):
    sign_in(page, cast["analyst"])
    page.get_by_role("link", name="Reports", exact=True).click()
    expect(page.get_by_role("heading", name="Reports", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=report.title).click()
    expect(page.get_by_role("heading", name=report.title)).to_be_visible()
    expect(page.get_by_test_id("missing-components")).to_contain_text("5 of the 5")
    assert_accessible(page)

    page.get_by_role("link", name="Victims", exact=True).click()
    expect(page.get_by_role("heading", name="Victims", level=1)).to_be_visible()
    editor = page.get_by_label("Narrative")
    editor.fill("")
    editor.press_sequentially("## Repeat victims\n\nA quarter of reports are **repeat** victims.")
    # The preview follows the typing, as it will print, without saving.
    preview = page.get_by_test_id("preview")
    expect(preview.get_by_role("heading", name="Repeat victims")).to_be_visible()
    expect(preview.locator("strong", has_text="repeat")).to_be_visible()
    assert not report.sections.get(key="victims").narrative
    page.get_by_label("Why those changes happened").check()
    assert_accessible(page)
    page.get_by_role("button", name="Save the section").click()
    expect(page.get_by_text("Victims saved.")).to_be_visible()
    section = report.sections.get(key="victims")
    assert "repeat" in section.narrative and section.components == ["why"]

    page.get_by_role("link", name=f"Full strategic assessment {report.year.label}").click()
    page.get_by_role("button", name="Make a draft").click()
    expect(page.get_by_text("Version 1 is queued.")).to_be_visible()
    status = page.get_by_test_id("run-status")
    expect(status).to_be_visible()
    assert_accessible(page)
    # The panel polls while the worker renders, then offers the download.
    expect(status).to_contain_text("Version 1 is ready.", timeout=60_000)
    pdf = _download(page, re.compile("Download version 1"), tmp_path)
    assert pdf.name == f"{SLUG}-full-2026-27-v1-draft.pdf"
    text = _pdf_text(pdf)
    assert "DRAFT" in text and "Repeat victims" in text and "Page 1 of" in text
    run = RenderRun.objects.get()
    assert run.status == "done" and run.requested_by.user == cast["analyst"]
    page.reload()
    versions = page.get_by_test_id("versions")
    expect(versions).to_contain_text("1, draft")
    expect(versions).to_contain_text("Sam")
    assert_accessible(page)


def test_a_board_member_comments_on_a_section_of_the_draft(page, cast, report, media):
    run = RenderRun.objects.create(
        report=report, version=1, requested_at=report.created_at, status="done"
    )
    sign_in(page, cast["board_member"])
    page.goto(report.get_absolute_url())
    expect(page.get_by_role("button", name="Make a draft")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("link", name="Executive summary").click()
    expect(page.get_by_text("You can read this section and comment on it.")).to_be_visible()
    page.get_by_label("Your comment").fill("Say what has been dropped since last year, and why.")
    page.get_by_role("button", name="Add the comment").click()
    expect(page.get_by_text("Comment added.")).to_be_visible()
    comments = page.get_by_test_id("comments")
    expect(comments).to_contain_text("Chris")
    expect(comments).to_contain_text("on version 1")
    expect(comments).to_contain_text("Say what has been dropped")
    assert_accessible(page)
    comment = Comment.objects.get()
    assert comment.run == run and comment.author.user == cast["board_member"]


def test_the_final_renders_without_the_watermark_and_the_board_decides_on_it(
    page, cast, report, year, membership_of, worker, tmp_path
):
    """Issue 13 turned the order round (seed 000): the final version proposes the
    priorities and is made before the board decides; it carries the board's proposal
    mark instead of DRAFT, and the versions list shows the board decided on it."""
    partnership = year.cycle.partnership
    analyst = membership_of(cast["analyst"], partnership)
    for section in report.sections.all():
        services.save_section(
            section=section,
            narrative=f"{section.title}: written.",
            components=["levels", "changes", "why", "plan", "community"],
        )
    draft = services.request_render(report=report, by=analyst)
    issue = Issue.objects.create(year=year, title="Domestic abuse")
    priority = propose_priority(year=year, title="Domestic abuse", issues=[issue])

    sign_in(page, cast["analyst"])
    page.goto(report.get_absolute_url())
    expect(page.get_by_test_id("run-status")).to_contain_text("Version 1 is ready.", timeout=60_000)
    # No crime data was imported, so levels and changes are not covered: the
    # checklist says so before anything is made, and the analyst confirms. The
    # board has not decided yet, and the final does not wait for it.
    page.get_by_role("link", name="Make the final version for the board").click()
    expect(page.get_by_test_id("check-components")).to_contain_text("2 not covered yet")
    assert RenderRun.objects.count() == 1
    assert_accessible(page)
    page.get_by_role("button", name="Make the final version").click()
    expect(page.get_by_text("Version 2 is queued.")).to_be_visible()
    expect(page.get_by_test_id("run-status")).to_contain_text("Version 2 is ready.", timeout=60_000)
    assert_accessible(page)
    pdf = _download(page, re.compile("Download version 2"), tmp_path)
    text = _pdf_text(pdf)
    assert "DRAFT" not in text
    assert "Version 2, final version for the board" in text
    assert "Final version for the board: proposes priorities" in text
    draft.refresh_from_db()
    assert RenderRun.objects.get(version=2).state == "final" and draft.state == "draft"

    # The board agrees the priority at its meeting, reading the final version.
    meeting = create_meeting(partnership=partnership, held_on=year.starts_on)
    item = add_item(meeting=meeting, title="Priorities")
    record_decision(
        item=item,
        priority=priority,
        outcome="agreed",
        minute="Agreed as a priority.",
        decided_by=membership_of(cast["board_member"], partnership),
    )
    page.reload()
    row = page.locator(f"#version-{RenderRun.objects.get(version=2).pk}")
    expect(row).to_contain_text("The board decided on this version")
    expect(row).to_contain_text("Domestic abuse: agreed")
    assert_accessible(page)


def test_the_demo_reports_pages_are_accessible(page, media):
    """The demo's reports, full of tables, charts, comments and versions."""
    from datetime import date

    from django.contrib.auth.models import User

    from demo.builder import DEMO_PASSWORD, build_demo

    build_demo(date(2026, 11, 24))
    full = Report.objects.filter(kind="full").order_by("-year__starts_on").first()
    public = Report.objects.get(kind="public")
    RenderRun.objects.create(
        report=full,
        version=8,
        requested_at=full.created_at,
        status="failed",
        error="The PDF could not be made: a test failure.",
    )
    RenderRun.objects.create(
        report=full, version=9, requested_at=full.created_at, status="rendering", progress=40
    )
    sign_in(page, User.objects.get(username="analyst@example.org"), password=DEMO_PASSWORD)
    for url, heading in [
        ("/p/central-bedfordshire/reports/", "Reports"),
        (full.get_absolute_url(), full.title),
        (f"{full.get_absolute_url()}sections/analysis/", "The analysis"),
        (f"{full.get_absolute_url()}sections/executive-summary/", "Executive summary"),
        (public.get_absolute_url(), public.title),
        (f"{public.get_absolute_url()}sections/what-the-data-shows/", "What the data shows"),
    ]:
        page.goto(url)
        expect(page.get_by_role("heading", name=heading, level=1)).to_be_visible()
        assert_accessible(page)
    page.goto(f"{full.get_absolute_url()}sections/analysis/")
    charts = page.get_by_test_id("preview").locator("img")
    assert charts.count() >= 3
    for index in range(charts.count()):
        assert charts.nth(index).get_attribute("alt")
    # On a phone, a section's preview scrolls inside its own region: the page itself
    # never scrolls sideways, however wide the report's tables.
    page.set_viewport_size({"width": 390, "height": 844})
    for key in ("analysis", "appendix-scoring", "introduction"):
        page.goto(f"{full.get_absolute_url()}sections/{key}/")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, key
    assert_accessible(page)
