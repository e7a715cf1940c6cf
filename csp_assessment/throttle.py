"""Counting attempts per client address, without storing the address.

Used for failed sign-ins across every username, password-reset requests, and public
survey answers. Each count lives in Django's cache under a keyed hash of the address
(and of whatever the count is for), for a fixed window from the first attempt.

If the cache is unreachable the attempt is allowed and a warning is logged: a Redis
outage must not lock every member out. Per-account sign-in lockout (django-axes,
kept in the database) still applies then.
"""

import hashlib
import hmac
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from .client_address import client_address

log = logging.getLogger(__name__)


def address_key(address: str, salt: str) -> str:
    """A keyed hash of the address: enough to count attempts, never reversible to it."""
    return hmac.new(salt.encode(), address.encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Throttle:
    name: str
    default_limit: int  # attempts allowed in the window
    window_seconds: int
    per_address: bool = True  # False: count the scope alone, from any address
    setting: str = ""  # a setting that overrides the limit, read at each attempt

    @property
    def limit(self) -> int:
        return (
            int(getattr(settings, self.setting, self.default_limit))
            if self.setting
            else (self.default_limit)
        )

    def _key(self, request: HttpRequest, scope: str) -> str:
        address = (client_address(request) or "") if self.per_address else ""
        return f"throttle:{self.name}:" + address_key(
            f"{address}|{scope}", f"{settings.SECRET_KEY}:{self.name}"
        )

    def count(self, request: HttpRequest, scope: str = "") -> int:
        """Record one attempt and return how many there have been in the window."""
        key = self._key(request, scope)
        try:
            cache.add(key, 0, self.window_seconds)
            try:
                return cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.set(key, 1, self.window_seconds)
                return 1
        except Exception:  # noqa: BLE001 - any cache fault: allow, and say so in the log
            log.warning("Throttle %s: cache unreachable, attempt allowed", self.name)
            return 0

    def exceeded(self, request: HttpRequest, scope: str = "") -> bool:
        """True if the attempts so far (not counting a new one) have reached the limit."""
        try:
            return (cache.get(self._key(request, scope)) or 0) >= self.limit
        except Exception:  # noqa: BLE001
            log.warning("Throttle %s: cache unreachable, attempt allowed", self.name)
            return False

    def hit(self, request: HttpRequest, scope: str = "") -> bool:
        """Record an attempt; True if it goes over the limit."""
        return self.count(request, scope) > self.limit


# Failed sign-ins from one address, whatever usernames they try. Generous, because a
# council's staff may all share one address; one account's lockout is axes' job.
SIGN_IN_FAILURES = Throttle(
    "sign-in", default_limit=30, window_seconds=15 * 60, setting="SIGN_IN_ADDRESS_LIMIT"
)
# Public survey answers from one address to one survey: a shared library PC can still
# answer many times in an hour.
SURVEY_ANSWERS = Throttle(
    "survey", default_limit=20, window_seconds=60 * 60, setting="SURVEY_ADDRESS_LIMIT"
)
# Password-reset emails: per address, and per email address asked for.
RESET_BY_ADDRESS = Throttle("reset-address", default_limit=10, window_seconds=60 * 60)
RESET_BY_EMAIL = Throttle("reset-email", default_limit=3, window_seconds=60 * 60, per_address=False)
