# ruff: noqa: F811 - the shared priorities fixtures are imported, then requested by name
"""Issue 14, point 8, in Chromium with axe-core on every page: an analyst starts seed
003's checklist, completes a statutory line and a hallmark question with evidence under
the seed's headings, sees a line no longer asked with its reason, and downloads the
workbook, which opens with its stage headings and status key."""

import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from priorities.models import ChecklistItem, ChecklistRun
from tests.e2e.conftest import assert_accessible, sign_in
from tests.priorities.conftest import checklists, last_year, year  # noqa: F401

SLUG = "central-bedfordshire"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _save_item(page, *, action, developments, status, rag):
    page.get_by_label("Action").fill(action)
    page.get_by_label("Developments").fill(developments)
    page.get_by_label("Status key").select_option(label=status)
    page.get_by_label("RAG status").select_option(rag)


def test_the_analyst_completes_checklist_items_with_evidence_and_exports_the_workbook(
    page, cast, year, checklists, media, tmp_path
):
    sign_in(page, cast["analyst"])
    page.goto(f"/p/{SLUG}/priorities/checklists/")
    expect(page.get_by_text("covers community safety partnerships in England")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Checklist").select_option(label="Statutory duties and hallmarks (version 2)")
    page.get_by_role("button", name="Start checklist").click()

    # The run page, under the seed's stage and hallmark headings.
    expect(page.get_by_role("heading", name="Stage 1: Lead and guide")).to_be_visible()
    expect(page.get_by_role("heading", name="Stage 11: Evaluating impact")).to_be_visible()
    stage_2 = page.get_by_role("region", name="Stage 2: Governing partnership processes")
    expect(stage_2.get_by_role("columnheader", name="Statutory duties")).to_be_visible()
    expect(
        stage_2.get_by_role("columnheader", name="Hallmark: Intelligence-led business processes")
    ).to_be_visible()
    expect(page.get_by_test_id("progress")).to_contain_text("0 of 107 green")
    expect(
        page.get_by_text(re.compile("No longer asked: Local area agreements were ended"))
    ).to_be_visible()
    assert_accessible(page)

    # A statutory line, worded as regulation 3 stands since 2011, with a link as evidence.
    stage_1 = page.get_by_role("region", name="Stage 1: Lead and guide")
    stage_1.get_by_role(
        "link", name=re.compile("^The strategy group has two or more members")
    ).click()
    expect(
        page.get_by_text(
            "Stage 1, line 2 of the 2007 minimum standards checklist (statutory duty)."
        )
    ).to_be_visible()
    expect(page.get_by_text(re.compile("Checked against: SI 2011/1230"))).to_be_visible()
    assert_accessible(page)
    _save_item(
        page,
        action="Record each authority's appointees in the terms of reference.",
        developments="All five authorities have appointed members; list agreed in June.",
        status="Terms of reference",
        rag="green",
    )
    page.get_by_label("Evidence link").fill("https://csp.example.org/documents/membership.pdf")
    page.get_by_role("button", name="Save item").click()
    expect(page.get_by_text("Checklist item saved.")).to_be_visible()
    expect(page.get_by_test_id("progress")).to_contain_text("1 of 107 green")
    assert_accessible(page)

    # A hallmark question under its hallmark heading, with a file as evidence.
    stage_2.get_by_role("link", name="Is there an information-sharing protocol in place?").click()
    expect(
        page.get_by_role(
            "heading",
            name="Governing partnership processes: Intelligence-led business processes",
        )
    ).to_be_visible()
    assert_accessible(page)
    _save_item(
        page,
        action="Refresh the protocol with the county.",
        developments="The old protocol needs refreshing; waiting for the county agreement.",
        status="Awaiting external bodies",
        rag="amber",
    )
    protocol = tmp_path / "information-sharing-protocol.pdf"
    protocol.write_bytes(b"%PDF-1.4 protocol")
    page.get_by_label("Evidence file").set_input_files(str(protocol))
    page.get_by_role("button", name="Save item").click()
    expect(page.get_by_text("Checklist item saved.")).to_be_visible()
    expect(stage_2.get_by_text("waiting for the county agreement")).to_be_visible()
    expect(page.get_by_test_id("progress")).to_contain_text("Amber 1")
    assert_accessible(page)

    run = ChecklistRun.objects.get(year=year)
    hallmark = ChecklistItem.objects.get(run=run, requirement__seed_ref="003 stage 2, question 1")
    assert hallmark.status_key == "awaiting_external" and hallmark.evidence_file

    # The workbook opens, laid out as the seed is.
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as a workbook (XLSX)").click()
    path = tmp_path / "checklist.xlsx"
    download.value.save_as(path)
    book = load_workbook(path)
    sheet = book["Checklist"]
    firsts = [row[0].value for row in sheet.iter_rows(min_row=6)]
    assert "Stage 1: Lead and guide" in firsts and "Stage 11: Evaluating impact" in firsts
    assert "Hallmark: Intelligence-led business processes" in firsts
    assert [c.value for c in sheet[5]][:4] == ["Requirement", "Action", "Developments", "Status"]
    row = next(r for r in sheet.iter_rows(min_row=6) if r[8].value == "Stage 1, line 2")
    assert row[2].value.startswith("All five authorities") and row[3].value == "Terms of reference"
    assert ("In place (our addition)", "Our addition") in [
        (r[0].value, r[1].value) for r in book["Key"].iter_rows(min_row=2)
    ]
