"""Two site staff confirming two partnerships' claims to one domain, through different
providers, at the same moment: the second waits for the first and is refused, so the
domain never belongs to two providers. Runs on PostgreSQL, with two real connections
(row locks are a no-op on SQLite)."""

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils import timezone

from partnerships import sso
from partnerships.models import SignInDomain, SingleSignOn
from tests.threads import postgres_only, second_waits_for_first


def _claim(partnership, provider, domain):
    row = SingleSignOn.objects.create(partnership=partnership, provider=provider)
    return SignInDomain.objects.create(single_sign_on=row, domain=domain, asked_at=timezone.now())


def test_two_claims_confirmed_at_once_leave_one_owner(
    transactional_db, partnership, other_partnership
):
    postgres_only()
    ours = _claim(partnership, "westshire", "westshire.gov.uk")
    theirs = _claim(other_partnership, "police", "westshire.gov.uk")
    staff = User.objects.create_user(username="help@service.example", is_staff=True)
    first_outcome, second_outcome = second_waits_for_first(
        lambda: sso.confirm_domain(domain=ours, by=staff),
        lambda: sso.confirm_domain(domain=theirs, by=staff),
        what="the second confirmation",
    )
    assert "error" not in first_outcome
    refused = second_outcome.get("error")
    assert isinstance(refused, ValidationError), second_outcome
    assert refused.messages == [
        "westshire.gov.uk is already confirmed for Central Bedfordshire CSP, through another "
        "provider. It cannot also be confirmed for Luton CSP."
    ]
    assert list(sso.confirmed("westshire.gov.uk")) == [ours]
