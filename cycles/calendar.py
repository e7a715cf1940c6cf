"""A person's dated work, gathered from every app for their private calendar feed.

Like the dashboard (cycles/dashboard.py), cycles may not import the apps to its right,
yet the feed lists their deadlines: each app registers a source here from its
`AppConfig.ready()`. A source takes all of the person's memberships (one per
partnership they have joined) and the window of dates to cover, and returns
`CalendarEvent`s. It must run a fixed number of queries however many events or
partnerships it finds: filter with `__in` over the memberships, never loop and query.

Events are whole days (every deadline in the service is a date). Each has a UID that
stays the same while the thing it stands for exists, so a calendar program that
fetches the feed again replaces an event that moved rather than adding a second one.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.urls import reverse

from csp_assessment.registry import Registry
from partnerships.access import RoleRule
from partnerships.models import Membership, Partnership

# How far the feed reaches: a year back (last year's meetings stay findable) and two
# years ahead (a three-year cycle's next deadlines). Anything further is left out.
DAYS_BACK = 366
DAYS_AHEAD = 2 * 366


@dataclass(frozen=True)
class Window:
    starts_on: date
    ends_on: date

    @classmethod
    def around(cls, today: date) -> "Window":
        return cls(today - timedelta(days=DAYS_BACK), today + timedelta(days=DAYS_AHEAD))

    @property
    def dates(self) -> tuple[date, date]:
        """The first and last day, for a `__range` lookup."""
        return (self.starts_on, self.ends_on)


@dataclass(frozen=True)
class CalendarEvent:
    """One dated thing in a person's calendar: a deadline, a meeting, a review."""

    uid: str  # stable and unique across the service, e.g. "activity-12"
    on: date
    summary: str  # plain English, names the partnership where a person has several
    url: str  # a path in the app; the feed makes it absolute
    description: str = ""


Source = Callable[[Sequence[Membership], Window], Iterable[CalendarEvent]]

_sources: Registry[Source] = Registry()


def register(source: Source) -> Source:
    """Add a source; registering the same one twice (ready() run again) adds it once."""
    return _sources.add(source)


def sources() -> list[Source]:
    return list(_sources)


def events_for(memberships: Sequence[Membership], window: Window) -> list[CalendarEvent]:
    """Every source's events inside the window, by date then summary. An event two
    sources both report (the same UID) is listed once."""
    seen: dict[str, CalendarEvent] = {}
    for source in _sources:
        for event in source(memberships, window):
            if window.starts_on <= event.on <= window.ends_on:
                seen.setdefault(event.uid, event)
    return sorted(seen.values(), key=lambda e: (e.on, e.summary, e.uid))


def partnerships_where(memberships: Sequence[Membership], allowed: RoleRule) -> list[int]:
    """The partnerships in which the person's role passes `allowed`: where they run the
    cycle, keep the register or run the board's meetings, say."""
    return [m.partnership_id for m in memberships if allowed(m)]


class EventMaker:
    """Makes a person's events, each about a page of one of their partnerships. The
    summary ends with " (Partnership name)" when the person belongs to several
    partnerships, so the calendar says which one an event is for (nothing when they
    belong to one); the link is the page `view` names, in that partnership."""

    def __init__(self, memberships: Sequence[Membership]):
        several = len(memberships) > 1
        self._names = {
            m.partnership_id: f" ({m.partnership.name})" if several else "" for m in memberships
        }

    def __call__(
        self,
        partnership: Partnership,
        *,
        uid: str,
        on: date,
        summary: str,
        view: str,
        ids: dict[str, int],
        description: str = "",
    ) -> CalendarEvent:
        return CalendarEvent(
            uid=uid,
            on=on,
            summary=summary + self._names[partnership.pk],
            url=reverse(view, kwargs={"slug": partnership.slug, **ids}),
            description=description,
        )
