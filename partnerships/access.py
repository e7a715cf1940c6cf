"""The access helpers every partnership page calls first.

A person sees a partnership only through a membership of it. To anyone else the
partnership and everything in it do not exist (404, never 403). A member whose role
does not allow an action gets 403: they already know the partnership exists.
"""

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from .models import Membership, Role
from .permissions import RoleRule, anyone, role_in

# TRANSITIONAL role tuples, removed once every app reads its own permissions module.
MANAGE_PARTNERSHIP = (Role.ADMIN,)
MANAGE_CYCLE = (Role.ADMIN,)
MANAGE_ACTIVITIES = (Role.ADMIN, Role.ANALYST)
ALL_ROLES = tuple(Role.values)


def membership_for(user: User | AnonymousUser, slug: str) -> Membership:
    """The user's membership of the partnership with this slug, or 404."""
    if not user.is_authenticated:
        raise Http404("No such partnership")
    membership = (
        Membership.objects.select_related("partnership", "partnership__parent", "agency", "user")
        .filter(user=user, partnership__slug=slug, accepted_at__isnull=False)
        .first()
    )
    if membership is None:
        raise Http404("No such partnership")
    return membership


def require_member(request: HttpRequest, slug: str, allowed: RoleRule = anyone) -> Membership:
    """Resolve the request's membership of `slug` and check it against a role rule
    from an app's `permissions.py`.

    Stores the partnership as the person's current one, so the switcher and the
    home page return them there.
    """
    membership = membership_for(request.user, slug)
    if isinstance(allowed, (tuple, list)):  # TRANSITIONAL: removed once every app has its policy
        allowed = role_in(*allowed)
    if not allowed(membership):
        deny()
    request.membership = membership
    if request.session.get("partnership") != slug:
        request.session["partnership"] = slug
    return membership


def deny() -> None:
    """Refuse a member something their role or relation to the object does not allow."""
    raise PermissionDenied("Your role in this partnership does not allow this.")


def check(allowed: bool) -> None:
    """Refuse unless an object rule allowed it."""
    if not allowed:
        deny()
