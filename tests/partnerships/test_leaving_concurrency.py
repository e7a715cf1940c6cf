"""Two admins marking each other as left at the same moment must not leave the
partnership with no admin: the second waits for the first and is refused. Runs on
PostgreSQL, with two real connections (row locks are a no-op on SQLite)."""

import threading

from django.core.exceptions import ValidationError
from django.db import transaction

from partnerships.models import Membership, Role
from partnerships.services import mark_left
from tests.threads import in_thread, postgres_only


def test_two_admins_leaving_at_once_keep_one_admin(transactional_db, cast, member):
    postgres_only()
    priya, sam = member(cast["admin"]), member(cast["analyst"])
    Membership.objects.filter(pk=sam.pk).update(role=Role.ADMIN)
    marked, release = threading.Event(), threading.Event()

    def first_leaves():
        with transaction.atomic():
            mark_left(membership=Membership.objects.get(pk=priya.pk))
            marked.set()
            release.wait(timeout=10)  # the first has not yet committed

    first, first_outcome = in_thread(first_leaves)
    assert marked.wait(timeout=10)
    second, second_outcome = in_thread(
        lambda: mark_left(membership=Membership.objects.get(pk=sam.pk))
    )
    second.join(timeout=1)
    assert second.is_alive(), "the second did not wait for the first"
    release.set()
    first.join(timeout=30)
    second.join(timeout=30)

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
