"""Issue 14, point 5: every agenda item ends in a decision on actions (seed 004). A
meeting, the board's or a group's, closes only when each item has one; closing with an
item that has none is refused, names the item and changes nothing. A closed meeting is
read-only until an admin or analyst reopens it, after a confirmation."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from priorities import rules
from priorities.models import Group, Item
from priorities.services.groups import create_group, create_group_meeting
from priorities.services.meetings import (
    add_item,
    close_meeting,
    raise_action,
    record_item_outcome,
    reopen_meeting,
)

SLUG = "central-bedfordshire"


def _url(name, **kwargs):
    return reverse(f"priorities:{name}", kwargs={"slug": SLUG, **kwargs})


# The rule ------------------------------------------------------------------------------


def test_items_without_a_decision_on_actions_are_named_in_agenda_order():
    items = [("Patrols", "Extend to Sundays."), ("CCTV", ""), ("Street lights", "  ")]
    assert rules.undecided_items(items) == ["CCTV", "Street lights"]
    assert rules.undecided_items([("Patrols", "Agreed.")]) == []


def test_the_refusal_names_one_item_or_counts_several():
    assert "the item “CCTV” has no decision on actions yet" in rules.closing_refusal(["CCTV"])
    several = rules.closing_refusal(["CCTV", "Street lights"])
    assert "2 items have no decision on actions yet: “CCTV”, “Street lights”" in several


# The service ---------------------------------------------------------------------------


@pytest.fixture
def agenda(meeting):
    decided = add_item(meeting=meeting, title="Hotspot patrols")
    record_item_outcome(item=decided, outcome="Extend patrols to Sundays.")
    undecided = add_item(meeting=meeting, title="CCTV review")
    return decided, undecided


def test_closing_with_an_undecided_item_is_refused_and_changes_nothing(
    meeting, agenda, member, cast
):
    with pytest.raises(ValidationError, match="the item “CCTV review” has no decision"):
        close_meeting(meeting=meeting, closed_by=member(cast["analyst"]))
    meeting.refresh_from_db()
    assert meeting.closed_at is None and meeting.closed_by is None
    assert meeting.history.count() == 1  # only its creation


def test_a_meeting_closes_once_every_item_has_its_decision(meeting, agenda, member, cast):
    record_item_outcome(item=agenda[1], outcome="Commission a review; report in March.")
    close_meeting(meeting=meeting, closed_by=member(cast["analyst"]))
    meeting.refresh_from_db()
    assert meeting.is_closed()
    assert meeting.closed_by == member(cast["analyst"])
    assert meeting.history.first().closed_at is not None


def test_a_meeting_without_an_agenda_is_not_closed(meeting, member, cast):
    with pytest.raises(ValidationError, match="no agenda items yet"):
        close_meeting(meeting=meeting, closed_by=member(cast["analyst"]))


@pytest.fixture
def closed(meeting, agenda, member, cast):
    record_item_outcome(item=agenda[1], outcome="Commission a review.")
    return close_meeting(meeting=meeting, closed_by=member(cast["analyst"]))


def test_a_closed_meeting_is_read_only(closed, partnership):
    item = closed.items.first()
    with pytest.raises(ValidationError, match="cannot be changed"):
        add_item(meeting=closed, title="Late item")
    with pytest.raises(ValidationError, match="cannot be changed"):
        record_item_outcome(item=item, outcome="Something else.")
    with pytest.raises(ValidationError, match="cannot be changed"):
        raise_action(
            partnership=partnership,
            title="Late action",
            due_on=date(2027, 3, 1),
            raised_on=date(2027, 1, 20),
            item=item,
            owner_agency=None,
        )
    assert closed.items.count() == 2
    item.refresh_from_db()
    assert item.outcome == "Extend patrols to Sundays."


def test_a_reopened_meeting_can_be_changed_again(closed):
    reopen_meeting(meeting=closed)
    add_item(meeting=closed, title="Late item")
    assert closed.items.count() == 3


# The pages ------------------------------------------------------------------------------


def test_the_board_meeting_refuses_to_close_and_names_the_item(client_as, cast, meeting, agenda):
    client = client_as(cast["board_member"])
    confirm = client.get(_url("meeting_close", meeting_id=meeting.pk))
    assert "Close the meeting of 20 January 2027?" in confirm.content.decode()
    response = client.post(
        _url("meeting_close", meeting_id=meeting.pk), {"confirm": "yes"}, follow=True
    )
    assert "the item “CCTV review” has no decision on actions yet" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.closed_at is None


def test_closing_without_the_confirmation_changes_nothing(client_as, cast, meeting, agenda):
    record_item_outcome(item=agenda[1], outcome="Commission a review.")
    client_as(cast["analyst"]).post(_url("meeting_close", meeting_id=meeting.pk))
    meeting.refresh_from_db()
    assert meeting.closed_at is None


def test_the_board_meeting_closes_and_its_page_says_so(client_as, cast, meeting, agenda):
    record_item_outcome(item=agenda[1], outcome="Commission a review.")
    client = client_as(cast["analyst"])
    response = client.post(
        _url("meeting_close", meeting_id=meeting.pk), {"confirm": "yes"}, follow=True
    )
    page = response.content.decode()
    assert "Meeting closed." in page
    assert "by Sam Taylor" in page
    assert "Closed by: set to Sam Taylor" in page  # the meeting's history
    assert "Add an agenda item" not in page
    assert _url("meeting_reopen", meeting_id=meeting.pk) in page


def test_a_theme_specialist_cannot_close_a_board_meeting(client_as, cast, meeting, agenda):
    response = client_as(cast["theme_specialist"]).post(
        _url("meeting_close", meeting_id=meeting.pk), {"confirm": "yes"}
    )
    assert response.status_code == 403


def test_another_partnership_cannot_close_or_reopen(client_as, cast, meeting):
    client = client_as(cast["outsider"])
    for name in ("meeting_close", "meeting_reopen"):
        assert client.get(_url(name, meeting_id=meeting.pk)).status_code == 404


def test_a_closed_meetings_forms_say_why_and_save_nothing(client_as, cast, closed):
    client = client_as(cast["analyst"])
    response = client.post(
        _url("item_new", meeting_id=closed.pk), {"title": "Late item"}, follow=True
    )
    assert "This meeting is closed, so it cannot be changed." in response.content.decode()
    assert not Item.objects.filter(title="Late item").exists()


def test_only_admins_and_analysts_reopen(client_as, cast, closed):
    response = client_as(cast["board_member"]).post(
        _url("meeting_reopen", meeting_id=closed.pk), {"confirm": "yes"}
    )
    assert response.status_code == 403
    closed.refresh_from_db()
    assert closed.is_closed()
    client = client_as(cast["admin"])
    assert (
        "Reopen the meeting of"
        in client.get(_url("meeting_reopen", meeting_id=closed.pk)).content.decode()
    )
    client.post(_url("meeting_reopen", meeting_id=closed.pk), {"confirm": "yes"})
    closed.refresh_from_db()
    assert not closed.is_closed()


def test_a_groups_chair_closes_the_groups_meeting(client_as, cast, partnership, member):
    group = create_group(
        partnership=partnership,
        kind=Group.Kind.INTELLIGENCE,
        name="Joint action group",
        members=[member(cast["theme_specialist"])],
    )
    meeting = create_group_meeting(group=group, held_on=date(2026, 11, 10))
    item = add_item(meeting=meeting, title="Repeat callers")
    record_item_outcome(item=item, outcome="Refer the top five to the problem-solving panel.")
    client_as(cast["theme_specialist"]).post(
        _url("meeting_close", meeting_id=meeting.pk), {"confirm": "yes"}
    )
    meeting.refresh_from_db()
    assert meeting.closed_by == member(cast["theme_specialist"])
    # The board's members do not run the group's meetings.
    assert (
        client_as(cast["board_member"])
        .post(_url("meeting_close", meeting_id=meeting.pk), {"confirm": "yes"})
        .status_code
        == 403
    )
