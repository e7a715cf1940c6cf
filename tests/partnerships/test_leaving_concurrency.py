"""Two admins marking each other as left at the same moment must not leave the
partnership with no admin: the second waits for the first and is refused. Runs on
PostgreSQL, with two real connections (row locks are a no-op on SQLite)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from partnerships.models import Membership, Role
from partnerships.services import mark_left


def test_two_admins_leaving_at_once_keep_one_admin(transactional_db, cast, member):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL; scripts/test.sh runs this on it")
    priya, sam = member(cast["admin"]), member(cast["analyst"])
    Membership.objects.filter(pk=sam.pk).update(role=Role.ADMIN)
    first_done = threading.Event()
    outcome = {}

    def first():
        try:
            with transaction.atomic():
                mark_left(membership=Membership.objects.get(pk=priya.pk))
                first_done.set()
                # Hold the transaction open: the second must wait for it, not read past it.
                threading.Event().wait(1.5)
        finally:
            connection.close()

    def second():
        first_done.wait(timeout=10)
        try:
            mark_left(membership=Membership.objects.get(pk=sam.pk))
        except ValidationError as error:
            outcome["refused"] = error.messages
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert outcome["refused"] == [
        "A partnership needs at least one admin. Make someone else an admin first."
    ]
    assert (
        Membership.objects.current().filter(partnership=priya.partnership, role=Role.ADMIN).count()
        == 1
    )
