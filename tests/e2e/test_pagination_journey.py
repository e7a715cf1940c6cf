"""Paging through a long list in Chromium, axe-core clean with the page links showing:
the analyst pages through a long list of 120 issues, the serious violence filter stays
on from page to page, and a mistyped page number shows the first page."""

import re

import pytest
from playwright.sync_api import expect

from cycles.models import Issue
from cycles.services import create_cycle_from_template
from tests.e2e.conftest import assert_accessible, sign_in

SLUG = "central-bedfordshire"


@pytest.fixture
def year(partnership, cast):
    year = create_cycle_from_template(
        partnership=partnership, template_key="annual", start_year=2026
    ).years.get()
    Issue.objects.bulk_create(
        Issue(year=year, title=f"Issue {i:03d}", serious_violence=i % 2 == 0) for i in range(1, 121)
    )
    return year


def test_the_analyst_pages_through_the_long_list(page, cast, year):
    sign_in(page, cast["analyst"])
    page.goto(f"/p/{SLUG}/years/{year.pk}/issues/")
    pages = page.get_by_role("navigation", name="Pagination")
    expect(pages).to_contain_text("Page 1 of 3")
    expect(page.get_by_text("Issue 050")).to_be_visible()
    expect(page.get_by_text("Issue 051")).to_have_count(0)
    expect(pages.locator('[aria-current="page"]')).to_have_text(re.compile("1"))
    assert_accessible(page)

    pages.get_by_role("link", name="Next").click()
    expect(pages).to_contain_text("Page 2 of 3")
    expect(page.get_by_text("Issue 051")).to_be_visible()
    expect(page.get_by_text("Issue 050")).to_have_count(0)
    assert_accessible(page)

    # The filter stays on from page to page: 60 issues on the strand, two pages.
    page.get_by_role("link", name="Show the serious violence strand only").click()
    expect(pages).to_contain_text("Page 1 of 2")
    pages.get_by_role("link", name="Next").click()
    expect(pages).to_contain_text("Page 2 of 2")
    expect(page.get_by_text("Showing the serious violence strand only")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile(r"^Issue \d+$"))).to_have_count(10)
    assert_accessible(page)
    pages.get_by_role("link", name="Previous").click()
    expect(pages).to_contain_text("Page 1 of 2")

    # A mistyped page number is not an error: the nearest page shows.
    page.goto(f"/p/{SLUG}/years/{year.pk}/issues/?page=abc")
    expect(pages).to_contain_text("Page 1 of 3")
    page.goto(f"/p/{SLUG}/years/{year.pk}/issues/?page=99999")
    expect(pages).to_contain_text("Page 3 of 3")
    assert_accessible(page)
