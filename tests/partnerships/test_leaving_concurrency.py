"""Two admins marking each other as left at the same moment must not leave the
partnership with no admin: the second waits for the first and is refused. Runs on
PostgreSQL, with two real connections (row locks are a no-op on SQLite)."""

from django.core.exceptions import ValidationError

from partnerships.models import Membership, Role
from partnerships.services import mark_left
from tests.threads import postgres_only, second_waits_for_first


def test_two_admins_leaving_at_once_keep_one_admin(transactional_db, cast, member):
    postgres_only()
    priya, sam = member(cast["admin"]), member(cast["analyst"])
    Membership.objects.filter(pk=sam.pk).update(role=Role.ADMIN)
    first_outcome, second_outcome = second_waits_for_first(
        lambda: mark_left(membership=Membership.objects.get(pk=priya.pk)),
        lambda: mark_left(membership=Membership.objects.get(pk=sam.pk)),
    )
    assert "error" not in first_outcome
    refused = second_outcome.get("error")
    assert isinstance(refused, ValidationError), second_outcome
    assert refused.messages == [
        "A partnership needs at least one admin. Make someone else an admin first."
    ]
    assert (
        Membership.objects.current().filter(partnership=priya.partnership, role=Role.ADMIN).count()
        == 1
    )
