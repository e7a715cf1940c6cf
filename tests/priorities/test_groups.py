"""Issue 14, point 5: groups beyond the board. Admins and analysts set groups up and
choose their members; a group's members run its meetings; the board and analysts ask a
group for a decision; groups own actions. Every member of the partnership reads a
group's page; another partnership's people find nothing."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from csp_assessment.dates import day
from priorities import permissions
from priorities.dashboard import group_work
from priorities.models import Action, DecisionRequest, Group, Item, Meeting, Priority
from priorities.services.groups import (
    ask_group,
    create_group,
    create_group_meeting,
    set_members,
)
from priorities.services.meetings import (
    add_item,
    raise_action,
    record_decision,
    record_item_outcome,
)
from tests.edit_clash import seen_stamp

SLUG = "central-bedfordshire"


def _url(name, **kwargs):
    return reverse(f"priorities:{name}", kwargs={"slug": SLUG, **kwargs})


@pytest.fixture
def odg(partnership, cast, member):
    """The operational delivery group: Jo (a theme specialist) chairs it."""
    return create_group(
        partnership=partnership,
        kind=Group.Kind.OPERATIONAL_DELIVERY,
        name="Operational delivery group",
        purpose="Turns the board's priorities into delivery plans.",
        members=[member(cast["theme_specialist"])],
        chair=member(cast["theme_specialist"]),
    )


@pytest.fixture
def odg_meeting(odg):
    return create_group_meeting(group=odg, held_on=date(2026, 11, 10), title=odg.name)


# Setting a group up -------------------------------------------------------------------


def test_an_analyst_sets_up_a_group(client_as, cast):
    response = client_as(cast["analyst"]).post(
        _url("group_new"),
        {"kind": "performance_management", "name": "Performance management group"},
        follow=True,
    )
    group = Group.objects.get()
    assert group.name == "Performance management group"
    assert group.kind == Group.Kind.PERFORMANCE_MANAGEMENT
    assert "Now choose its members and chair." in response.content.decode()


def test_a_group_the_partnership_names_is_set_up_under_its_own_name(client_as, cast):
    client_as(cast["admin"]).post(
        _url("group_new"), {"kind": "other", "name": "Night-time economy task group"}
    )
    assert Group.objects.get().get_kind_display() == "Another kind of group"


def test_a_theme_specialist_cannot_set_up_a_group(client_as, cast):
    response = client_as(cast["theme_specialist"]).post(
        _url("group_new"), {"kind": "intelligence", "name": "JAG"}
    )
    assert response.status_code == 403
    assert not Group.objects.exists()


def test_a_board_member_cannot_choose_a_groups_members(client_as, cast, odg):
    response = client_as(cast["board_member"]).get(_url("group_members", group_id=odg.pk))
    assert response.status_code == 403


def test_another_partnership_finds_no_group(client_as, cast, odg):
    for name in ("group", "group_edit", "group_members", "group_meeting_new", "request_new"):
        response = client_as(cast["outsider"]).get(_url(name, group_id=odg.pk))
        assert response.status_code == 404, name


def test_a_second_group_with_the_same_name_is_refused(partnership, odg):
    with pytest.raises(ValidationError, match="already has a group called"):
        create_group(partnership=partnership, kind="other", name="operational delivery group")
    assert Group.objects.count() == 1


def test_every_member_reads_a_groups_page(client_as, cast, odg):
    response = client_as(cast["board_member"]).get(_url("group", group_id=odg.pk))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Turns the board&#x27;s priorities into delivery plans." in page
    assert "Chair: Jo Evans." in page
    # A board member does not run the group's meetings or choose its members.
    assert _url("group_meeting_new", group_id=odg.pk) not in page
    assert _url("group_members", group_id=odg.pk) not in page
    # ... but may ask it for a decision.
    assert _url("request_new", group_id=odg.pk) in page


def test_the_group_page_names_its_kind_only_when_the_name_does_not(client_as, cast, odg):
    client = client_as(cast["board_member"])
    page = client.get(_url("group", group_id=odg.pk)).content.decode()
    assert page.count("Operational delivery group</") == 2  # the breadcrumb and the heading
    assert '<p class="text-muted">' not in page
    odg.name = "Night-time economy task group"
    odg.save()
    page = client.get(_url("group", group_id=odg.pk)).content.decode()
    assert '<p class="text-muted">Operational delivery group</p>' in page


def test_members_and_chair_are_chosen_and_kept_in_the_history(client_as, cast, odg, member):
    client = client_as(cast["analyst"])
    page = client.get(_url("group_members", group_id=odg.pk)).content.decode()
    seen = seen_stamp(page)
    chris = member(cast["board_member"])
    jo = member(cast["theme_specialist"])
    response = client.post(
        _url("group_members", group_id=odg.pk),
        {"members": [jo.pk, chris.pk], "chair": chris.pk, "seen": seen},
    )
    assert response.status_code == 302
    odg.refresh_from_db()
    assert set(odg.members.all()) == {jo, chris}
    assert odg.chair == chris
    history = client.get(_url("group_edit", group_id=odg.pk)).content.decode()
    assert "Chair: Jo Evans" in history and "to Chris Morgan" in history


def test_a_chair_who_is_not_a_member_is_refused(odg, cast, member):
    with pytest.raises(ValidationError, match="tick them as a member too"):
        set_members(group=odg, members=[], chair=member(cast["board_member"]))
    odg.refresh_from_db()
    assert odg.chair == member(cast["theme_specialist"])


def test_a_member_of_another_partnership_cannot_join(odg, cast, membership_of, other_partnership):
    with pytest.raises(ValidationError, match="members of this partnership"):
        set_members(group=odg, members=[membership_of(cast["outsider"], other_partnership)])
    assert odg.members.count() == 1


def test_a_second_persons_change_to_a_group_is_refused(client_as, cast, odg):
    client = client_as(cast["analyst"])
    page = client.get(_url("group_edit", group_id=odg.pk)).content.decode()
    seen = seen_stamp(page)
    client_as(cast["admin"]).post(
        _url("group_edit", group_id=odg.pk),
        {"kind": "operational_delivery", "name": "ODG", "seen": seen},
    )
    response = client_as(cast["analyst"]).post(
        _url("group_edit", group_id=odg.pk),
        {"kind": "operational_delivery", "name": "Delivery group", "seen": seen},
    )
    assert "after you opened it" in response.content.decode()
    odg.refresh_from_db()
    assert odg.name == "ODG"


# A group's meetings ---------------------------------------------------------------------


def test_the_groups_chair_holds_a_meeting_and_adds_the_agenda(client_as, cast, odg):
    client = client_as(cast["theme_specialist"])
    response = client.post(
        _url("group_meeting_new", group_id=odg.pk),
        {"title": "Operational delivery group", "held_on": "2026-11-10"},
    )
    meeting = Meeting.objects.get()
    assert meeting.group == odg
    assert response.url == _url("meeting", meeting_id=meeting.pk)
    client.post(_url("item_new", meeting_id=meeting.pk), {"title": "Hotspot patrols"})
    assert meeting.items.get().title == "Hotspot patrols"


def test_a_groups_meeting_is_not_a_board_meeting(client_as, cast, odg_meeting):
    page = client_as(cast["analyst"]).get(_url("meetings")).content.decode()
    assert _url("meeting", meeting_id=odg_meeting.pk) not in page
    page = client_as(cast["analyst"]).get(_url("group", group_id=odg_meeting.group_id))
    assert _url("meeting", meeting_id=odg_meeting.pk) in page.content.decode()


def test_someone_outside_the_group_cannot_run_its_meeting(client_as, cast, odg, odg_meeting):
    # Chris sits on the board, not on the group.
    client = client_as(cast["board_member"])
    assert client.get(_url("group_meeting_new", group_id=odg.pk)).status_code == 403
    response = client.post(_url("item_new", meeting_id=odg_meeting.pk), {"title": "Patrols"})
    assert response.status_code == 403
    assert not Item.objects.exists()
    page = client.get(_url("meeting", meeting_id=odg_meeting.pk)).content.decode()
    assert "Add an agenda item" not in page


def test_the_board_does_not_decide_priorities_at_a_groups_meeting(
    client_as, cast, odg_meeting, member, year
):
    item = add_item(meeting=odg_meeting, title="Patrols")
    response = client_as(cast["board_member"]).get(_url("decision_new", item_id=item.pk))
    assert response.status_code == 403
    priority = Priority.objects.create(year=year, title="Patrols")
    with pytest.raises(ValidationError, match="at its own meetings"):
        record_decision(
            item=item,
            priority=priority,
            outcome="agreed",
            minute="Agreed.",
            decided_by=member(cast["board_member"]),
            today=date(2026, 11, 10),
        )
    assert not priority.decisions.exists()


# Actions a group owns ---------------------------------------------------------------------


def test_a_group_owns_an_action_and_its_members_update_it(
    client_as, cast, partnership, odg, odg_meeting
):
    item = add_item(meeting=odg_meeting, title="Hotspot patrols")
    client = client_as(cast["theme_specialist"])
    response = client.post(
        _url("action_new", item_id=item.pk),
        {"title": "Map the hotspots", "owner_group": odg.pk, "due_on": "2026-12-01"},
    )
    assert response.status_code == 302
    action = Action.objects.get()
    assert action.owner_group == odg and action.owner is None
    page = client.get(_url("group", group_id=odg.pk)).content.decode()
    assert "Map the hotspots" in page
    action_page = client.get(_url("action", action_id=action.pk)).content.decode()
    assert "Owning group" in action_page and "Operational delivery group" in action_page
    client.post(
        _url("action", action_id=action.pk), {"status": "in_progress", "note": "Maps drafted."}
    )
    assert action.updates.get().note == "Maps drafted."


def test_an_action_due_before_its_meeting_is_refused_and_nothing_is_raised(
    client_as, cast, odg, odg_meeting
):
    item = add_item(meeting=odg_meeting, title="Hotspot patrols")
    response = client_as(cast["theme_specialist"]).post(
        _url("action_new", item_id=item.pk),
        {"title": "Map the hotspots", "owner_group": odg.pk, "due_on": "2016-12-01"},
    )
    assert response.status_code == 200  # the form again, not a redirect
    held = day(odg_meeting.held_on)
    assert f"The action is raised on {held}. Give a due date on or after that day." in (
        response.content.decode()
    )
    assert 'value="Map the hotspots"' in response.content.decode()
    assert not Action.objects.exists()


def test_an_action_needs_an_owner_of_some_kind(partnership, odg_meeting):
    item = add_item(meeting=odg_meeting, title="Hotspot patrols")
    with pytest.raises(ValidationError, match="a person, an agency, a group"):
        raise_action(
            partnership=partnership,
            title="Map the hotspots",
            due_on=date(2026, 12, 1),
            raised_on=date(2026, 11, 10),
            item=item,
        )


def test_a_group_member_updates_only_the_groups_actions(cast, member, partnership, odg):
    jo = member(cast["theme_specialist"])
    mine = Action(partnership=partnership, owner_group=odg)
    theirs = Action(partnership=partnership)
    assert permissions.can_update_action(jo, mine)
    assert not permissions.can_update_action(jo, theirs)


# Asking a group for a decision --------------------------------------------------------


def test_the_board_asks_a_group_and_the_question_is_answered_at_its_meeting(
    client_as, cast, odg, odg_meeting
):
    response = client_as(cast["board_member"]).post(
        _url("request_new", group_id=odg.pk),
        {"question": "Should patrols extend to Sundays?", "due_on": "2099-01-31"},
    )
    assert response.status_code == 302
    question = DecisionRequest.objects.get()
    assert question.asked_by.user == cast["board_member"]

    chair = client_as(cast["theme_specialist"])
    chair.post(_url("request_to_agenda", request_id=question.pk))
    question.refresh_from_db()
    assert question.item.meeting == odg_meeting
    assert question.item.title == "For decision: Should patrols extend to Sundays?"

    record_item_outcome(item=question.item, outcome="Yes, from January; police to staff it.")
    page = chair.get(_url("group", group_id=odg.pk)).content.decode()
    assert "Yes, from January; police to staff it." in page


def test_a_theme_specialist_cannot_put_a_question_to_a_group(client_as, cast, odg):
    response = client_as(cast["theme_specialist"]).post(
        _url("request_new", group_id=odg.pk), {"question": "Why?", "due_on": "2099-01-31"}
    )
    assert response.status_code == 403
    assert not DecisionRequest.objects.exists()


def test_a_question_without_a_meeting_to_take_it_says_so(client_as, cast, odg, member):
    question = ask_group(
        group=odg,
        question="Sunday patrols?",
        due_on=date(2099, 1, 31),
        asked_by=member(cast["analyst"]),
        asked_on=date(2026, 11, 1),
    )
    response = client_as(cast["analyst"]).post(
        _url("request_to_agenda", request_id=question.pk), follow=True
    )
    assert "has no open meeting to take this question" in response.content.decode()
    question.refresh_from_db()
    assert question.item is None


def test_only_the_group_puts_a_question_on_its_agenda(client_as, cast, odg, odg_meeting, member):
    question = ask_group(
        group=odg,
        question="Sunday patrols?",
        due_on=date(2099, 1, 31),
        asked_by=member(cast["analyst"]),
        asked_on=date(2026, 11, 1),
    )
    response = client_as(cast["board_member"]).post(
        _url("request_to_agenda", request_id=question.pk)
    )
    assert response.status_code == 403
    assert (
        client_as(cast["outsider"])
        .post(
            reverse(
                "priorities:request_to_agenda", kwargs={"slug": "luton", "request_id": question.pk}
            )
        )
        .status_code
        == 404
    )
    question.refresh_from_db()
    assert question.item is None


def test_a_question_due_before_it_was_asked_is_refused(odg, cast, member):
    with pytest.raises(ValidationError, match="today or later"):
        ask_group(
            group=odg,
            question="Sunday patrols?",
            due_on=date(2026, 10, 1),
            asked_by=member(cast["analyst"]),
            asked_on=date(2026, 11, 1),
        )
    assert not DecisionRequest.objects.exists()


@pytest.mark.parametrize(
    "role, manages, asks, reopens",
    [
        ("admin", True, True, True),
        ("analyst", True, True, True),
        ("theme_specialist", False, False, False),
        ("board_member", False, True, False),
    ],
)
def test_who_manages_asks_and_reopens(cast, member, role, manages, asks, reopens):
    membership = member(cast[role])
    assert permissions.can_manage_groups(membership) is manages
    assert permissions.can_ask_groups(membership) is asks
    assert permissions.can_reopen_meetings(membership) is reopens


# The dashboard ------------------------------------------------------------------------


def test_a_members_dashboard_lists_the_groups_actions_and_open_questions(
    cast, member, partnership, odg, odg_meeting, django_assert_num_queries
):
    jo = member(cast["theme_specialist"])
    item = add_item(meeting=odg_meeting, title="Hotspot patrols")
    raise_action(
        partnership=partnership,
        title="Map the hotspots",
        due_on=date(2026, 12, 1),
        raised_on=date(2026, 11, 10),
        item=item,
        owner_group=odg,
    )
    ask_group(
        group=odg,
        question="Should patrols extend to Sundays?",
        asked_by=member(cast["board_member"]),
        due_on=date(2026, 12, 31),
        asked_on=date(2026, 11, 1),
    )
    with django_assert_num_queries(3):  # the partnership, the actions, the questions
        items = group_work(jo, date(2026, 11, 20))
    assert [(i.kind, i.title) for i in items] == [
        ("Actions your groups own", "Map the hotspots"),
        ("Questions put to your groups", "Should patrols extend to Sundays?"),
    ]
    assert group_work(member(cast["analyst"]), date(2026, 11, 20)) == []

    question = DecisionRequest.objects.get()
    question.item = item
    question.save()
    record_item_outcome(item=item, outcome="Yes, from January.")
    assert [i.kind for i in group_work(jo, date(2026, 11, 20))] == ["Actions your groups own"]


def test_a_groups_page_lists_its_next_meeting_apart_from_those_held(client_as, cast, odg):
    today = timezone.localdate()
    held = create_group_meeting(group=odg, held_on=today - timedelta(days=9), title="Last one")
    coming = create_group_meeting(group=odg, held_on=today + timedelta(days=9), title="Next one")

    page = client_as(cast["board_member"]).get(_url("group", group_id=odg.pk)).content.decode()

    coming_list = page.split('data-testid="meetings-coming"')[1].split("</ul>")[0]
    held_list = page.split('data-testid="meetings-held"')[1].split("</ul>")[0]
    assert _url("meeting", meeting_id=coming.pk) in coming_list
    assert _url("meeting", meeting_id=held.pk) in held_list
    assert "(not closed yet)" in held_list
    assert '<h3 class="h5 mt-3">Coming up</h3>' in page


@pytest.fixture
def sunday_patrols(odg, member, cast):
    return ask_group(
        group=odg,
        question="Sunday patrols?",
        due_on=date(2099, 1, 31),
        asked_by=member(cast["analyst"]),
        asked_on=date(2026, 11, 1),
    )


def test_without_a_meeting_the_group_page_says_so_and_offers_no_agenda_button(
    client_as, cast, odg, sunday_patrols
):
    page = client_as(cast["analyst"]).get(_url("group", group_id=odg.pk)).content.decode()
    assert _url("request_to_agenda", request_id=sunday_patrols.pk) not in page
    assert "next meeting's agenda" not in page
    assert "No meeting is arranged yet. Add one to put this question on its agenda." in page


def test_with_an_open_meeting_the_group_page_offers_its_agenda(
    client_as, cast, odg, odg_meeting, sunday_patrols
):
    page = client_as(cast["analyst"]).get(_url("group", group_id=odg.pk)).content.decode()
    assert f'action="{_url("request_to_agenda", request_id=sunday_patrols.pk)}"' in page
    assert "Put on the agenda of the next meeting, 10 November 2026" in page
    assert "No meeting is arranged yet" not in page
