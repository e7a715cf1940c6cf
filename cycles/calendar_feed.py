"""A person's private calendar link and the iCalendar feed it serves.

The link is the only credential a calendar program has (Outlook and Google fetch it
with no sign-in), so it is long and random, checked in constant time, and the person
can replace it: the old link then finds nothing.
"""

import hmac
import secrets
from datetime import date, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from icalendar import Calendar, Event

from partnerships.models import Membership

from .calendar import Window, events_for
from .models import CalendarFeed

KEY_LENGTH = 16  # hex characters: token_hex(8)
PRODID = "-//Strategic assessment workbench//Personal calendar//EN"


def _new_key() -> str:
    return secrets.token_hex(KEY_LENGTH // 2)


def _new_secret() -> str:
    return secrets.token_urlsafe(32)  # 256 bits, 43 characters


def feed_for(user: AbstractBaseUser) -> CalendarFeed:
    """The person's calendar link, made the first time they ask for it."""
    feed, _ = CalendarFeed.objects.get_or_create(
        user=user,
        defaults={"key": _new_key(), "secret": _new_secret(), "created_at": timezone.now()},
    )
    return feed


@transaction.atomic
def reset_feed(*, user: AbstractBaseUser) -> CalendarFeed:
    """Replace the person's link with a new one; the old one stops working at once."""
    feed = CalendarFeed.objects.select_for_update().filter(user=user).first()
    if feed is None:
        return feed_for(user)
    feed.key, feed.secret, feed.created_at = _new_key(), _new_secret(), timezone.now()
    feed.save(update_fields=["key", "secret", "created_at"])
    return feed


def find_feed(token: str) -> CalendarFeed | None:
    """The feed a link's token opens, or None. The key picks the row; the secret is
    compared with `hmac.compare_digest`, so the time taken says nothing about how much
    of a guess was right. An inactive account's link opens nothing."""
    key, secret = token[:KEY_LENGTH], token[KEY_LENGTH:]
    if len(key) != KEY_LENGTH or not secret:
        return None
    feed = CalendarFeed.objects.filter(key=key, user__is_active=True).select_related("user").first()
    if feed is None or not hmac.compare_digest(feed.secret.encode(), secret.encode()):
        return None
    return feed


def memberships_of(user: AbstractBaseUser) -> list[Membership]:
    """The partnerships the person has joined and not left (an invitation not yet
    accepted shows nothing of its partnership)."""
    return list(
        Membership.objects.filter(user=user)
        .current()
        .select_related("partnership")
        .order_by("partnership__name")
    )


def build_calendar(
    *, user: AbstractBaseUser, today: date, site_url: str, uid_domain: str
) -> Calendar:
    """The person's events as an iCalendar VCALENDAR: whole-day VEVENTs, each with a
    stable UID, a DTSTAMP and a link to its page."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "Strategic assessment workbench")
    # Ask calendar programs to fetch it again every few hours (Outlook reads the X- form).
    calendar.add("refresh-interval", timedelta(hours=4), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT4H")
    stamp = timezone.now().replace(microsecond=0)
    memberships = memberships_of(user)
    for item in events_for(memberships, Window.around(today)):
        event = Event()
        event.add("uid", f"{item.uid}@{uid_domain}")
        event.add("dtstamp", stamp)
        event.add("dtstart", item.on)
        event.add("dtend", item.on + timedelta(days=1))
        event.add("summary", item.summary)
        event.add("url", f"{site_url}{item.url}")
        description = f"{item.description}\n\n{site_url}{item.url}".strip()
        event.add("description", description)
        event.add("transp", "TRANSPARENT")  # a deadline does not make the person busy
        calendar.add_component(event)
    return calendar
