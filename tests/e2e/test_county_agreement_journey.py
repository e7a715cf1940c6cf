# ruff: noqa: F811 - the shared plan fixtures are imported, then requested by name
"""The county's community safety agreement in Chromium, axe-core on every page: the
county analyst drafts it from the county's agreed priorities and the district priority
it adopted, sees regulations 9 and 9A, changes the draft, records the county strategy
group's agreement, publishes it, and the public reads it with its district."""

import re

from playwright.sync_api import expect

from plans.models import Plan
from tests.e2e.conftest import assert_accessible, follow, sign_in
from tests.plans.conftest import (  # noqa: F401 - shared fixtures
    county_item,
    county_year,
    kim,
    knife_crime,
    rural_crime,
    year,
)

COUNTY = "safer-bedfordshire"


def test_the_county_analyst_drafts_the_community_safety_agreement(
    page, kim, county_year, knife_crime, rural_crime, county_item
):
    sign_in(page, kim)
    page.goto(f"/p/{COUNTY}/")
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Agreement", exact=True
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Community safety agreement")
    expect(page.get_by_test_id("no-plan")).to_have_text(
        "There is no community safety agreement yet."
    )
    page.get_by_text("The law behind the agreement").click()
    law = page.get_by_test_id("law")
    expect(law).to_contain_text("SI 2007/1830, regulation 9A, inserted by SI 2012/2660")
    expect(law).not_to_contain_text("13A")
    assert_accessible(page)

    page.get_by_role("link", name="Start the agreement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Start a version of the community safety agreement"
    )
    assert_accessible(page)
    page.get_by_label("The year the agreement starts from").select_option(str(county_year.pk))
    page.get_by_role("button", name="Start the draft").click()
    expect(page.get_by_text("Version 1 started as a draft")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Community safety agreement")
    # The adopted priority is one of the county's own too; the list below names its district.
    expect(page.get_by_test_id("plan-priority")).to_have_count(2)
    expect(page.get_by_test_id("plan-priority").first).to_contain_text("Knife crime")
    escalated = page.get_by_test_id("plan-escalation")
    expect(escalated).to_contain_text("Rural crime, from Central Bedfordshire CSP")
    expect(escalated).to_contain_text("Thefts cross every district boundary.")
    assert_accessible(page)

    page.get_by_role("link", name="Change the draft").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Change the community safety agreement, version 1"
    )
    page.get_by_label("What partners commit").fill("Warwickshire Police")
    page.get_by_role("button", name="Save draft").click()
    expect(
        page.get_by_test_id("error-summary").get_by_role(
            "link", name="Line 1 needs an agency and what it commits"
        )
    ).to_be_visible()
    assert_accessible(page)
    assert Plan.objects.get().resources == [], "a refused form saves nothing"
    page.get_by_label("The strategy in brief").fill("Joint work where harm crosses districts.")
    page.get_by_label("What partners commit").fill("Warwickshire Police | A rural crime team")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Version 1 saved.")).to_be_visible()
    assert_accessible(page)

    follow(page.get_by_role("link", name="Record the board's decision"))
    assert_accessible(page)
    page.get_by_label("Agenda item").select_option(str(county_item.pk))
    page.get_by_label("Agreed", exact=True).check()
    page.get_by_label("Minute").fill("Agreed as drafted.")
    page.get_by_label(re.compile("If it agreed the agreement, this version is frozen")).check()
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_test_id("plan-status")).to_contain_text("agreed by the board")
    assert_accessible(page)

    page.get_by_role("link", name="Publish this version").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Publish version 1 of the community safety agreement?"
    )
    assert_accessible(page)
    page.get_by_role("button", name="Yes, publish it").click()
    expect(page.get_by_text("Version 1 published.")).to_be_visible()

    page.get_by_role("link", name="Record sending to the commissioner").click()
    expect(page.get_by_text(re.compile("county strategy group must send a copy"))).to_be_visible()
    expect(page.get_by_text(re.compile(r"regulation 9A\)"))).to_be_visible()
    assert_accessible(page)

    page.goto(f"/public/{COUNTY}/plan/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile("Safer Bedfordshire: our community safety agreement")
    )
    expect(page.get_by_test_id("plan-escalation")).to_contain_text(
        "Rural crime, from Central Bedfordshire CSP"
    )
    assert_accessible(page)
