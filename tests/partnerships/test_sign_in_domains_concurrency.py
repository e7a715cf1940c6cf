"""Two site staff confirming two partnerships' claims to one domain, through different
providers, at the same moment: the second waits for the first and is refused, so the
domain never belongs to two providers. Runs on PostgreSQL, with two real connections
(row locks are a no-op on SQLite)."""

import threading

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from partnerships import sso
from partnerships.models import SignInDomain, SingleSignOn


def _claim(partnership, provider, domain):
    row = SingleSignOn.objects.create(partnership=partnership, provider=provider)
    return SignInDomain.objects.create(single_sign_on=row, domain=domain, asked_at=timezone.now())


def test_two_claims_confirmed_at_once_leave_one_owner(
    transactional_db, partnership, other_partnership
):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL; scripts/test.sh runs this on it")
    ours = _claim(partnership, "westshire", "westshire.gov.uk")
    theirs = _claim(other_partnership, "police", "westshire.gov.uk")
    staff = User.objects.create_user(username="help@service.example", is_staff=True)
    first_done = threading.Event()
    outcome = {}

    def first():
        try:
            with transaction.atomic():
                sso.confirm_domain(domain=ours, by=staff)
                first_done.set()
                # Hold the transaction open: the second must wait for it, not read past it.
                threading.Event().wait(1.5)
        finally:
            connection.close()

    def second():
        first_done.wait(timeout=10)
        try:
            sso.confirm_domain(domain=theirs, by=staff)
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
        "westshire.gov.uk is already confirmed for Central Bedfordshire CSP, through another "
        "provider. It cannot also be confirmed for Luton CSP."
    ]
    assert list(sso.confirmed("westshire.gov.uk")) == [ours]
