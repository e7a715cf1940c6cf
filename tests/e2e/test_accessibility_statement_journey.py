"""Reading the accessibility statement from a public survey on a phone-width screen
(375 pixels), in Chromium with axe-core on every page: the survey's footer leads to the
statement and to the cookies page, and no page scrolls sideways."""

import pytest
from playwright.sync_api import Page, expect

from cycles.services import create_cycle_from_template, save_issue
from tests.consultation.conftest import build_survey
from tests.e2e.conftest import assert_accessible

PHONE = 375


@pytest.fixture
def survey(partnership, cast):
    year = create_cycle_from_template(
        partnership=partnership, template_key="four-year", start_year=2026
    ).years.get(number=1)
    for title in ("Anti-social behaviour", "Domestic abuse"):
        save_issue(year=year, title=title)
    return build_survey(year)


def assert_no_sideways_scroll(page: Page) -> None:
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[1] == PHONE
    assert widths[0] <= widths[1], f"{page.url} is {widths[0]}px wide on a {PHONE}px screen"


def test_a_member_of_the_public_reads_the_statement_on_a_phone(new_page, survey):
    page = new_page(width=PHONE)
    page.goto(f"/survey/{survey.public_key}/")
    expect(page.get_by_role("heading", name=survey.title)).to_be_visible()
    assert_accessible(page)
    assert_no_sideways_scroll(page)

    footer = page.get_by_role("navigation", name="About this service")
    footer.get_by_role("link", name="Accessibility statement").click()
    expect(page.get_by_role("heading", name="Accessibility statement", level=1)).to_be_visible()
    assert_accessible(page)
    assert_no_sideways_scroll(page)
    expect(page.get_by_role("heading", name="How accessible this service is")).to_be_visible()
    expect(page.get_by_role("heading", name="Enforcement procedure")).to_be_visible()
    expect(page.get_by_role("link", name="regulation 12")).to_be_visible()

    page.get_by_role("navigation", name="About this service").get_by_role(
        "link", name="Cookies"
    ).click()
    expect(page.get_by_role("heading", name="Cookies", level=1)).to_be_visible()
    assert_accessible(page)
    assert_no_sideways_scroll(page)

    # Back to the survey, as the person would, to answer it.
    page.go_back()
    page.go_back()
    expect(page.get_by_role("heading", name=survey.title)).to_be_visible()
