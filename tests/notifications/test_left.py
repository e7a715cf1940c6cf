"""Someone who has left a partnership hears nothing more from it: each of the six
e-mail events reaches its person while they are a member, and not once they have left."""

import pytest

from notifications.models import Notification
from partnerships.services import mark_left

from .test_emails import KINDS, WHO


@pytest.mark.parametrize("left", [False, True], ids=["member", "has left"])
@pytest.mark.parametrize("kind", KINDS)
def test_an_event_reaches_its_person_only_while_they_are_a_member(
    kind, left, events, cast, member, django_capture_on_commit_callbacks
):
    person = next(user for user in cast.values() if user.email == WHO[kind])
    if left:
        mark_left(membership=member(person))
    with django_capture_on_commit_callbacks(execute=False):
        events[kind]()
    told = Notification.objects.filter(user=person, kind=kind).count()
    assert told == (0 if left else 1)
