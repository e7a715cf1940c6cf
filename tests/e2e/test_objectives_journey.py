# ruff: noqa: F811 - the shared priorities fixtures are imported, then requested by name
"""Other plans' objectives in Chromium, axe-core on every page: the analyst adds a
police and crime plan objective from the priorities pages, links a priority to it and
sees it on the priority's page under its plan; ending it keeps it on the priority."""

import re
from datetime import timedelta

from playwright.sync_api import expect

from cycles.services import carry_over_issues
from priorities.models import Objective
from tests.e2e.conftest import assert_accessible, follow, sign_in
from tests.priorities.conftest import (  # noqa: F401 - fixtures shared with the unit tests
    closed_round,
    issues,
    last_year,
    previous_priorities,
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

    follow(page.get_by_role("link", name="Add an objective"))
    assert_accessible(page)
    page.get_by_role("button", name="Save objective").click()  # nothing chosen: refused
    expect(page.get_by_text("Enter the objective.").first).to_be_visible()
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
    follow(page.get_by_role("link", name="Choose the objectives it serves"))
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


def test_carrying_over_says_which_objectives_go_with_each_priority(
    page, cast, partnership, year, previous_priorities
):
    def objective(wording, ended_on=None):
        return Objective.objects.create(
            partnership=partnership,
            plan=Objective.Plan.POLICE_AND_CRIME,
            wording=wording,
            ended_on=ended_on,
        )

    previous_priorities[0].objectives.set(
        [objective(WORDING), objective("Cut youth nuisance", year.starts_on - timedelta(days=1))]
    )
    carry_over_issues(year=year)
    sign_in(page, cast["analyst"])
    page.goto(f"/p/{partnership.slug}/priorities/years/{year.pk}/")
    page.get_by_role("link", name="Carry over last cycle's agreed priorities").click()
    heading = page.get_by_role("heading", name="Carry over last cycle's agreed priorities?")
    expect(heading).to_be_visible()
    expect(page.get_by_test_id("objectives-carried")).to_contain_text(WORDING)
    expect(page.get_by_test_id("objectives-left")).to_contain_text("Cut youth nuisance")
    assert_accessible(page)
    page.get_by_role("button", name="Yes, carry them over").click()
    expect(
        page.get_by_text("Proposed again from last year's agreed priorities: 2 priorities.")
    ).to_be_visible()
    # Each carried-over proposal is labelled, and the label passes axe (contrast).
    expect(page.get_by_test_id("carried-over")).to_have_count(2)
    assert_accessible(page)
    copy = year.priorities.get(title=previous_priorities[0].title)
    assert [o.wording for o in copy.objectives.all()] == [WORDING]
