"""Someone invited who has not joined cannot open the partnership's pages, so it gives
them no work and sends them nothing. A record that named them before this rule does not
stop them declining. Someone who signs in through their organisation has no password:
signing in is joining, so they can be given work and asked to score."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from consultation.models import RationaleDocument
from cycles.models import Issue
from notifications.models import Notification
from partnerships.models import Membership, Role
from priorities.models import Action
from priorities.notices import actions_due
from priorities.services.meetings import add_item, create_meeting, raise_action
from scoring.selectors import possible_scorers
from tests.conftest import make_user

SLUG = "central-bedfordshire"


@pytest.fixture
def invitee(partnership, lee):
    """Lee has an account (Luton's admin), so the invitation waits for them to accept."""
    return Membership.objects.create(
        user=lee, partnership=partnership, role=Role.THEME_SPECIALIST, accepted_at=None
    )


@pytest.fixture
def item(partnership):
    meeting = create_meeting(partnership=partnership, held_on=timezone.localdate())
    return add_item(meeting=meeting, title="Anti-social behaviour in the town centre")


def test_forms_do_not_offer_someone_who_has_not_joined(client_as, cast, invitee, item, year):
    action_form = client_as(cast["board_member"]).get(
        reverse("priorities:action_new", args=[SLUG, item.pk])
    )
    request_form = client_as(cast["analyst"]).get(
        reverse("consultation:rationale_request", args=[SLUG, year.pk])
    )
    for page in (action_form, request_form):
        assert page.status_code == 200
        assert f'value="{invitee.pk}"' not in page.content.decode()


def test_an_action_for_someone_who_has_not_joined_is_refused(client_as, cast, invitee, item):
    response = client_as(cast["board_member"]).post(
        reverse("priorities:action_new", args=[SLUG, item.pk]),
        {"title": "Share the hotspot map", "owner": invitee.pk, "due_on": "2026-12-10"},
    )
    assert response.status_code == 200
    assert not Action.objects.exists()
    with pytest.raises(ValidationError) as refused:
        raise_action(
            partnership=invitee.partnership,
            title="Share the hotspot map",
            due_on=timezone.localdate(),
            raised_on=timezone.localdate(),
            owner=invitee,
            item=item,
        )
    (message,) = refused.value.message_dict["owner"]
    assert message.endswith(
        "has not joined the partnership yet. Choose someone who has, or wait until they accept."
    )
    assert not Action.objects.exists()


def test_no_reminder_goes_to_someone_who_has_not_joined(partnership, invitee, item):
    """An action that named them before the rule stays, and sends them nothing."""
    Action.objects.create(
        partnership=partnership,
        item=item,
        title="Share the hotspot map",
        owner=invitee,
        raised_on=timezone.localdate(),
        due_on=timezone.localdate() + timedelta(days=1),
    )
    assert actions_due(today=timezone.localdate()) == 0
    assert not Notification.objects.filter(user=invitee.user).exists()


def test_someone_named_on_a_record_can_still_decline(client_as, lee, invitee, year):
    asked = RationaleDocument.objects.create(
        year=year,
        issue=Issue.objects.create(year=year, title="Knife crime"),
        specialist=invitee,
        due_on=timezone.localdate() + timedelta(days=14),
    )
    client = client_as(lee)
    response = client.post(reverse("invitation_decline", args=[invitee.pk]))
    assert response.status_code == 302
    invitee.refresh_from_db()
    assert invitee.has_left and invitee.accepted_at is None  # ended, not joined
    assert RationaleDocument.objects.get(pk=asked.pk).specialist == invitee
    accept = client.post(reverse("invitation_accept", args=[invitee.pk]))
    assert accept.status_code == 404
    assert client.get(reverse("cycles:dashboard", args=[SLUG])).status_code == 404


def test_declining_with_nothing_named_removes_the_membership(client_as, lee, invitee):
    client_as(lee).post(reverse("invitation_decline", args=[invitee.pk]))
    assert not Membership.objects.filter(pk=invitee.pk).exists()


def test_someone_who_signs_in_through_their_organisation_is_offered_once_signed_in(
    partnership,
):
    user = make_user("alex.smith@westshire.gov.uk", "Alex", "Smith")
    user.set_unusable_password()
    user.save()
    membership = Membership.objects.create(
        user=user, partnership=partnership, role=Role.THEME_SPECIALIST
    )
    assert membership not in possible_scorers(partnership)
    assert membership not in partnership.memberships.choosable()

    user.last_login = timezone.now()
    user.save(update_fields=["last_login"])
    assert membership in possible_scorers(partnership)
    assert membership in partnership.memberships.choosable()


def test_an_admin_can_mark_someone_named_before_joining_as_left(client_as, cast, invitee, year):
    """A record from before the rule names them, so the invitation cannot simply be
    removed: the page offers marking them as left, and that ends it."""
    RationaleDocument.objects.create(
        year=year,
        issue=Issue.objects.create(year=year, title="Knife crime"),
        specialist=invitee,
        due_on=timezone.localdate() + timedelta(days=14),
    )
    client = client_as(cast["admin"])
    page = client.get(reverse("partnerships:person_edit", args=[SLUG, invitee.pk]))
    left = reverse("partnerships:person_left", args=[SLUG, invitee.pk])
    assert f'action="{left}"' in page.content.decode()

    assert client.post(left).status_code == 302
    invitee.refresh_from_db()
    assert invitee.has_left


def test_someone_invited_with_nothing_named_is_not_offered_as_left(client_as, cast, invitee):
    page = client_as(cast["admin"]).get(
        reverse("partnerships:person_edit", args=[SLUG, invitee.pk])
    )
    left = reverse("partnerships:person_left", args=[SLUG, invitee.pk])
    assert f'action="{left}"' not in page.content.decode()
