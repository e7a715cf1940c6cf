"""Issue 14, point 8: a group meeting refuses to close until each item has a decision
on actions. The analyst sets up the operational delivery group and makes Jo its chair;
Jo runs its meeting: adds two items, records the decision on one, tries to close the
meeting (refused, the message names the other item), records the other decision and
closes it. axe-core on every page."""

import re
from datetime import date, timedelta

from django.utils import timezone
from playwright.sync_api import expect

from priorities.models import Group, Meeting
from priorities.services.groups import ask_group, create_group, create_group_meeting
from priorities.services.meetings import (
    add_item,
    close_meeting,
    create_meeting,
    raise_action,
    record_item_outcome,
)
from tests.e2e.conftest import assert_accessible, follow, sign_in


def test_a_group_meeting_refuses_to_close_until_each_item_has_a_decision(new_page, cast):
    # The analyst sets up the group and chooses its chair.
    page = new_page()
    sign_in(page, cast["analyst"])
    page.get_by_role("link", name="Priorities", exact=True).first.click()
    page.get_by_role("link", name="Groups", exact=True).click()
    expect(page.get_by_role("heading", name="Groups", exact=True)).to_be_visible()
    assert_accessible(page)
    follow(page.get_by_role("link", name="Set up a group"))
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
    follow(page.get_by_role("link", name="New meeting"))
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

    follow(page.get_by_role("link", name="Record the outcome of Hotspot patrols"))
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


def test_the_other_group_pages_are_accessible(page, cast, partnership, membership_of):
    """The pages the journey does not pass through: changing a group, asking it for a
    decision, its page with questions and actions, and reopening a closed meeting."""
    jo = membership_of(cast["theme_specialist"], partnership)
    group = create_group(
        partnership=partnership,
        kind=Group.Kind.INTELLIGENCE,
        name="Joint action group",
        members=[jo],
        chair=jo,
    )
    meeting = create_group_meeting(group=group, held_on=date(2026, 11, 10))
    item = add_item(meeting=meeting, title="Repeat callers")
    record_item_outcome(item=item, outcome="Refer the top five to the panel.")
    raise_action(
        partnership=partnership,
        title="Refer the top five",
        due_on=date(2026, 12, 1),
        raised_on=date(2026, 11, 10),
        item=item,
        owner_group=group,
    )
    close_meeting(meeting=meeting, closed_by=jo)
    ask_group(
        group=group,
        question="Should the group meet monthly?",
        due_on=date(2099, 1, 31),
        asked_by=membership_of(cast["board_member"], partnership),
        asked_on=date(2026, 11, 1),
    )
    base = f"/p/{partnership.slug}/priorities"
    sign_in(page, cast["analyst"])
    for url, heading in [
        (f"{base}/groups/{group.pk}/", "Joint action group"),
        (f"{base}/groups/{group.pk}/edit/", "Change Joint action group"),
        (f"{base}/groups/{group.pk}/ask/", "Ask Joint action group for a decision"),
        (f"{base}/meetings/{meeting.pk}/", re.compile("Joint action group, 10 November 2026")),
        (f"{base}/meetings/{meeting.pk}/reopen/", "Reopen the meeting of 10 November 2026?"),
    ]:
        page.goto(url)
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
        assert_accessible(page)
    page.get_by_role("button", name="Yes, reopen the meeting").click()
    expect(page.get_by_text("Meeting reopened.")).to_be_visible()
    assert_accessible(page)


def test_a_board_member_sees_the_next_meetings_apart_from_those_held(
    new_page, cast, partnership, live_server
):
    today = timezone.localdate()
    create_meeting(partnership=partnership, title="Winter board", held_on=today - timedelta(9))
    create_meeting(partnership=partnership, title="Spring board", held_on=today + timedelta(30))

    page = new_page()
    sign_in(page, cast["board_member"])
    page.goto(f"{live_server.url}/p/{partnership.slug}/priorities/meetings/")
    expect(page.get_by_role("heading", name="Coming up")).to_be_visible()
    expect(page.get_by_test_id("meetings-coming").get_by_role("link")).to_have_text(
        re.compile("^Spring board, ")
    )
    expect(page.get_by_test_id("meetings-held")).to_contain_text("Winter board")
    expect(page.get_by_test_id("meetings-held")).to_contain_text("(not closed yet)")
    assert_accessible(page)
