# ruff: noqa: F811 - the shared priorities fixtures are imported, then requested by name
"""Other plans' objectives in Chromium, axe-core on every page: the analyst adds a
police and crime plan objective from the priorities pages, links a priority to it and
sees it on the priority's page under its plan; ending it keeps it on the priority."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, sign_in
from tests.priorities.conftest import (  # noqa: F401 - fixtures shared with the unit tests
    closed_round,
    issues,
    last_year,
    proposal,
    year,
)

WORDING = "Put victims first and reduce repeat victimisation"


def test_the_analyst_adds_an_objective_and_links_a_priority_to_it(page, cast, proposal):
    sign_in(page, cast["analyst"])
    page.get_by_role("link", name="Priorities", exact=True).first.click()
    page.get_by_role("link", name="Other plans' objectives").click()
    expect(page.get_by_role("heading", name="Other plans' objectives")).to_be_visible()
    expect(page.get_by_text("No objectives yet.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Add an objective").click()
    assert_accessible(page)
    page.get_by_role("button", name="Save objective").click()  # nothing chosen: refused
    expect(page.get_by_text("This field is required.").first).to_be_visible()
    page.get_by_label("Police and crime plan").check()
    page.get_by_label("The objective").fill(WORDING)
    page.get_by_role("button", name="Save objective").click()
    expect(page.get_by_text("Objective added to Police and crime plan.")).to_be_visible()
    table = page.get_by_test_id("objectives")
    expect(table.get_by_role("row", name=re.compile(WORDING))).to_contain_text("Current")
    assert_accessible(page)

    page.goto(proposal.get_absolute_url())
    expect(page.get_by_test_id("serves")).to_contain_text("No other plan's objectives")
    assert_accessible(page)
    page.get_by_role("link", name="Choose the objectives it serves").click()
    assert_accessible(page)
    page.get_by_label(f"Police and crime plan: {WORDING}").check()
    page.get_by_role("button", name="Save objectives").click()
    expect(page.get_by_text("Objectives saved.")).to_be_visible()
    serves = page.get_by_test_id("serves")
    expect(serves).to_contain_text("Police and crime plan:")
    expect(serves.get_by_role("listitem")).to_have_text(WORDING)
    assert_accessible(page)

    page.get_by_role("link", name="Priorities", exact=True).first.click()
    page.get_by_role("link", name="Other plans' objectives").click()
    page.get_by_role("link", name=f"End {WORDING}").click()
    expect(page.get_by_role("heading", name="End this objective?")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Yes, end the objective").click()
    expect(page.get_by_text("Objective ended. Priorities that serve it keep it.")).to_be_visible()
    expect(page.get_by_test_id("objectives")).to_contain_text("Ended on")
    assert_accessible(page)
    page.goto(proposal.get_absolute_url())
    expect(page.get_by_test_id("serves")).to_contain_text(f"{WORDING} (no longer current)")
