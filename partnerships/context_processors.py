"""Navigation for the base layout: the person's partnerships and their role in the current one."""

from django.http import HttpRequest

from . import access
from .models import Membership


def navigation(request: HttpRequest) -> dict:
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    current = getattr(request, "membership", None)
    memberships = list(
        Membership.objects.filter(user=request.user)
        .select_related("partnership")
        .order_by("partnership__name")
    )
    return {
        "nav_memberships": memberships,
        "current_membership": current,
        "can_manage_partnership": bool(current and current.role in access.MANAGE_PARTNERSHIP),
        "can_manage_cycle": bool(current and current.role in access.MANAGE_CYCLE),
        "can_manage_activities": bool(current and current.role in access.MANAGE_ACTIVITIES),
        "can_view_status": request.user.is_staff
        or any(m.role in access.MANAGE_PARTNERSHIP for m in memberships),
    }
