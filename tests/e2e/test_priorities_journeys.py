# ruff: noqa: F811 - the shared priorities fixtures are imported, then requested by name
"""Priorities journeys in Chromium, axe-core on every page: the analyst proposes three
priorities and sees the comparison with last cycle; a board member records decisions;
a lead enters a KPI figure and the status changes; a lead changes a KPI, corrects a
figure and removes one; an admin completes a checklist item
with evidence; a theme specialist cannot record a decision; the county sees a
district's escalation."""

import re

import pytest
from playwright.sync_api import expect

from partnerships.models import Membership, Role
from priorities.models import Decision
from priorities.services.escalations import escalate_priority
from tests.conftest import make_user
from tests.e2e.conftest import assert_accessible, follow, sign_in
from tests.priorities.conftest import (  # noqa: F401 - fixtures shared with the unit tests
    action,
    agreed,
    checklists,
    closed_round,
    figure,
    held_today,
    issues,
    item,
    kpi,
    last_year,
    meeting,
    previous_priorities,
    proposal,
    run,
    year,
)

SLUG = "central-bedfordshire"


def test_the_analyst_proposes_three_priorities_and_sees_the_comparison(
    page, cast, year, issues, closed_round, previous_priorities
):
    sign_in(page, cast["analyst"])
    page.get_by_role("link", name="Priorities", exact=True).first.click()
    expect(page.get_by_role("heading", name=re.compile("Priorities for"))).to_be_visible()
    assert_accessible(page)
    for title, emphasis, issue in [
        ("Anti-social behaviour", "Emphasis on repeat victims", "Anti-social behaviour (rank 1)"),
        ("Reduce re-offending", "Supporting IOM", "Reducing re-offending (rank 2)"),
        ("Domestic abuse", "More reporting and MARAC referrals", "Domestic abuse (rank 3)"),
    ]:
        follow(page.get_by_role("link", name="Propose a priority"))
        assert_accessible(page)
        page.get_by_label(issue).check()
        page.get_by_label("Title").fill(title)
        page.get_by_label("Emphasis").fill(emphasis)
        page.get_by_role("button", name="Save proposal").click()
        expect(page.get_by_text(f"{title} proposed.")).to_be_visible()
    comparison = page.get_by_test_id("comparison")
    expect(comparison).to_contain_text("Continued")
    expect(comparison).to_contain_text("Dropped")
    expect(comparison.get_by_role("row", name=re.compile("New Domestic abuse"))).to_be_visible()
    assert_accessible(page)


def test_a_board_member_records_decisions_and_a_theme_specialist_cannot(
    page, new_page, cast, proposal, item, held_today
):
    sign_in(page, cast["board_member"])
    page.goto(f"/p/{SLUG}/priorities/meetings/{item.meeting_id}/")
    assert_accessible(page)
    follow(page.get_by_role("link", name=re.compile("Record a decision")))
    assert_accessible(page)
    page.get_by_role("button", name="Record decision").click()  # no minute: refused
    expect(page.locator("#error_1_id_minute")).to_contain_text("Enter minute.")
    page.get_by_label("Agreed with amendments").check()
    page.get_by_label("Minute").fill("Agreed, with the emphasis reviewed at six months.")
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_test_id("decision")).to_contain_text("Agreed with amendments")
    assert_accessible(page)
    assert Decision.objects.get().snapshot["emphasis"] == "Emphasis on repeat victims"

    jo = new_page()
    sign_in(jo, cast["theme_specialist"])
    jo.goto(f"/p/{SLUG}/priorities/meetings/{item.meeting_id}/")
    expect(jo.get_by_role("link", name=re.compile("Record a decision"))).to_have_count(0)
    response = jo.goto(f"/p/{SLUG}/priorities/items/{item.pk}/decisions/new/")
    assert response.status == 403


def test_a_lead_enters_a_kpi_figure_and_the_status_changes(new_page, cast, kpi):
    page = new_page(375)
    sign_in(page, cast["board_member"])
    page.goto(f"/p/{SLUG}/priorities/{kpi.priority_id}/")
    expect(page.get_by_test_id("kpi-status")).to_have_text("No figures yet")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Enter a figure")).click()
    page.get_by_label("Period ending").fill("2026-09-30")
    page.get_by_label(re.compile("Figure for")).fill("100")
    page.get_by_role("button", name="Save figure").click()
    expect(page.get_by_test_id("kpi-status")).to_have_text("On track")
    expect(page.get_by_role("img", name=re.compile("latest 100"))).to_be_visible()
    assert_accessible(page)


def test_a_lead_changes_a_kpi_corrects_a_figure_and_removes_one(page, cast, kpi, figure):
    sign_in(page, cast["board_member"])  # Chris leads the priority
    page.goto(f"/p/{SLUG}/priorities/{kpi.priority_id}/")
    expect(page.get_by_test_id("kpi-status")).to_have_text("On track")
    assert_accessible(page)

    page.get_by_role("link", name="Change the KPI Repeat victims of ASB").click()
    heading = page.get_by_role("heading", name="Change the KPI: Repeat victims of ASB")
    expect(heading).to_be_visible()
    assert_accessible(page)
    page.get_by_label("KPI").fill("Repeat victims of anti-social behaviour")
    page.get_by_label("Target").fill("120")  # the same as the baseline: refused
    page.get_by_role("button", name="Save KPI").click()
    expect(
        page.get_by_test_id("error-summary").get_by_role(
            "link", name="The target must differ from the baseline."
        )
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Target").fill("105")
    page.get_by_role("button", name="Save KPI").click()
    expect(page.get_by_text("KPI saved: Repeat victims of anti-social behaviour.")).to_be_visible()
    expect(page.get_by_test_id("kpi-status")).to_have_text("On track")

    name = "the figure for 31 March 2027, Repeat victims of anti-social behaviour"
    follow(page.get_by_role("link", name=f"Correct {name}"))
    assert_accessible(page)
    page.get_by_label(re.compile("Figure for")).fill("115")
    page.get_by_role("button", name="Save the correction").click()
    expect(page.get_by_text("Figure corrected for Repeat victims")).to_be_visible()
    expect(page.get_by_test_id("kpi-status")).to_have_text("At risk")
    assert_accessible(page)

    page.get_by_role("link", name=f"Remove {name}").click()
    expect(
        page.get_by_role("heading", name="Remove the figure for the period ending 31 March 2027?")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Yes, remove the figure").click()
    expect(page.get_by_text("Figure for the period ending 31 March 2027 removed")).to_be_visible()
    expect(page.get_by_test_id("kpi-status")).to_have_text("No figures yet")
    expect(page.get_by_role("link", name=re.compile("^Correct the figure"))).to_have_count(0)
    assert_accessible(page)


def test_the_admin_completes_a_checklist_item_with_evidence(page, cast, run):
    sign_in(page, cast["admin"])
    page.goto(f"/p/{SLUG}/priorities/checklists/{run.pk}/")
    assert_accessible(page)
    follow(page.get_by_role("link", name=re.compile("^The partnership has a strategy group")))
    assert_accessible(page)
    page.get_by_label("RAG status").select_option("green")
    page.get_by_role("button", name="Save item").click()
    expect(
        page.get_by_test_id("error-summary").get_by_role("link", name="Add evidence")
    ).to_be_visible()
    page.get_by_label("Evidence link").fill("https://example.org/terms-of-reference.pdf")
    page.get_by_label("Status key").select_option("terms_of_reference")
    page.get_by_role("button", name="Save item").click()
    expect(page.get_by_test_id("progress")).to_contain_text("1 of")
    assert_accessible(page)


@pytest.fixture
def county_analyst(county):
    user = make_user("kim@example.org", "Kim", "Ward")
    Membership.objects.create(user=user, partnership=county, role=Role.ANALYST)
    return user


def test_the_county_sees_a_districts_escalation(page, county_analyst, agreed):
    escalate_priority(priority=agreed, reason="Repeat victims cross district borders.")
    sign_in(page, county_analyst)
    page.goto("/p/safer-bedfordshire/priorities/escalations/")
    table = page.get_by_test_id("escalations")
    expect(table).to_contain_text("Central Bedfordshire CSP")
    expect(table).to_contain_text("Repeat victims cross district borders.")
    assert_accessible(page)
