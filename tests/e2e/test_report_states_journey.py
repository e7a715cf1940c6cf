"""Issue 13, points 2 and 7, in Chromium with axe-core on every page and a real Celery
worker making the PDFs: the analyst makes the final version (confirming its
checklist), sends it to the board's meeting after a confirmation step, and a board
member reads it from the report page; once the board has agreed the priorities, the
analyst makes the agreed assessment, which cites the board's decision."""

import re
import subprocess
from pathlib import Path

import pytest
from django.utils import timezone
from django.utils.dateformat import format as date_format
from playwright.sync_api import expect

from cycles.models import Issue
from priorities.models import Item
from priorities.services.meetings import add_item, create_meeting, record_decision
from priorities.services.proposals import propose_priority
from reports import services
from reports.models import BoardPaper, RenderRun, Report
from tests.e2e.conftest import assert_accessible, sign_in


@pytest.fixture
def report(year):
    report = services.create_report(year=year, kind=Report.Kind.FULL, authors="Sam Taylor")
    for section in report.sections.all():
        services.save_section(
            section=section,
            narrative=f"{section.title}: written.",
            components=["levels", "changes", "why", "plan", "community"],
        )
    return report


@pytest.fixture
def proposal(year):
    issue = Issue.objects.create(year=year, title="Domestic abuse")
    return propose_priority(year=year, title="Domestic abuse", issues=[issue])


@pytest.fixture
def board_meeting(partnership):
    # Held today: the paper goes to it, and the board's decision is recorded at it.
    return create_meeting(
        partnership=partnership,
        held_on=timezone.localdate(),
        title="Community Safety Executive",
    )


def _pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def _download(page, link_name, tmp_path) -> str:
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).first.click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    return _pdf_text(target)


def test_the_final_goes_to_the_board_and_the_agreed_assessment_cites_its_decision(
    new_page, cast, partnership, membership_of, report, proposal, board_meeting, worker, tmp_path
):
    day = date_format(board_meeting.held_on, "j F Y")
    analyst_page = new_page()
    sign_in(analyst_page, cast["analyst"])
    page = analyst_page
    page.goto(report.get_absolute_url())
    expect(page.get_by_role("heading", name=report.title)).to_be_visible()
    # Before the board decides, the agreed assessment is not offered, and says why.
    expect(page.get_by_test_id("agreed-reason")).to_contain_text(
        "once a final version has gone to the board"
    )
    expect(page.get_by_test_id("not-sent")).to_be_visible()
    assert_accessible(page)

    # The final version: its checklist first, then confirm. No wait for the board.
    page.get_by_role("link", name="Make the final version for the board").click()
    expect(page.get_by_role("heading", name="Before the final version")).to_be_visible()
    expect(page.get_by_text("Final version for the board: proposes priorities")).to_be_visible()
    assert not RenderRun.objects.exists()
    assert_accessible(page)
    page.get_by_role("button", name="Make the final version").click()
    expect(page.get_by_text("Version 1 is queued.")).to_be_visible()
    expect(page.get_by_test_id("run-status")).to_contain_text("Version 1 is ready.", timeout=60_000)
    final = RenderRun.objects.get()
    assert final.state == "final"
    assert_accessible(page)

    # Sending it: choose the meeting, check, confirm.
    page.reload()
    page.get_by_role("link", name="Send the final version to the board").click()
    expect(page.get_by_role("heading", name="Send the final version to the board")).to_be_visible()
    assert_accessible(page)
    page.get_by_label(f"Community Safety Executive, {day}").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Check before you send")).to_be_visible()
    expect(page.get_by_test_id("send-summary")).to_contain_text(f"to the board meeting of {day}")
    assert not BoardPaper.objects.exists()  # nothing is sent before the confirmation
    assert_accessible(page)
    page.get_by_role("button", name="Yes, send it to the board").click()
    expect(
        page.get_by_text(f"Version 1 is on the agenda of the board meeting of {day}.")
    ).to_be_visible()
    expect(page.get_by_test_id("versions")).to_contain_text(f"Sent to the board meeting of {day}")
    paper = BoardPaper.objects.get()
    assert paper.run == final and paper.meeting == board_meeting
    assert paper.sent_by.user == cast["analyst"]
    item = Item.objects.get(meeting=board_meeting)
    assert item.title.startswith("For decision: Full strategic assessment, version 1")
    assert_accessible(page)

    # A board member reads the final version from the report page.
    board_page = new_page()
    sign_in(board_page, cast["board_member"])
    board_page.goto(report.get_absolute_url())
    papers = board_page.get_by_test_id("board-papers")
    expect(papers).to_contain_text(f"was sent to the board meeting of {day}")
    expect(
        board_page.get_by_role("link", name="Send the final version to the board")
    ).to_have_count(0)
    assert_accessible(board_page)
    text = _download(board_page, re.compile("Read the final version"), tmp_path)
    assert "Final version for the board: proposes priorities" in text and "DRAFT" not in text
    # The agenda item links back to the report.
    board_page.get_by_role("link", name=re.compile("The meeting's agenda")).click()
    expect(board_page.get_by_role("heading", name=f"1. {item.title}")).to_be_visible()
    assert_accessible(board_page)
    board_page.get_by_role("link", name=report.get_absolute_url()).click()
    expect(board_page.get_by_role("heading", name=report.title)).to_be_visible()

    # The board agrees the priority at the meeting.
    record_decision(
        item=add_item(meeting=board_meeting, title="Priorities for the cycle"),
        priority=proposal,
        outcome="agreed",
        minute="Agreed as a priority for the four-year cycle.",
        decided_by=membership_of(cast["board_member"], partnership),
    )

    # The analyst makes the agreed assessment, which cites the decision.
    page.goto(report.get_absolute_url())
    page.get_by_role("link", name="Make the agreed assessment").click()
    expect(page.get_by_role("heading", name="Before the agreed assessment")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Make the agreed assessment").click()
    expect(page.get_by_text("Version 2 is queued.")).to_be_visible()
    expect(page.get_by_test_id("run-status")).to_contain_text("Version 2 is ready.", timeout=60_000)
    page.reload()
    cited = page.get_by_test_id("board-decision")
    expect(cited).to_contain_text("Version 2 is the agreed assessment")
    expect(cited).to_contain_text(f"Community Safety Executive, {day}")
    expect(cited).to_contain_text("Agreed as a priority for the four-year cycle.")
    expect(page.get_by_test_id("versions")).to_contain_text("2, agreed assessment")
    # The page leads with the agreement; starting a new version is behind a disclosure.
    expect(page.get_by_test_id("agreed-standing")).to_contain_text("Agreed on")
    expect(page.get_by_role("button", name="Make a draft")).to_be_hidden()
    assert_accessible(page)
    page.get_by_text("Start a new version").click()
    expect(page.get_by_role("button", name="Make a draft")).to_be_visible()
    assert_accessible(page)
    text = _download(page, re.compile("Download version 2"), tmp_path)
    assert "DRAFT" not in text and "proposes priorities" not in text
    words = " ".join(text.split())  # table cells wrap their lines
    assert "The board's decision" in words and "Agreed as a priority for the" in words
    assert f"Community Safety Executive, {day}" in words
    assert RenderRun.objects.get(version=2).state == "agreed"
