"""Single sign-on with OpenID Connect: which provider an address signs in through,
the OpenID Connect clients (Authlib: discovery, state, nonce, PKCE and the id_token's
signature and claims), and who a verified address may sign in as.

Providers come from settings.OIDC_PROVIDERS (the environment); which partnership uses
which provider is a SingleSignOn row its admin keeps, and the email domains it asks
for are SignInDomain rows. A domain signs anyone in only once site staff confirm it:
until then, one partnership naming another's domain changes nothing for anyone.
"""

import logging
from dataclasses import dataclass

from authlib.integrations.django_client import OAuth
from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from . import mail
from .models import Membership, Partnership, SignInDomain, SingleSignOn

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Provider:
    key: str
    name: str
    discovery_url: str
    client_id: str
    client_secret: str


class Refused(Exception):
    """A sign-in the provider vouched for that we still turn away; the message says why."""


def providers() -> dict[str, Provider]:
    return {
        key: Provider(
            key=key,
            name=value.get("name") or key,
            discovery_url=value["discovery_url"],
            client_id=value["client_id"],
            client_secret=value.get("client_secret", ""),
        )
        for key, value in settings.OIDC_PROVIDERS.items()
    }


def provider_label(key: str) -> str:
    """A provider's name as pages show it; a key the environment no longer lists says so."""
    known = providers()
    return known[key].name if key in known else f"{key} (not set up)"


def domain_of(email: str) -> str:
    return email.rpartition("@")[2].strip().lower()


def confirmed(domain: str | None = None) -> QuerySet[SignInDomain]:
    """The domains site staff confirmed: the only ones that route or sign anyone in."""
    rows = SignInDomain.objects.filter(status=SignInDomain.Status.CONFIRMED)
    return rows if domain is None else rows.filter(domain=domain)


def provider_for_email(email: str) -> Provider | None:
    """The provider the address's confirmed domain signs in through, if there is one."""
    known = providers()
    for provider in confirmed(domain_of(email)).values_list("single_sign_on__provider", flat=True):
        if provider in known:
            return known[provider]
    return None


def domains_of(provider: Provider) -> set[str]:
    """Every confirmed domain a partnership sends through this provider."""
    return set(
        confirmed().filter(single_sign_on__provider=provider.key).values_list("domain", flat=True)
    )


# One Authlib client per provider configuration: it keeps the discovery document and the
# signing keys it fetched, so each sign-in asks the provider only for what it must.
_clients: dict[Provider, object] = {}


def client_for(provider: Provider):
    if provider not in _clients:
        registry = OAuth()
        _clients[provider] = registry.register(
            name=provider.key,
            client_id=provider.client_id,
            client_secret=provider.client_secret,
            server_metadata_url=provider.discovery_url,
            client_kwargs={
                "scope": "openid email profile",
                "code_challenge_method": "S256",
                "default_timeout": 10,
            },
        )
    return _clients[provider]


def account_for(*, provider: Provider, claims: dict) -> User:
    """The account a provider's verified claims sign in as, or Refused with the reason.

    Matched by verified email address only, whatever its case. Accounts are made only
    by invitations (services.invite_person), so an address nobody invited is refused."""
    email = (claims.get("email") or "").strip().lower()
    if not email:
        raise Refused("Your organisation account did not give us an email address.")
    # Microsoft Entra ID sends no email_verified for organisation accounts; its optional
    # xms_edov claim (the address's domain is verified by the tenant) stands in for it.
    verified = claims["email_verified"] if "email_verified" in claims else claims.get("xms_edov")
    if verified is not True:
        raise Refused(
            f"Your organisation has not confirmed the address {email}. "
            "Ask your IT team, or sign in with your password."
        )
    if domain_of(email) not in domains_of(provider):
        raise Refused(
            f"Addresses ending @{domain_of(email)} do not sign in through {provider.name}. "
            "Sign in with your password."
        )
    user = User.objects.filter(email__iexact=email, is_active=True).first()
    places = Membership.objects.filter(user=user) if user else Membership.objects.none()
    if not places.filter(left_at=None).exists():
        if places.exists():
            raise Refused(
                f"{email} no longer has access to a partnership here. "
                "Ask your partnership's admin if you need it again."
            )
        raise Refused(
            f"There is no invitation for {email}. "
            "Ask your partnership's admin to invite you, then sign in again."
        )
    # A provider vouches only for the people of the partnerships that chose it for this
    # domain. Without this, any partnership's admin could name another's domain, point
    # it at a provider they run, and sign in as that partnership's people.
    # Only a confirmed domain counts: asking for one is not owning it.
    chose_it = confirmed(domain_of(email)).filter(single_sign_on__provider=provider.key)
    chose_it = chose_it.values("single_sign_on__partnership")
    if not places.filter(partnership_id__in=chose_it, left_at=None).exists():
        raise Refused(
            f"Your partnership does not sign in through {provider.name}. "
            "Sign in with your password."
        )
    return user


@transaction.atomic
def save_single_sign_on(
    *, partnership: Partnership, provider: str, domains: list[str], by: User
) -> None:
    """Set (or, with no provider, remove) how the partnership's people sign in.

    A domain added waits for site staff to confirm it; one removed loses its
    confirmation; a new provider asks again for every domain, since staff confirmed
    the domain for the provider they saw."""
    if not provider:
        SingleSignOn.objects.filter(partnership=partnership).delete()
        return
    if provider not in providers():
        raise ValidationError({"provider": "Choose a provider from the list."})
    if not domains:
        raise ValidationError({"domains": "Enter at least one email domain."})
    # Only a confirmed domain elsewhere blocks: an unconfirmed claim is someone asking,
    # and must not stop the partnership that owns the domain. The other partnership is
    # not named: this page must not tell one partnership's admin who else uses the service.
    taken = set(
        confirmed()
        .filter(domain__in=domains)
        .exclude(single_sign_on__partnership=partnership)
        .exclude(single_sign_on__provider=provider)
        .values_list("domain", flat=True)
    )
    clashes = [d for d in domains if d in taken]
    if clashes:
        raise ValidationError(
            {
                "domains": f"{clashes[0]} already signs in through another provider. "
                "Ask the service's support team to check which provider it should use."
            }
        )
    # get_or_create, then the lock: two first saves at once meet on the one-to-one
    # row rather than one failing on it.
    made, created = SingleSignOn.objects.get_or_create(
        partnership=partnership, defaults={"provider": provider}
    )
    sso = SingleSignOn.objects.select_for_update().get(pk=made.pk)
    asked = sso.sign_in_domains.all()
    if not created and sso.provider != provider:
        # New rows, not changed ones: a confirm button staff loaded for the old provider
        # then finds nothing waiting, rather than confirming the new one unseen.
        asked.delete()
    else:
        asked.exclude(domain__in=domains).delete()
    sso.provider = provider
    sso.full_clean()
    sso.save()
    kept = set(sso.sign_in_domains.values_list("domain", flat=True))
    asked_now = []
    for domain in domains:
        if domain not in kept:
            row = SignInDomain(
                single_sign_on=sso, domain=domain, asked_by=by, asked_at=timezone.now()
            )
            row.full_clean()
            row.save()
            asked_now.append(domain)
    if asked_now:
        _tell_staff(sso=sso, domains=asked_now, by=by)


def _tell_staff(*, sso: SingleSignOn, domains: list[str], by: User) -> None:
    """Email site staff, once the save commits, that domains wait for them: one message
    each for the save. Sent to staff only, never to the partnership's own admins. A mail
    server that fails is logged: the save stands and the page answers as usual, and the
    domains still wait on the staff page and the status page."""
    staff = list(
        User.objects.filter(is_staff=True, is_active=True)
        .exclude(email="")
        .order_by("pk")
        .values_list("email", flat=True)
    )
    if not staff:
        return
    partnership = sso.partnership
    message = render_to_string(
        "partnerships/email/sign_in_domains_waiting.txt",
        {
            "partnership": partnership,
            "provider": provider_label(sso.provider),
            "domains": domains,
            "asked_by": by,
            "link": settings.SITE_URL.rstrip("/") + reverse("sign_in_domains"),
        },
    )
    # One message for each: no one sees the others' addresses, and an address the mail
    # library refuses stops only its own.
    for address in staff:
        mail.send_after_commit(
            subject=f"Sign-in domains to confirm for {partnership.name}",
            body=message,
            to=[address],
            what=f"Staff note of sign-in domains waiting for partnership {partnership.pk}",
        )


def waiting() -> QuerySet[SignInDomain]:
    """The domains site staff have still to confirm or refuse, oldest first."""
    return (
        SignInDomain.objects.filter(status=SignInDomain.Status.WAITING)
        .select_related("single_sign_on__partnership", "asked_by")
        .order_by("asked_at", "pk")
    )


def _decide(
    domain: SignInDomain,
    status: str,
    by: User,
    *,
    was: str = SignInDomain.Status.WAITING,
    reason: str | None = None,
) -> SignInDomain:
    """Decide a domain that is `was` (waiting, unless withdrawing a confirmation) under
    a lock on every row naming the domain, so two partnerships' claims to it cannot
    both be confirmed at once, nor one be withdrawn while it is confirmed."""
    with transaction.atomic():
        rows = {
            row.pk: row
            for row in SignInDomain.objects.select_for_update(of=("self",))
            .filter(domain=domain.domain)
            .select_related("single_sign_on__partnership")
            .order_by("pk")  # one locking order, so two deciders cannot deadlock
        }
        row = rows.get(domain.pk)
        if row is None:
            raise ValidationError("That domain is no longer asked for. Nothing was changed.")
        if row.status != was:
            if was == SignInDomain.Status.CONFIRMED:
                raise ValidationError(f"{row.domain} is not confirmed. Nothing was changed.")
            raise ValidationError(f"{row.domain} was already {row.get_status_display().lower()}.")
        if status == SignInDomain.Status.CONFIRMED:
            # Partnerships may share a domain through the same provider (a county and
            # its districts with one police force); never through two.
            owner = next(
                (
                    other
                    for other in rows.values()
                    if other.status == SignInDomain.Status.CONFIRMED
                    and other.single_sign_on.provider != row.single_sign_on.provider
                ),
                None,
            )
            if owner is not None:
                raise ValidationError(
                    f"{row.domain} is already confirmed for "
                    f"{owner.single_sign_on.partnership.name}, through another provider. "
                    f"It cannot also be confirmed for {row.single_sign_on.partnership.name}."
                )
        row.status, row.decided_by, row.decided_at = status, by, timezone.now()
        row.full_clean()
        if reason:
            row._change_reason = reason
        row.save(update_fields=["status", "decided_by", "decided_at"])
    return row


def confirm_domain(*, domain: SignInDomain, by: User) -> SignInDomain:
    return _decide(domain, SignInDomain.Status.CONFIRMED, by)


def refuse_domain(*, domain: SignInDomain, by: User) -> SignInDomain:
    return _decide(domain, SignInDomain.Status.REFUSED, by)


def withdraw_domain(*, domain: SignInDomain, by: User) -> SignInDomain:
    """Take back a confirmation (given to the wrong partnership, say): the domain is
    refused, as if staff had refused it at first. It routes and signs in nobody, no
    longer stands in the way of another claim, and is asked for again only when the
    partnership's admin removes it and adds it again. Its history keeps who confirmed
    it, and who withdrew it and when."""
    withdrawn = _decide(
        domain,
        SignInDomain.Status.REFUSED,
        by,
        was=SignInDomain.Status.CONFIRMED,
        reason="Confirmation withdrawn",
    )
    end_sessions_through(withdrawn.domain)
    return withdrawn


def end_sessions_through(domain: str) -> int:
    """End the sessions people at `domain` opened through a provider that no confirmed
    domain now signs them in through: a withdrawal takes effect at once, not at their
    idle timeout. Sessions are in the database (Django's default, which the service
    uses); a staff action, so reading every live session is affordable."""
    from django.contrib.sessions.models import Session

    still = provider_for_email(f"someone@{domain}")
    ending = {}
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        data = session.get_decoded()
        through = (data.get("sso") or {}).get("provider")
        if through and (still is None or still.key != through) and "_auth_user_id" in data:
            ending[session.session_key] = str(data["_auth_user_id"])
    at_domain = {
        str(pk)
        for pk in User.objects.filter(
            pk__in=set(ending.values()), email__iendswith=f"@{domain}"
        ).values_list("pk", flat=True)
    }
    keys = [key for key, user_id in ending.items() if user_id in at_domain]
    Session.objects.filter(session_key__in=keys).delete()
    return len(keys)
