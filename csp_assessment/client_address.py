"""The address a request came from, for sign-in throttling.

Behind N reverse proxies, REMOTE_ADDR is the nearest proxy's address and each proxy
appends the address it saw to X-Forwarded-For. The client's address is therefore the
Nth entry from the right: anything further left was written by the client and
cannot be trusted.
"""

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str | None:
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")
