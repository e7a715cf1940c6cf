"""What is waiting for a person, gathered from the apps to the right of cycles.

cycles may not import consultation, scoring, priorities or reports, yet the dashboard
must list their work. So each of those apps registers a provider here from its
`AppConfig.ready()` (a leftward import), and the dashboard asks every provider in turn.
A provider takes the viewer's membership and today's date and returns `WaitingItem`s;
it must run a fixed number of queries, however many items it finds.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date

from csp_assessment.registry import Registry
from partnerships.models import Membership


@dataclass(frozen=True)
class WaitingItem:
    """One thing waiting for the person: a sheet to score, a document to write, ..."""

    kind: str  # the heading it is listed under, e.g. "Score sheets to submit"
    title: str
    url: str
    due_on: date | None = None
    detail: str = ""
    overdue: bool = False


Provider = Callable[[Membership, date], Iterable[WaitingItem]]

_providers: Registry[Provider] = Registry()


def register(provider: Provider) -> Provider:
    """Add a provider; registering the same one twice (ready() run again) adds it once."""
    return _providers.add(provider)


def providers() -> list[Provider]:
    return list(_providers)


@dataclass
class WaitingGroup:
    kind: str
    items: list[WaitingItem]

    @property
    def overdue_count(self) -> int:
        return sum(item.overdue for item in self.items)


def waiting_for(membership: Membership, today: date) -> list[WaitingGroup]:
    """Every provider's items, grouped by kind in the order the apps registered
    (the order the cycle runs), each group by due date with undated items last."""
    groups: dict[str, list[WaitingItem]] = {}
    for provider in _providers:
        for item in provider(membership, today):
            overdue = item.due_on is not None and item.due_on < today
            groups.setdefault(item.kind, []).append(replace(item, overdue=overdue))
    return [
        WaitingGroup(
            kind=kind,
            items=sorted(items, key=lambda i: (i.due_on is None, i.due_on or today, i.title)),
        )
        for kind, items in groups.items()
    ]


# Panels --------------------------------------------------------------------------------
# A panel is a section an app to the right adds to the dashboard (the cycle's priorities
# and their progress, from priorities). A panel provider takes the membership and today's
# date and returns a `Panel`, or None to show nothing; it too runs a fixed number of
# queries.


@dataclass(frozen=True)
class Panel:
    template: str  # rendered with `panel` set to the context below
    context: dict


PanelProvider = Callable[[Membership, date], Panel | None]

_panels: Registry[PanelProvider] = Registry()


def register_panel(provider: PanelProvider) -> PanelProvider:
    return _panels.add(provider)


def panels_for(membership: Membership, today: date) -> list[Panel]:
    return [panel for provider in _panels if (panel := provider(membership, today))]
