"""Pages about the service itself, linked from every page's footer: the accessibility
statement (/accessibility/) and the cookies the service sets (/cookies/).

The cookie list is built from the settings that name the cookies, and a test walks the
service and fails if any response sets a cookie this list does not name.
"""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

# When the statement was written and last reviewed against the service (regulation 8
# asks for it to be kept under regular review).
STATEMENT_PREPARED_ON = date(2026, 11, 29)
STATEMENT_REVIEWED_ON = date(2026, 11, 29)


@dataclass(frozen=True)
class Cookie:
    name: str
    purpose: str
    lasts: str
    set_for: str


def _duration(seconds: int) -> str:
    days = seconds // 86400
    if days >= 364:
        return f"{days} days (about a year)" if days % 7 else f"{days // 7} weeks (about a year)"
    if days:
        return f"{days} days"
    minutes = seconds // 60
    return f"{minutes} minutes" if minutes >= 2 else f"{seconds} seconds"


def cookies_set() -> list[Cookie]:
    """Every cookie the service sets, by the name the settings give it. All are
    first-party and strictly necessary; none tracks or measures anyone."""
    return [
        Cookie(
            name=settings.SESSION_COOKIE_NAME,
            purpose="Keeps you signed in as you move from page to page.",
            lasts=(
                f"{_duration(settings.SESSION_COOKIE_AGE)} after your last page, "
                "or until you sign out"
            ),
            set_for="People who sign in",
        ),
        Cookie(
            name=settings.CSRF_COOKIE_NAME,
            purpose=(
                "Stops another website sending a form to this service in your name "
                "(cross-site request forgery)."
            ),
            lasts=_duration(settings.CSRF_COOKIE_AGE),
            set_for="Everyone who opens a page with a form, including the public survey",
        ),
        Cookie(
            name=CookieStorage.cookie_name,
            purpose=(
                "Carries a short message, such as “Your changes have been saved”, "
                "to the next page you see."
            ),
            lasts="Until the message is shown, or you close your browser",
            set_for="Anyone who sends a form that confirms what it did",
        ),
    ]


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "site/accessibility.html",
        {
            "operator": settings.SERVICE_OPERATOR,
            "contact_email": settings.ACCESSIBILITY_CONTACT_EMAIL,
            "idle_minutes": settings.SESSION_IDLE_MINUTES,
            "prepared_on": STATEMENT_PREPARED_ON,
            "reviewed_on": STATEMENT_REVIEWED_ON,
        },
    )


@require_GET
def cookies(request: HttpRequest) -> HttpResponse:
    return render(request, "site/cookies.html", {"cookies": cookies_set()})
