"""Resetting the calendar link, in Chromium with axe-core on every page: a board member
finds their calendar from the menu, their feed opens in a calendar program's place
(fetched without signing in, read with icalendar), they reset the link through its
confirm page, and the old link stops working while the new one works."""

from datetime import timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import expect

from cycles.models import CalendarFeed
from priorities.models import Meeting
from tests.e2e.conftest import assert_accessible, sign_in


@pytest.fixture
def meeting(partnership, cast):
    return Meeting.objects.create(
        partnership=partnership,
        title="Partnership board",
        held_on=timezone.localdate() + timedelta(days=14),
    )


def _events(request, url) -> list[str]:
    response = request.get(url)
    assert response.status == 200
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.body())
    return [str(event["summary"]) for event in calendar.walk("VEVENT")]


def test_a_board_member_resets_their_calendar_link(page, new_page, cast, meeting):
    sign_in(page, cast["board_member"])
    page.get_by_role("navigation").get_by_role(
        "link", name=cast["board_member"].get_full_name()
    ).click()
    expect(page.get_by_role("heading", name="Your account", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("main").get_by_role("link", name="Your calendar").click()
    expect(page.get_by_role("heading", name="Your calendar", level=1)).to_be_visible()
    assert_accessible(page)

    old_link = page.get_by_label("Calendar link").input_value()
    assert old_link.endswith(".ics")
    # A calendar program fetches the link with no sign-in: a fresh browser context.
    outsider = new_page()
    assert _events(outsider.request, old_link) == ["Meeting: Partnership board"]

    # The reset asks first; cancelling changes nothing.
    page.get_by_role("link", name="Reset your calendar link").click()
    expect(page.get_by_role("heading", name="Reset your calendar link")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Cancel").click()
    assert page.get_by_label("Calendar link").input_value() == old_link

    page.get_by_role("link", name="Reset your calendar link").click()
    page.get_by_role("button", name="Reset the link").click()
    expect(page.get_by_text("Your calendar link has been reset.")).to_be_visible()
    assert_accessible(page)
    new_link = page.get_by_label("Calendar link").input_value()
    assert new_link != old_link
    assert new_link.endswith(f"/calendar/{CalendarFeed.objects.get().token}.ics")

    assert outsider.request.get(old_link).status == 404
    assert _events(outsider.request, new_link) == ["Meeting: Partnership board"]
