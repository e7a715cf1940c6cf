"""Links that apps to the right add to the published priorities page, so the public can
go on to what follows from the priorities (the partnership plan) without priorities
importing those apps. A provider takes the partnership and returns a link's text and
address, or None while there is nothing public to link to."""

from collections.abc import Callable

from csp_assessment.registry import Registry
from partnerships.models import Partnership

PublicLink = Callable[[Partnership], tuple[str, str] | None]

_providers: Registry[PublicLink] = Registry()


def register(provider: PublicLink) -> PublicLink:
    return _providers.add(provider)


def links_for(partnership: Partnership) -> list[tuple[str, str]]:
    return _providers.answers(partnership)
