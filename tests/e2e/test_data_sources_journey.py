"""The data sources register in Chromium, axe-core on every page: the analyst adds an
agreement with its signed PDF, records a data source under it and a delivery, sees an
overdue source on the dashboard, and then finds the source in the report's data
sources table and its figures counted for substance misuse."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from analysis import source_services
from analysis.source_models import DataSource, SharingAgreement, SourceReceipt
from cycles.services import create_cycle_from_template
from partnerships.models import Agency
from reports import services
from reports.models import Report
from tests.e2e.conftest import assert_accessible, sign_in

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def health(partnership):
    return Agency.objects.create(
        partnership=partnership, name="Bedfordshire NHS", type=Agency.Type.HEALTH
    )


@pytest.fixture
def report(partnership, cast):
    year = create_cycle_from_template(
        partnership=partnership, template_key="annual", start_year=2026
    ).years.get()
    return services.create_report(year=year, kind=Report.Kind.FULL, authors="Sam Taylor")


@pytest.fixture
def overdue(partnership, police):
    source = source_services.add_source(
        partnership=partnership, name="Police ASB incidents", agency=police, themes=["asb"]
    )
    source_services.record_receipt(
        source=source,
        received_on=date(2025, 1, 10),
        period_start=date(2024, 10, 1),
        period_end=date(2024, 12, 31),
    )
    return source


def test_an_analyst_records_a_data_source_and_sees_it_in_the_report(
    page, cast, partnership, police, council, health, report, overdue, media, tmp_path
):
    sign_in(page, cast["analyst"])
    # The overdue source waits on the dashboard.
    waiting = page.get_by_role("link", name="Police ASB incidents (Bedfordshire Police)")
    expect(waiting).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Analysis", exact=True).click()
    page.get_by_role("link", name="Data sources").click()
    expect(page.get_by_role("heading", name="Data sources", exact=True)).to_be_visible()
    expect(page.get_by_test_id("sources-overdue")).to_contain_text("1 source overdue")
    assert_accessible(page)

    # The agreement first, with its signed document.
    page.get_by_role("link", name="Add an agreement").click()
    expect(page.get_by_role("heading", name="Add an information-sharing agreement")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Title").fill("Health data sharing agreement")
    page.get_by_label("Bedfordshire NHS").check()
    page.get_by_label("Purpose").fill("Treatment figures for the strategic assessment.")
    page.get_by_role("combobox", name="Lawful basis").select_option("public_task")
    page.get_by_role("combobox", name="Status").select_option("signed")
    page.get_by_label("Signed on").fill("2026-04-01")
    page.get_by_label("Review date").fill(
        (timezone.localdate() + timedelta(days=120)).isoformat()  # a past date is refused
    )
    page.get_by_role("button", name="Add the agreement").click()
    # Bad input is told plainly and nothing is saved.
    expect(
        page.get_by_test_id("error-summary").get_by_role(
            "link", name="An agreement needs at least two parties."
        )
    ).to_be_visible()
    assert_accessible(page)
    assert not SharingAgreement.objects.exists()
    page.get_by_label("Central Bedfordshire Council").check()
    signed = tmp_path / "signed.pdf"
    signed.write_bytes(PDF)
    page.get_by_label("The signed document").set_input_files(str(signed))
    page.get_by_role("button", name="Add the agreement").click()
    expect(page.get_by_text("Health data sharing agreement added.")).to_be_visible()
    expect(page.get_by_role("link", name="Download the signed document")).to_be_visible()
    assert_accessible(page)

    # Then the source under it.
    page.get_by_role("link", name="Data sources").click()
    page.get_by_role("link", name="Add a data source").click()
    expect(page.get_by_role("heading", name="Add a data source")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Name").fill("Drug and alcohol treatment")
    page.get_by_label("Provided by").select_option(label="Bedfordshire NHS")
    page.get_by_label("Information-sharing agreement").select_option(
        label="Health data sharing agreement"
    )
    page.get_by_label("Substance misuse").check()
    page.get_by_role("combobox", name=re.compile("^Reliability")).select_option("good")
    page.get_by_role("button", name="Add the source").click()
    expect(page.get_by_text("Drug and alcohol treatment added to the register.")).to_be_visible()
    expect(page.get_by_test_id("source-waiting")).to_contain_text("Nothing has been received")
    assert_accessible(page)

    # Its first delivery.
    page.get_by_role("link", name="Record a delivery").click()
    expect(page.get_by_role("heading", name=re.compile("Record a delivery"))).to_be_visible()
    assert_accessible(page)
    today = timezone.localdate()
    start, end = today - timedelta(days=90), today - timedelta(days=1)
    page.get_by_label("Date received").fill(today.isoformat())
    page.get_by_label("Period from").fill(start.isoformat())
    page.get_by_label("Period to").fill(end.isoformat())
    page.get_by_role("button", name="Record the delivery").click()
    expect(page.get_by_text("Delivery of Drug and alcohol treatment recorded.")).to_be_visible()
    expect(page.get_by_test_id("receipts")).to_contain_text(f"{end:%-d %B %Y}")
    expect(page.get_by_test_id("source-waiting")).to_have_count(0)
    expect(page.get_by_test_id("source-overdue")).to_have_count(0)
    assert_accessible(page)
    source = DataSource.objects.get(name="Drug and alcohol treatment")
    assert source.period_end == end and SourceReceipt.objects.filter(source=source).count() == 1
    assert source.agreement.title == "Health data sharing agreement"

    # The report: its themes check counts the source, and the introduction lists it.
    page.get_by_role("link", name="Reports", exact=True).click()
    page.get_by_role("link", name=report.title).click()
    expect(page.get_by_role("heading", name=report.title)).to_be_visible()
    themes = page.get_by_test_id("themes")
    expect(themes.get_by_role("row", name=re.compile("Substance misuse"))).to_contain_text(
        "Drug and alcohol treatment (Bedfordshire NHS)"
    )
    # The overdue police ASB source gives no figures.
    expect(themes.get_by_role("row", name=re.compile("Anti-social behaviour"))).to_contain_text(
        "No source in date."
    )
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("^Introduction")).click()
    table = page.get_by_test_id("preview").locator("table", has_text="Drug and alcohol treatment")
    expect(table).to_contain_text("Bedfordshire NHS")
    expect(table).to_contain_text("Substance misuse")
    expect(table).to_contain_text("Good: complete and consistent")
    expect(table).to_contain_text("Police ASB incidents")
    assert_accessible(page)


def test_the_register_pages_for_an_admin_and_a_board_member(
    page, new_page, cast, partnership, police, council, overdue, media
):
    agreement = source_services.add_agreement(
        partnership=partnership,
        title="Community safety data sharing",
        parties=[police, council],
        purpose="Quarterly sharing of prescribed information.",
        lawful_basis=SharingAgreement.LawfulBasis.PUBLIC_TASK,
        signed_on=date(2025, 4, 1),
        review_on=timezone.localdate() + timedelta(days=10),
        status=SharingAgreement.Status.SIGNED,
    )
    sign_in(page, cast["admin"])
    expect(page.get_by_role("link", name="Community safety data sharing")).to_be_visible()
    for url, heading in [
        (overdue.get_absolute_url(), "Police ASB incidents"),
        (f"{overdue.get_absolute_url()}edit/", "Change Police ASB incidents"),
        (agreement.get_absolute_url(), "Community safety data sharing"),
        (f"{agreement.get_absolute_url()}edit/", "Change Community safety data sharing"),
    ]:
        page.goto(url)
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
        assert_accessible(page)
    expect(page.get_by_role("heading", name="History")).to_be_visible()

    board = new_page()
    sign_in(board, cast["board_member"])
    board.goto(f"/p/{partnership.slug}/analysis/sources/")
    expect(board.get_by_test_id("register")).to_contain_text("Police ASB incidents")
    expect(board.get_by_role("link", name="Add a data source")).to_have_count(0)
    assert_accessible(board)
    board.goto(agreement.get_absolute_url())
    expect(board.get_by_test_id("review-due")).to_contain_text("Review due on")
    expect(board.get_by_role("link", name="Change the agreement")).to_have_count(0)
    assert_accessible(board)
