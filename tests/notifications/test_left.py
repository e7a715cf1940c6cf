"""Someone who has left a partnership hears nothing more from it: each of the six
email events reaches its person while they are a member, and not once they have left."""

from datetime import timedelta

import pytest

from consultation.services import rationales
from notifications.models import Notification
from partnerships.services import mark_left
from priorities.notices import actions_due
from priorities.services.meetings import add_item, create_meeting, raise_action

from .conftest import TODAY
from .test_emails import KINDS, WHO


def _rationale_returned_after_leaving(year, issues, member, cast):
    """Jo is asked for a document and submits it, then leaves; the analyst returns it."""
    document = rationales.request_rationale(
        year=year,
        specialist=member(cast["theme_specialist"]),
        requested_by=member(cast["analyst"]),
        due_on=TODAY + timedelta(days=14),
        issue=issues[1],
    )
    sections = {name: "Written." for name, _, _ in document.SECTIONS}
    rationales.save_rationale(
        document=document, by=member(cast["theme_specialist"]), sections=sections, submit=True
    )
    mark_left(membership=member(cast["theme_specialist"]))
    rationales.review_rationale(
        document=document, by=member(cast["analyst"]), accept=False, comment="Add sources."
    )


def _action_due_after_leaving(partnership, member, cast):
    """Chris is given an action, then leaves before it falls due."""
    meeting = create_meeting(partnership=partnership, held_on=TODAY)
    raise_action(
        partnership=partnership,
        title="Map hotspots with the fire service",
        due_on=TODAY + timedelta(days=2),
        raised_on=TODAY,
        owner=member(cast["board_member"]),
        item=add_item(meeting=meeting, title="Priorities"),
    )
    mark_left(membership=member(cast["board_member"]))
    actions_due(today=TODAY)


@pytest.mark.parametrize("left", [False, True], ids=["member", "has left"])
@pytest.mark.parametrize("kind", KINDS)
def test_an_event_reaches_its_person_only_while_they_are_a_member(
    kind, left, events, cast, member, year, issues, partnership, django_capture_on_commit_callbacks
):
    """The person leaves after being given the work (asked to score, to write, to own an
    action), and before the event that would tell them."""
    person = next(user for user in cast.values() if user.email == WHO[kind])
    with django_capture_on_commit_callbacks(execute=False):
        if left and kind == "consultation.rationale_reviewed":
            _rationale_returned_after_leaving(year, issues, member, cast)
        elif left and kind == "priorities.action_due":
            _action_due_after_leaving(partnership, member, cast)
        else:
            if left:
                mark_left(membership=member(person))
            events[kind]()
    told = Notification.objects.filter(user=person, kind=kind).count()
    assert told == (0 if left else 1)


def test_what_was_waiting_to_be_sent_is_stopped_when_they_leave(
    events, cast, member, django_capture_on_commit_callbacks
):
    """A comment recorded for Jo's daily digest, not yet sent, does not go out once she
    has left; what other people are waiting for still does."""
    from notifications.kinds import OFF

    with django_capture_on_commit_callbacks(execute=False):
        events["reports.comment"]()
        events["priorities.action_due"]()
    jo_waiting = Notification.objects.get(user=cast["theme_specialist"], sent_at=None)
    chris_waiting = Notification.objects.get(user=cast["board_member"], sent_at=None)

    mark_left(membership=member(cast["theme_specialist"]))

    jo_waiting.refresh_from_db()
    chris_waiting.refresh_from_db()
    assert jo_waiting.delivery == OFF
    assert chris_waiting.delivery != OFF
