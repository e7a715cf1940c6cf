"""Navigation for the base layout: the person's partnerships and their role in the current one."""

from django.http import HttpRequest

from .access import current_memberships
from .models import Membership
from .permissions import can_view_service_status


def navigation(request: HttpRequest) -> dict:
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    current = menu_membership(request)
    memberships = current_memberships(request)
    return {
        "nav_memberships": memberships,
        "current_membership": current,
        "can_view_status": can_view_service_status(request.user, memberships),
    }


def menu_membership(request: HttpRequest) -> Membership | None:
    """The membership the menu is drawn for: the page's own, or on a page outside any
    partnership (the account, the calendar) the partnership the person is in now, the
    one the switcher and the home page take them back to, so the menu stays the same."""
    current = getattr(request, "membership", None)
    if current is not None:
        return current
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return None
    memberships = current_memberships(request)
    chosen = request.session.get("partnership")
    for membership in memberships:
        if membership.partnership.slug == chosen:
            return membership
    return memberships[0] if len(memberships) == 1 else None
