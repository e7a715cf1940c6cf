"""Crime data journeys in Chromium, axe-core on every page: the analyst uploads the two
real Bedfordshire files and reads the changes for Central Bedfordshire, a malformed
file is refused and changes nothing, and a board member reads but cannot upload.

The import task runs eagerly here (in the live server's thread), so the page shows its
result at once; tests/analysis/test_worker_import.py runs it through a real worker."""

import re

import pytest
from playwright.sync_api import expect

from analysis import services
from analysis.models import Dataset, MonthlyCount, Upload
from csp_assessment.celery import app
from tests.analysis.conftest import BEDS_2016, BEDS_2017, POLICE_UK, extract
from tests.e2e.conftest import assert_accessible, follow, sign_in

SLUG = "central-bedfordshire"


@pytest.fixture(autouse=True)
def imports_run_at_once(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    saved = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = saved


def _no_page_overflow(page) -> None:
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"the page is {widths[0]} px wide in a {widths[1]} px window"


def test_the_analyst_uploads_two_months_and_reads_the_changes(page, new_page, cast, partnership):
    sign_in(page, cast["analyst"])
    page.get_by_role("link", name="Analysis", exact=True).click()
    expect(page.get_by_role("heading", name="Analysis", exact=True)).to_be_visible()
    expect(page.get_by_text("No data has been imported yet.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Upload partner data").click()
    expect(page.get_by_role("heading", name="Upload partner data")).to_be_visible()
    assert_accessible(page)
    page.go_back()

    page.get_by_role("link", name="Upload police data").click()
    expect(page.get_by_role("heading", name="Upload police data")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Street-level files").set_input_files(
        [POLICE_UK / BEDS_2016, POLICE_UK / BEDS_2017]
    )
    page.get_by_role("button", name="Upload and import").click()

    # The progress page ends in the summary.
    expect(
        page.get_by_role("heading", name=re.compile("^Upload to Police recorded"))
    ).to_be_visible()
    expect(page.get_by_text("Imported.")).to_be_visible()
    expect(page.get_by_test_id("rows-read")).to_have_text("875")
    expect(page.get_by_test_id("rows-in-area")).to_have_text("283")
    assert_accessible(page)

    page.get_by_role("link", name="See the analysis").click()
    page.get_by_label("Area", exact=True).select_option(label="Central Bedfordshire")
    page.get_by_role("button", name="Show").click()
    expect(
        page.get_by_role("heading", name=re.compile("Central Bedfordshire$"), level=1)
    ).to_be_visible()
    expect(page.get_by_test_id("period-summary")).to_contain_text(
        "November 2017 compared with November 2016"
    )
    changes = page.locator("#changes-heading ~ .analysis-table-block table").first
    asb = changes.get_by_role("row", name=re.compile("^Anti-social behaviour"))
    expect(asb).to_contain_text("43")
    total = changes.get_by_role("row", name=re.compile("^All crime and anti-social behaviour"))
    expect(total).to_contain_text("142")
    expect(total).to_contain_text("141")
    assert_accessible(page)
    # Each section in turn, with the folded monthly table open.
    for section in ["Levels", "Patterns", "Changes", "Outcomes"]:
        page.get_by_role("navigation", name="On this page").get_by_role(
            "link", name=section
        ).click()
        expect(page.get_by_role("heading", name=section, level=2)).to_be_in_viewport()
    page.get_by_text("The monthly figures as a table").click()
    expect(page.get_by_role("table", name="The monthly figures")).to_be_visible()
    assert_accessible(page)
    analysis_url = page.url

    # The same page on a phone: wide tables scroll in their own box, the page does not.
    phone = new_page(width=375)
    sign_in(phone, cast["analyst"])
    phone.goto(analysis_url)
    expect(phone.get_by_role("heading", name="Changes", level=2)).to_be_attached()
    _no_page_overflow(phone)
    assert_accessible(phone)


def test_a_malformed_file_is_refused_with_its_message_and_changes_nothing(page, cast, partnership):
    lines = extract(BEDS_2017).split(b"\n", 1)
    sign_in(page, cast["analyst"])
    page.goto(f"/p/{SLUG}/analysis/upload/")
    page.get_by_label("Street-level files").set_input_files(
        {"name": BEDS_2017, "mimeType": "text/csv", "buffer": lines[1]}
    )
    page.get_by_role("button", name="Upload and import").click()
    expect(page.get_by_text("The upload was refused. Nothing was changed.")).to_be_visible()
    expect(page.get_by_test_id("upload-error")).to_contain_text(
        f"{BEDS_2017} does not have the data.police.uk street-level header"
    )
    assert_accessible(page)
    assert Upload.objects.get().status == Upload.Status.FAILED
    assert not MonthlyCount.objects.exists()
    assert not Dataset.objects.exclude(aggregate_path="").exists()

    # The index lists the refused upload.
    page.goto(f"/p/{SLUG}/analysis/")
    expect(page.get_by_role("cell", name="Refused")).to_be_visible()
    assert_accessible(page)


def test_the_progress_page_while_an_import_runs(page, cast, partnership):
    dataset = services.police_dataset(partnership=partnership)
    upload = Upload.objects.create(
        dataset=dataset,
        status=Upload.Status.RUNNING,
        progress=45,
        progress_note="Read 1 of 2 files",
        files=[{"name": BEDS_2016, "path": "x", "size": 1}],
    )
    sign_in(page, cast["analyst"])
    page.goto(upload.get_absolute_url())
    expect(page.get_by_text("Importing: read 1 of 2 files.")).to_be_visible()
    expect(page.get_by_label("Progress")).to_have_attribute("value", "45")
    assert_accessible(page)
    # The page polls: when the worker finishes, the result replaces the bar.
    Upload.objects.filter(pk=upload.pk).update(status=Upload.Status.FAILED, error="A test refusal.")
    expect(page.get_by_test_id("upload-error")).to_have_text("A test refusal.", timeout=5000)


def test_a_board_member_reads_the_analysis_but_cannot_upload(page, cast, partnership):
    upload = services.start_upload(
        dataset=services.police_dataset(partnership=partnership),
        uploaded_by=None,
        files=[(name, extract(name)) for name in (BEDS_2016, BEDS_2017)],
        enqueue=False,
    )
    services.run_import(upload_id=upload.pk)
    sign_in(page, cast["board_member"])
    page.get_by_role("link", name="Analysis", exact=True).click()
    expect(page.get_by_role("heading", name="Analysis", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Upload police data")).to_have_count(0)
    expect(page.get_by_role("link", name="Upload partner data")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("link", name=services.POLICE_DATASET_NAME).click()
    expect(page.get_by_role("heading", name="Changes", level=2)).to_be_visible()
    assert_accessible(page)
    page.goto(upload.get_absolute_url())
    expect(page.get_by_text("Imported.")).to_be_visible()
    assert_accessible(page)
    for url in (f"/p/{SLUG}/analysis/upload/", f"/p/{SLUG}/analysis/upload/partner/"):
        response = page.goto(url)
        assert response.status == 403


def test_suggested_scores_from_linked_crime_types_reach_the_score_sheet(
    page, new_page, cast, partnership
):
    from datetime import date

    from cycles.services import create_cycle_from_template, save_issue
    from partnerships.models import Membership
    from scoring import services as scoring
    from scoring.matrix_files import load_shipped_matrices
    from scoring.models import Matrix, Score

    upload = services.start_upload(
        dataset=services.police_dataset(partnership=partnership),
        uploaded_by=None,
        files=[(name, extract(name)) for name in (BEDS_2016, BEDS_2017)],
        enqueue=False,
    )
    services.run_import(upload_id=upload.pk)
    load_shipped_matrices()
    year = create_cycle_from_template(
        partnership=partnership, template_key="four-year", start_year=2026
    ).years.get(number=1)
    asb = save_issue(year=year, title="Anti-social behaviour")
    other = save_issue(year=year, title="Reducing re-offending")
    round_ = scoring.create_round(
        year=year,
        name="Autumn scoring",
        matrix=Matrix.objects.get(partnership=None, key="csp-16", version=1),
        deadline=date(2026, 10, 24),
        issues=[asb, other],
    )
    jo = Membership.objects.get(user=cast["theme_specialist"], partnership=partnership)
    for issue in (asb, other):
        scoring.assign_scorers(round_=round_, issue=issue, scorers=[jo])
    scoring.open_round(round_=round_)

    # The analyst links the issue to its crime type.
    sign_in(page, cast["analyst"])
    page.goto(f"/p/{SLUG}/analysis/")
    page.get_by_role("link", name="Issues and crime types").click()
    expect(page.get_by_role("heading", name="Issues and crime types")).to_be_visible()
    assert_accessible(page)
    follow(page.get_by_role("link", name="Choose crime types for Anti-social behaviour"))
    assert_accessible(page)
    page.get_by_label("Anti-social behaviour").check()
    page.get_by_role("button", name="Save crime types").click()
    expect(page.get_by_text("Crime types for “Anti-social behaviour” saved.")).to_be_visible()
    expect(page.get_by_test_id(f"crime-types-{asb.pk}")).to_have_text("Anti-social behaviour")

    # The scorer sees it beside the cell, in the grid's descriptor box.
    scorer = new_page()
    sign_in(scorer, cast["theme_specialist"])
    scorer.goto(f"/p/{SLUG}/scoring/rounds/{round_.pk}/sheet/")
    expect(scorer.locator(".suggestion-mark")).to_have_count(2)
    scorer.get_by_label(
        "Anti-social behaviour: Proportion of total demand (volume)", exact=True
    ).focus()
    expect(scorer.locator("#descriptor")).to_contain_text(
        "Suggested from the crime data: 5 (Anti-social behaviour: 43 of 142"
    )
    assert_accessible(scorer)
    scorer.get_by_label(
        "Reducing re-offending: Proportion of total demand (volume)", exact=True
    ).focus()
    expect(scorer.locator("#descriptor")).not_to_contain_text("Suggested from the crime data")

    # On the issue's own page the scorer accepts it.
    scorer.get_by_role("link", name="Anti-social behaviour", exact=True).click()
    expect(scorer.get_by_text("Suggested from the crime data: 5")).to_be_visible()
    assert_accessible(scorer)
    scorer.get_by_role(
        "button", name="Use the suggested score for Proportion of total demand (volume)"
    ).click()
    expect(
        scorer.get_by_text("Suggested score 5 used for Proportion of total demand (volume).")
    ).to_be_visible()
    assert_accessible(scorer)
    assert Score.objects.get(issue=asb, criterion__key="proportion_of_demand").value == 5
