"""Single sign-on with OpenID Connect: which provider an address signs in through,
the OpenID Connect clients (Authlib: discovery, state, nonce, PKCE and the id_token's
signature and claims), and who a verified address may sign in as.

Providers come from settings.OIDC_PROVIDERS (the environment); which partnership uses
which provider, for which e-mail domains, is a SingleSignOn row its admin keeps.
"""

from dataclasses import dataclass

from authlib.integrations.django_client import OAuth
from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction

from .models import Membership, Partnership, SingleSignOn


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


def domain_of(email: str) -> str:
    return email.rpartition("@")[2].strip().lower()


def provider_for_email(email: str) -> Provider | None:
    """The provider the address's domain signs in through, if a partnership set one."""
    domain = domain_of(email)
    known = providers()
    for sso in SingleSignOn.objects.all():
        if domain in sso.domain_list and sso.provider in known:
            return known[sso.provider]
    return None


def domains_of(provider: Provider) -> set[str]:
    """Every domain a partnership sends through this provider."""
    return {
        domain
        for sso in SingleSignOn.objects.filter(provider=provider.key)
        for domain in sso.domain_list
    }


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

    Matched by verified e-mail address only, whatever its case. Accounts are made only
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
    chose_it = [
        sso.partnership_id
        for sso in SingleSignOn.objects.filter(provider=provider.key)
        if domain_of(email) in sso.domain_list
    ]
    if not places.filter(partnership_id__in=chose_it, left_at=None).exists():
        raise Refused(
            f"Your partnership does not sign in through {provider.name}. "
            "Sign in with your password."
        )
    return user


@transaction.atomic
def save_single_sign_on(*, partnership: Partnership, provider: str, domains: list[str]) -> None:
    """Set (or, with no provider, remove) how the partnership's people sign in."""
    if not provider:
        SingleSignOn.objects.filter(partnership=partnership).delete()
        return
    if provider not in providers():
        raise ValidationError({"provider": "Choose a provider from the list."})
    if not domains:
        raise ValidationError({"domains": "Enter at least one email domain."})
    # The other partnership is not named: this page must not tell one partnership's
    # admin who else uses the service.
    taken = {
        domain
        for sso in SingleSignOn.objects.exclude(partnership=partnership).exclude(provider=provider)
        for domain in sso.domain_list
    }
    clashes = [d for d in domains if d in taken]
    if clashes:
        raise ValidationError(
            {
                "domains": f"{clashes[0]} already signs in through another provider. "
                "Ask the service's support team to check which provider it should use."
            }
        )
    sso = SingleSignOn.objects.filter(partnership=partnership).first() or SingleSignOn(
        partnership=partnership
    )
    sso.provider, sso.domains = provider, "\n".join(domains)
    sso.full_clean()
    sso.save()
