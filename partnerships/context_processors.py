"""Navigation for the base layout: the person's partnerships and their role in the current one."""

from django.http import HttpRequest

from .models import Membership
from .permissions import can_view_service_status


def navigation(request: HttpRequest) -> dict:
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    current = getattr(request, "membership", None)
    memberships = _memberships(request)
    return {
        "nav_memberships": memberships,
        "current_membership": current,
        "can_view_status": can_view_service_status(request.user, memberships),
    }


def _memberships(request: HttpRequest) -> list[Membership]:
    """The person's partnerships, read once a request: django-tables2's render_table runs
    the context processors again for each table it draws, and a page such as the
    reports, with a table for each year, draws many."""
    if not hasattr(request, "_nav_memberships"):
        request._nav_memberships = list(
            Membership.objects.filter(user=request.user)
            .current()
            .select_related("partnership")
            .order_by("partnership__name")
        )
    return request._nav_memberships
