"""Issue 17, point 8, in Chromium with axe-core on every page: the analyst asks for the
final version of a half-finished report, sees a checklist naming the open comments and
the empty sections, confirms, and the versions table turns to done without a reload
while a real Celery worker renders the PDF."""

import re

import pytest
from playwright.sync_api import expect

from cycles.services import create_cycle_from_template
from reports import services
from reports.models import RenderRun, Report
from tests.e2e.conftest import assert_accessible, sign_in
from tests.workers import filesystem_broker, start_filesystem_worker, stop

EMPTY = ("victims", "gaps", "conclusion")


@pytest.fixture
def start_the_worker(point_app_at, media, tmp_path):
    """Renders are queued on an embedded filesystem broker straight away; the worker
    that takes them starts only when the test says, so the page is seen first with
    the version still queued."""
    point_app_at("filesystem://", filesystem_broker(tmp_path / "broker"))
    started = []

    def start():
        started.append(start_filesystem_worker(media, tmp_path))

    yield start
    for process in started:
        stop(process)


@pytest.fixture
def report(partnership, cast, membership_of):
    year = create_cycle_from_template(
        partnership=partnership, template_key="annual", start_year=2026
    ).years.get()
    # Since issue 13 the final version does not wait for the board: no priority needed.
    report = services.create_report(year=year, kind=Report.Kind.FULL, authors="Sam Taylor")
    for section in report.sections.exclude(key__in=EMPTY):
        services.save_section(
            section=section, narrative=f"{section.title}: written.", components=["why"]
        )
    board = membership_of(cast["board_member"], partnership)
    services.add_comment(
        section=report.sections.get(key="executive-summary"),
        author=board,
        text="Say what was dropped since last year.",
    )
    services.add_comment(
        section=report.sections.get(key="offenders"), author=board, text="Name the IOM cohort."
    )
    return report


def test_the_analyst_reads_the_checklist_confirms_and_the_table_follows_the_render(
    page, cast, report, start_the_worker
):
    sign_in(page, cast["analyst"])
    page.goto(report.get_absolute_url())
    expect(page.get_by_role("heading", name=report.title)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Make the final version").click()
    expect(page.get_by_role("heading", name="Before the final version")).to_be_visible()
    comments = page.get_by_test_id("check-comments")
    expect(comments).to_contain_text("2 not dealt with yet")
    expect(comments).to_contain_text("Say what was dropped since last year.")
    expect(comments).to_contain_text("Name the IOM cohort.")
    sections = page.get_by_test_id("check-sections")
    expect(sections).to_contain_text("3 not written yet")
    for title in ("Victims", "Gaps in activity", "Conclusion and next steps"):
        expect(sections).to_contain_text(title)
    expect(page.get_by_test_id("check-components")).to_contain_text("not covered yet")
    expect(page.get_by_test_id("not-clear")).to_be_visible()
    assert not RenderRun.objects.exists()  # reading the checklist made nothing
    assert_accessible(page)

    page.get_by_role("button", name="Make the final version").click()
    expect(page.get_by_text("Version 1 is queued.")).to_be_visible()
    run = RenderRun.objects.get()
    assert run.state == RenderRun.State.FINAL and run.status == RenderRun.Status.QUEUED
    row = page.locator(f"#version-{run.pk}")
    expect(row).to_contain_text("1, final version for the board")
    expect(row).to_contain_text("Queued")
    expect(row.get_by_role("link", name=re.compile("Download"))).to_have_count(0)
    assert_accessible(page)

    start_the_worker()
    # No reload: the panel polls, and each answer carries the table's row with it.
    status = page.get_by_test_id("run-status")
    expect(status).to_contain_text("Version 1 is ready.", timeout=60_000)
    expect(row).to_contain_text("Done")
    expect(row).not_to_contain_text("Queued")
    expect(row.get_by_role("link", name=re.compile("Download version 1"))).to_be_visible()
    expect(row).to_contain_text("pages")
    run.refresh_from_db()
    assert run.status == RenderRun.Status.DONE
    assert_accessible(page)
