# ruff: noqa: F811 - the shared plan fixtures are imported, then requested by name
"""The partnership plan in Chromium, axe-core on every page: the analyst drafts it from
the agreed priorities, records the board's agreement, publishes it, records sending it
to the commissioner and makes its PDF; a member of the public reads it on a phone; the
annual revision shows what changed against the version the board agreed."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from plans import rendering
from plans.models import Plan, PlanRender
from plans.services import publish_plan, record_plan_decision, start_plan, update_plan
from tests.e2e.conftest import assert_accessible, follow, sign_in
from tests.plans.conftest import (  # noqa: F401 - shared fixtures
    agree,
    asb,
    board_item,
    pcc_office,
    year,
)

SLUG = "central-bedfordshire"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def agreed(partnership, year, asb, board_item, member, cast):
    plan = update_plan(
        plan=start_plan(partnership=partnership, year=year),
        summary="We will put our effort where harm is greatest.",
        engagement="Street surgeries in each town every quarter.",
        involvement="Residents sit on the anti-social behaviour panel.",
        resources=[
            {"agency": "Bedfordshire Police", "commitment": "Two problem-solving officers"},
            {"agency": "Central Bedfordshire Council", "commitment": "An ASB caseworker"},
        ],
    )
    record_plan_decision(
        plan=plan,
        item=board_item,
        outcome="agreed",
        minute="Agreed as drafted.",
        recorded_by=member(cast["analyst"]),
    )
    plan.refresh_from_db()
    return plan


def test_the_analyst_drafts_the_plan_the_board_agrees_it_and_it_is_published(
    page, cast, year, asb, board_item, pcc_office, media
):
    sign_in(page, cast["analyst"])
    page.goto(f"/p/{SLUG}/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Plan").click()
    expect(page.get_by_test_id("no-plan")).to_be_visible()
    assert_accessible(page)

    follow(page.get_by_role("link", name="Start the plan"))
    assert_accessible(page)
    page.get_by_label("The year the plan starts from").select_option(str(year.pk))
    page.get_by_role("button", name="Start the draft").click()
    expect(page.get_by_text("Version 1 started as a draft")).to_be_visible()
    priority = page.get_by_test_id("plan-priority")
    expect(priority).to_contain_text("Anti-social behaviour")
    expect(priority.locator("dt", has_text="Lead agency")).to_be_visible()
    expect(priority.locator("dd", has_text="Chris Morgan")).to_be_visible()
    expect(priority.locator("dd", has_text="Bedfordshire Police")).to_be_visible()
    expect(priority).to_contain_text("Repeat victims of ASB: from 120 to 90")
    expect(priority).to_contain_text("Map repeat victims with the council")
    assert_accessible(page)

    follow(page.get_by_role("link", name="Change the draft"))
    assert_accessible(page)
    page.get_by_label("How we will engage our communities").fill("Street surgeries.")
    page.get_by_label("What partners commit").fill("Bedfordshire Police")
    page.get_by_role("button", name="Save draft").click()
    expect(
        page.get_by_test_id("error-summary").get_by_role(
            "link", name="Line 1 needs an agency and what it commits"
        )
    ).to_be_visible()
    assert_accessible(page)
    assert Plan.objects.get().engagement == "", "a refused form saves nothing"
    page.get_by_label("What partners commit").fill("Bedfordshire Police | Two officers")
    page.get_by_label("Years it covers").select_option("4")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Version 1 saved.")).to_be_visible()
    expect(page.get_by_test_id("resources")).to_contain_text("Two officers")
    expect(page.get_by_test_id("plan-span")).to_contain_text("the four years")
    assert_accessible(page)

    page.get_by_role("link", name="Record the board's decision").click()
    page.get_by_label("Agenda item").select_option(str(board_item.pk))
    page.get_by_label("Agreed", exact=True).check()
    page.get_by_label("Minute").fill("Agreed as drafted.")
    page.get_by_role("button", name="Record decision").click()  # not confirmed: refused
    expect(
        page.get_by_test_id("error-summary").get_by_role(
            "link", name="Confirm that this is what the board decided."
        )
    ).to_be_visible()
    assert_accessible(page)
    assert Plan.objects.get().is_draft()
    page.get_by_label(re.compile("I confirm this is what the board decided")).check()
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_text(re.compile("Decision recorded: version 1, agreed"))).to_be_visible()
    expect(page.get_by_test_id("plan-status")).to_contain_text("agreed by the board")
    expect(page.get_by_test_id("plan-decision")).to_contain_text("Agreed as drafted.")
    assert_accessible(page)

    page.get_by_role("link", name="Publish this version").click()
    expect(page.get_by_role("heading", name=re.compile("Publish version 1"))).to_be_visible()
    assert_accessible(page)
    assert Plan.objects.get().published_at is None
    page.get_by_role("button", name="Yes, publish it").click()
    expect(page.get_by_text("Version 1 published.")).to_be_visible()
    assert_accessible(page)

    follow(page.get_by_role("link", name="Record sending to the commissioner"))
    assert_accessible(page)
    page.get_by_label("Date sent").fill(timezone.localdate().isoformat())
    page.get_by_label("Sent to").fill("The commissioner's chief executive")
    page.get_by_label("Email", exact=True).check()
    page.get_by_label(re.compile("I confirm the plan was sent")).check()
    page.get_by_role("button", name="Record sending").click()
    expect(page.get_by_test_id("plan-sending")).to_contain_text(
        "Office of the Police and Crime Commissioner for Bedfordshire"
    )
    assert_accessible(page)

    page.get_by_role("button", name="Make the PDF").click()
    expect(page.get_by_test_id("pdf-status")).to_contain_text("Queued")
    assert_accessible(page)
    # The worker's part, run here: the page then offers the PDF.
    assert rendering.run_render(render_id=PlanRender.objects.get().pk) == "done"
    page.reload()
    expect(page.get_by_test_id("pdf-status")).to_contain_text("Ready")
    assert_accessible(page)


def test_a_member_of_the_public_reads_the_plan_on_a_phone(new_page, agreed, member, cast, media):
    publish_plan(plan=agreed, by=member(cast["analyst"]))
    render = rendering.request_pdf(plan=agreed, by=member(cast["analyst"]))
    assert rendering.run_render(render_id=render.pk) == "done"

    phone = new_page(width=375)
    phone.goto(f"/public/{SLUG}/plan/")
    expect(phone.get_by_role("heading", level=1)).to_contain_text("our partnership plan")
    expect(phone.get_by_role("heading", name=re.compile("Anti-social behaviour"))).to_be_visible()
    expect(phone.get_by_test_id("resources")).to_contain_text("Two problem-solving officers")
    expect(phone.get_by_role("link", name="Download the plan as a PDF")).to_be_visible()
    # Nothing wider than the phone: no sideways scrolling to read the plan.
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    # Signed out, the page offers no sign-in menu and none of the members' buttons.
    expect(phone.get_by_role("link", name="Change the draft")).to_have_count(0)
    assert_accessible(phone)
    with phone.expect_download() as download:
        phone.get_by_role("link", name="Download the plan as a PDF").click()
    assert download.value.suggested_filename.endswith("-v1.pdf")


def test_the_annual_revision_shows_what_changed(page, agreed, year, cast):
    agree(year, "Domestic abuse")
    sign_in(page, cast["analyst"])
    page.goto(f"/p/{SLUG}/plan/")
    assert_accessible(page)
    page.get_by_role("link", name="Start the annual revision").click()
    page.get_by_role("button", name="Start the draft").click()
    expect(page.get_by_text(re.compile("Version 2 started as a draft"))).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Change the draft").click()
    page.get_by_label("How we will engage our communities").fill(
        "Street surgeries in each town every month."
    )
    page.get_by_label("What partners commit").fill(
        "Central Bedfordshire Council | An ASB caseworker\n"
        "Bedfordshire Fire and Rescue Service | Safe and well visits"
    )
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Version 2 saved.")).to_be_visible()

    page.get_by_role("link", name="What changed since version 1").click()
    expect(page.get_by_role("heading", name="What changed in version 2")).to_be_visible()
    added = page.get_by_test_id("change-added")
    expect(added.filter(has_text="Priority: Domestic abuse")).to_have_count(1)
    expect(added.filter(has_text="Bedfordshire Fire and Rescue Service")).to_have_count(1)
    removed = page.get_by_test_id("change-removed")
    expect(removed).to_contain_text("Removed: Bedfordshire Police: Two problem-solving officers")
    engagement = page.get_by_role("region", name="How we will engage our communities")
    expect(engagement.locator("del")).to_contain_text("quarter.")
    expect(engagement.locator("ins")).to_contain_text("month.")
    assert_accessible(page)
