"""The public summary in Chromium, axe-core on every page: the analyst publishes the
agreed version from the report page after a confirmation page, then a member of the
public reads it on a 390 px phone, without signing in, and downloads its PDF."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cycles.services import create_cycle_from_template
from reports.models import Publication
from tests.e2e.conftest import assert_accessible, sign_in
from tests.reports.conftest import agreed_public_summary

SLUG = "central-bedfordshire"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def agreed(partnership, cast, member, media):
    today = timezone.localdate()
    start = today.year - (1 if today.month < 4 else 0)
    year = create_cycle_from_template(
        partnership=partnership, template_key="four-year", start_year=start
    ).years.get(number=1)
    return agreed_public_summary(
        year,
        analyst=member(cast["analyst"]),
        board_member=member(cast["board_member"]),
        held_on=today,
    )


def test_the_analyst_publishes_and_the_public_reads_it_on_a_phone(page, new_page, cast, agreed):
    label = agreed.report.year.label
    sign_in(page, cast["analyst"])
    page.goto(f"/p/{SLUG}/reports/")
    page.get_by_role("link", name=agreed.report.title).click()
    panel = page.get_by_test_id("public-page")
    expect(panel.get_by_test_id("public-status")).to_contain_text("Not published.")
    assert_accessible(page)

    panel.get_by_role("link", name=f"Publish version {agreed.version} on the public page").click()
    expect(page.get_by_role("heading", name="Publish the public summary?")).to_be_visible()
    made = timezone.localtime(agreed.finished_at).strftime("%-d %B %Y")
    expect(page.get_by_text(f"The public summary for {label}: version")).to_contain_text(
        f"(agreed summary), made on {made}."
    )
    assert_accessible(page)
    assert not Publication.objects.exists(), "the confirmation page publishes nothing"
    page.get_by_role("button", name="Yes, publish it").click()
    expect(page.get_by_text(f"The public summary for {label} is published.")).to_be_visible()
    status = page.get_by_test_id("public-status")
    expect(status).to_contain_text("Published.")
    expect(status).to_contain_text("published by Sam Taylor")
    expect(status.get_by_role("link")).to_have_attribute("href", f"/public/{SLUG}/assessment/")
    history = page.get_by_test_id("publishing-history")
    expect(history.get_by_role("heading", name="Publishing history")).to_be_visible()
    event = history.get_by_role("row").nth(1)
    expect(event).to_contain_text("Sam Taylor")
    expect(event).to_contain_text(
        f"Published version {agreed.version} of the public summary for {label}"
    )
    assert_accessible(page)

    phone = new_page(width=390)
    phone.goto(f"/public/{SLUG}/assessment/")
    expect(phone.get_by_role("heading", level=1)).to_contain_text(
        f"our strategic assessment {label}"
    )
    day = timezone.localdate().strftime("%-d %B %Y")
    expect(phone.get_by_test_id("agreed-on")).to_contain_text(f"agreed by the board on {day}")
    pdf_link = phone.get_by_role("link", name="Download the public summary as a PDF")
    expect(pdf_link).to_be_visible()
    expect(phone.locator(".public-assessment")).to_contain_text(
        re.compile(rf"\({agreed.pages} pages?, [\d.]+\s(KB|MB|bytes)\)")
    )
    # Nothing wider than the phone: no sideways scrolling to read it.
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    # Signed out: none of the members' buttons.
    expect(phone.get_by_role("link", name=re.compile("Withdraw"))).to_have_count(0)
    assert_accessible(phone)
    with phone.expect_download() as download:
        pdf_link.click()
    assert download.value.suggested_filename == f"{SLUG}-public-summary-{label}.pdf"
    assert open(download.value.path(), "rb").read(5) == b"%PDF-"
