"""Issue 17, point 5: decisions belong to a meeting that has taken place (or is taking
place today); a meeting's date and attendees can be changed, with the usual guard
against a second person's save and a history; a meeting holding decisions cannot move
into the future."""

import re
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from priorities.models import Decision, Meeting, Priority
from priorities.selectors import COMING_SHOWN
from priorities.services.meetings import add_item, create_meeting, record_decision, update_meeting
from tests.edit_clash import seen_stamp

SLUG = "central-bedfordshire"


def _edit_url(meeting, slug=SLUG):
    return reverse("priorities:meeting_edit", kwargs={"slug": slug, "meeting_id": meeting.pk})


def _form(meeting, **changes):
    return {
        "title": meeting.title,
        "held_on": meeting.held_on.isoformat(),
        "location": meeting.location,
        "attendees": meeting.attendees,
        "apologies": meeting.apologies,
        **changes,
    }


# Recording a decision ------------------------------------------------------------


def test_a_decision_at_a_meeting_still_to_come_is_refused(proposal, item, member, cast):
    with pytest.raises(ValidationError, match="20 January 2027, which has not come yet"):
        record_decision(
            item=item,
            priority=proposal,
            outcome="agreed",
            minute="Agreed.",
            decided_by=member(cast["board_member"]),
            today=date(2027, 1, 19),
        )
    assert not Decision.objects.exists()
    proposal.refresh_from_db()
    assert proposal.status == Priority.Status.PROPOSED


def test_a_decision_on_the_day_of_the_meeting_is_recorded(proposal, item, member, cast):
    decision = record_decision(
        item=item,
        priority=proposal,
        outcome="agreed",
        minute="Agreed.",
        decided_by=member(cast["board_member"]),
        today=date(2027, 1, 20),
    )
    assert decision.item.meeting.held_on == date(2027, 1, 20)


def test_the_decision_page_of_a_future_meeting_says_why_and_saves_nothing(
    client_as, cast, proposal, item
):
    # The fixture's meeting is on 20 January 2027, after the day these tests run.
    assert item.meeting.held_on > timezone.localdate()
    url = reverse("priorities:decision_new", kwargs={"slug": SLUG, "item_id": item.pk})
    response = client_as(cast["board_member"]).post(
        url, {"priority": proposal.pk, "outcome": "agreed", "minute": "Agreed."}, follow=True
    )
    page = response.content.decode()
    assert "This meeting is on 20 January 2027, which has not come yet." in page
    assert not Decision.objects.exists()


def test_a_future_meeting_offers_no_decision_and_says_when_it_can(client_as, cast, item):
    url = reverse("priorities:meeting", kwargs={"slug": SLUG, "meeting_id": item.meeting_id})
    page = client_as(cast["board_member"]).get(url).content.decode()
    assert "Record a decision" not in page
    assert "The board's decisions can be recorded from 20 January 2027." in page


def test_a_meeting_held_today_offers_the_decision(client_as, cast, proposal, item, held_today):
    url = reverse("priorities:meeting", kwargs={"slug": SLUG, "meeting_id": item.meeting_id})
    page = client_as(cast["board_member"]).get(url).content.decode()
    assert "Record a decision" in page
    assert 'data-testid="not-held-yet"' not in page


def test_with_no_proposal_waiting_no_decision_is_offered(
    client_as, cast, proposal, item, held_today
):
    client = client_as(cast["board_member"])
    decide = reverse("priorities:decision_new", kwargs={"slug": SLUG, "item_id": item.pk})
    client.post(decide, {"priority": proposal.pk, "outcome": "agreed", "minute": "Agreed."})
    assert Decision.objects.count() == 1
    url = reverse("priorities:meeting", kwargs={"slug": SLUG, "meeting_id": item.meeting_id})
    assert "Record a decision" not in client.get(url).content.decode()
    page = client.get(decide, follow=True).content.decode()
    assert "No proposal is waiting for the board&#x27;s decision." in page


# Changing a meeting ---------------------------------------------------------------


def test_the_analyst_changes_the_date_and_attendees_and_the_page_lists_them(
    client_as, cast, meeting
):
    client = client_as(cast["analyst"])
    seen = seen_stamp(client.get(_edit_url(meeting)).content.decode())
    response = client.post(
        _edit_url(meeting),
        _form(
            meeting,
            held_on="2027-01-27",
            attendees="Chris Morgan, Bedfordshire Police\nSam Taylor, Council",
            seen=seen,
        ),
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.held_on == date(2027, 1, 27)
    assert meeting.attendee_list() == [
        "Chris Morgan, Bedfordshire Police",
        "Sam Taylor, Council",
    ]
    page = client.get(response.url).content.decode()
    assert "<li>Sam Taylor, Council</li>" in page
    assert "Date: 20 January 2027 to 27 January 2027" in page  # the history
    assert "Attendees changed" in page


def test_a_second_edit_of_a_meeting_is_refused(client_as, cast, meeting):
    first = client_as(cast["analyst"])
    seen = seen_stamp(first.get(_edit_url(meeting)).content.decode())
    assert (
        first.post(_edit_url(meeting), _form(meeting, location="Room 1", seen=seen)).status_code
        == 302
    )
    second = client_as(cast["board_member"])
    response = second.post(_edit_url(meeting), _form(meeting, location="Room 2", seen=seen))
    page = response.content.decode()
    assert response.status_code == 200
    assert "This meeting was saved on" in page
    assert "It now differs from yours in: the location." in page
    meeting.refresh_from_db()
    assert meeting.location == "Room 1"


def test_a_meeting_with_decisions_cannot_move_to_a_future_date(agreed, item, client_as, cast):
    meeting = Meeting.objects.get(pk=item.meeting_id)
    meeting.held_on = timezone.localdate()
    meeting.save()
    later = timezone.localdate() + timedelta(days=30)
    response = client_as(cast["analyst"]).post(
        _edit_url(meeting), _form(meeting, held_on=later.isoformat())
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "The board has already recorded 1 decision at this meeting" in page
    assert "Decisions belong to a meeting that has taken place." in page
    meeting.refresh_from_db()
    assert meeting.held_on == timezone.localdate()


def test_a_meeting_with_decisions_can_move_to_another_past_date(agreed, item):
    meeting = update_meeting(
        meeting=item.meeting,
        held_on=date(2027, 1, 13),
        title="Partnership board",
        today=date(2027, 2, 1),
    )
    assert meeting.held_on == date(2027, 1, 13)


def test_a_meeting_without_decisions_can_move_to_the_future(meeting):
    update_meeting(
        meeting=meeting, held_on=date(2027, 6, 1), title="Partnership board", today=date(2027, 1, 1)
    )
    meeting.refresh_from_db()
    assert meeting.held_on == date(2027, 6, 1)


def test_a_meeting_change_is_kept_in_its_history(meeting):
    update_meeting(
        meeting=meeting, held_on=meeting.held_on, title="Extraordinary board", location="Hall"
    )
    titles = list(meeting.history.order_by("history_date").values_list("title", flat=True))
    assert titles == ["Partnership board", "Extraordinary board"]


@pytest.mark.parametrize(
    "role,status", [("analyst", 200), ("board_member", 200), ("theme_specialist", 403)]
)
def test_who_may_change_a_meeting(client_as, cast, meeting, role, status):
    assert client_as(cast[role]).get(_edit_url(meeting)).status_code == status


def test_another_partnerships_member_gets_404_for_the_meeting_edit(client_as, cast, meeting):
    response = client_as(cast["outsider"]).post(_edit_url(meeting), _form(meeting, title="Mine"))
    assert response.status_code == 404
    meeting.refresh_from_db()
    assert meeting.title == "Partnership board"


def test_a_meeting_in_another_partnership_is_404_under_its_own_slug(
    client_as, cast, other_partnership
):
    theirs = create_meeting(partnership=other_partnership, held_on=date(2026, 9, 1))
    add_item(meeting=theirs, title="Their item")
    response = client_as(cast["analyst"]).get(_edit_url(theirs))
    assert response.status_code == 404


# The meeting list -----------------------------------------------------------------


def _meetings_page(client) -> str:
    return client.get(reverse("priorities:meetings", kwargs={"slug": SLUG})).content.decode()


def _section(page: str, testid: str) -> str:
    return re.search(rf'data-testid="{testid}">(.*?)</ul>', page, re.S).group(1)


def test_the_meeting_list_shows_meetings_to_come_soonest_first_then_those_held(
    client_as, cast, partnership
):
    today = timezone.localdate()
    for title, days in [
        ("Spring board", -40),
        ("Winter board", -5),
        ("Today's board", 0),
        ("Summer board", 60),
        ("Autumn board", 20),
    ]:
        create_meeting(partnership=partnership, title=title, held_on=today + timedelta(days))
    Meeting.objects.filter(title="Spring board").update(closed_at=timezone.now())

    page = _meetings_page(client_as(cast["board_member"]))

    coming = _section(page, "meetings-coming")
    held = _section(page, "meetings-held")
    assert [t for t in re.findall(r">([^<,>]+ board),", coming)] == [
        "Today&#x27;s board",
        "Autumn board",
        "Summer board",
    ]
    assert "today</strong>" in coming
    assert coming.count("today</strong>") == 1
    assert re.findall(r">([^<,>]+ board),", held) == ["Winter board", "Spring board"]
    assert "Winter board" in held.split("(not closed yet)")[0]
    assert "Spring board" in held.split("(not closed yet)")[1]
    assert "(closed)" in held


def test_with_only_past_meetings_the_list_says_none_is_arranged(client_as, cast, partnership):
    create_meeting(
        partnership=partnership,
        title="Old board",
        held_on=timezone.localdate() - timedelta(days=3),
    )

    page = _meetings_page(client_as(cast["board_member"]))

    assert "No meetings arranged yet." in page
    assert "Old board" in _section(page, "meetings-held")


def test_the_meeting_list_with_no_meetings_says_so(client_as, cast):
    page = _meetings_page(client_as(cast["board_member"]))
    assert "No meetings yet." in page
    assert "Coming up" not in page


def test_todays_closed_meeting_is_marked_and_a_long_run_of_meetings_says_it_is_cut(
    client_as, cast, partnership
):
    today = timezone.localdate()
    create_meeting(partnership=partnership, title="Today's board", held_on=today)
    Meeting.objects.filter(title="Today's board").update(closed_at=timezone.now())

    page = _meetings_page(client_as(cast["board_member"]))
    assert 'today</strong> <span class="small">(closed)</span>' in _section(page, "meetings-coming")
    assert f"These are the next {COMING_SHOWN} meetings." not in page

    for days in range(1, COMING_SHOWN + 3):
        create_meeting(
            partnership=partnership, title=f"Board {days}", held_on=today + timedelta(days)
        )
    page = _meetings_page(client_as(cast["board_member"]))
    assert _section(page, "meetings-coming").count("<li") == COMING_SHOWN
    assert f"These are the next {COMING_SHOWN} meetings." in page
