"""Issue 14, point 8: a group meeting refuses to close until each item has a decision
on actions. The analyst sets up the operational delivery group and makes Jo its chair;
Jo runs its meeting: adds two items, records the decision on one, tries to close the
meeting (refused, the message names the other item), records the other decision and
closes it. axe-core on every page."""

import re

from playwright.sync_api import expect

from priorities.models import Group, Meeting
from tests.e2e.conftest import assert_accessible, sign_in


def test_a_group_meeting_refuses_to_close_until_each_item_has_a_decision(new_page, cast):
    # The analyst sets up the group and chooses its chair.
    page = new_page()
    sign_in(page, cast["analyst"])
    page.get_by_role("link", name="Priorities", exact=True).first.click()
    page.get_by_role("link", name="Groups", exact=True).click()
    expect(page.get_by_role("heading", name="Groups", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Set up a group").click()
    assert_accessible(page)
    page.get_by_label("Operational delivery group").check()
    page.get_by_role("textbox", name="Name").fill("Operational delivery group")
    page.get_by_label("Purpose").fill("Turns the board's priorities into delivery plans.")
    page.get_by_role("button", name="Save group").click()
    expect(page.get_by_text("Now choose its members and chair.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Jo Evans").check()
    page.get_by_label("Chair").select_option(label="Jo Evans")
    page.get_by_role("button", name="Save members").click()
    expect(page.get_by_text("Chair: Jo Evans.")).to_be_visible()
    assert_accessible(page)

    # Jo, a theme specialist who chairs the group, runs its meeting.
    page = new_page()
    sign_in(page, cast["theme_specialist"])
    group = Group.objects.get()
    page.goto(f"/p/{group.partnership.slug}/priorities/groups/{group.pk}/")
    page.get_by_role("link", name="New meeting").click()
    assert_accessible(page)
    page.get_by_label("Date").fill("2026-11-10")
    page.get_by_role("button", name="Save meeting").click()
    expect(page.get_by_text("Meeting saved. Now add the agenda.")).to_be_visible()
    assert_accessible(page)
    for title in ("Hotspot patrols", "CCTV review"):
        page.get_by_label("Agenda item").fill(title)
        page.get_by_role("button", name="Add item").click()
        expect(page.get_by_role("heading", name=re.compile(title))).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Record the outcome of Hotspot patrols").click()
    assert_accessible(page)
    page.get_by_label("Decisions on actions").fill("Keep joint patrols for another quarter.")
    page.get_by_role("button", name="Save outcome").click()
    expect(page.get_by_text("Outcome saved.")).to_be_visible()

    # Closing while the CCTV review has no decision is refused, naming it.
    page.get_by_role("link", name="Close the meeting").click()
    heading = page.get_by_role("heading", name="Close the meeting of 10 November 2026?")
    expect(heading).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Yes, close the meeting").click()
    expect(
        page.get_by_text("the item “CCTV review” has no decision on actions yet")
    ).to_be_visible()
    assert_accessible(page)
    meeting = Meeting.objects.get()
    assert meeting.closed_at is None

    page.get_by_role("link", name="Record the outcome of CCTV review").click()
    page.get_by_label("Decisions on actions").fill("Commission a review; report in March.")
    page.get_by_role("button", name="Save outcome").click()
    page.get_by_role("link", name="Close the meeting").click()
    page.get_by_role("button", name="Yes, close the meeting").click()
    closed = "Meeting closed. Every agenda item has its decision on actions."
    expect(page.get_by_text(closed)).to_be_visible()
    expect(page.get_by_test_id("meeting-closed")).to_contain_text("by Jo Evans")
    expect(page.get_by_role("link", name=re.compile("Record the outcome"))).to_have_count(0)
    assert_accessible(page)
    meeting.refresh_from_db()
    assert meeting.closed_by.user == cast["theme_specialist"]

    # The group's page lists the closed meeting.
    page.get_by_role("link", name="Operational delivery group").first.click()
    expect(page.get_by_text("(closed)")).to_be_visible()
    assert_accessible(page)
