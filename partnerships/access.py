"""The access helpers every partnership page calls first.

A person sees a partnership only through a membership of it. To anyone else the
partnership and everything in it do not exist (404, never 403). A member whose role
does not allow an action gets 403: they already know the partnership exists.
"""

from collections.abc import Callable
from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from .models import Membership, Partnership
from .permissions import RoleRule, anyone

T = TypeVar("T")


def current_memberships(request: HttpRequest) -> list[Membership]:
    """Every partnership the signed-in person is in now, by name, read once a request.

    A partnership page needs its own membership and the menu needs them all (the
    switcher), so one query serves both. django-tables2's render_table runs the
    context processors again for each table it draws, and the reports page draws many.
    """
    if not hasattr(request, "_current_memberships"):
        request._current_memberships = list(
            Membership.objects.filter(user=request.user)
            .current()
            .select_related("partnership", "partnership__parent", "agency", "user")
            .order_by("partnership__name")
        )
    return request._current_memberships


def membership_for(request: HttpRequest, slug: str) -> Membership:
    """The signed-in person's membership of the partnership with this slug, or 404."""
    if not request.user.is_authenticated:
        raise Http404("No such partnership")
    membership = next((m for m in current_memberships(request) if m.partnership.slug == slug), None)
    if membership is None:
        raise Http404("No such partnership")
    return membership


def require_member(request: HttpRequest, slug: str, allowed: RoleRule = anyone) -> Membership:
    """Resolve the request's membership of `slug` and check it against a role rule
    from an app's `permissions.py`.

    Stores the partnership as the person's current one, so the switcher and the
    home page return them there. A refused page's menu is drawn for this partnership
    too, not for the one the person opened last.
    """
    membership = membership_for(request, slug)
    request.membership = membership
    if not allowed(membership):
        deny()
    if request.session.get("partnership") != slug:
        request.session["partnership"] = slug
    return membership


def member_and(
    request: HttpRequest,
    slug: str,
    pk: int,
    allowed: RoleRule = anyone,
    *,
    find: Callable[[Partnership, int], T],
) -> tuple[Membership, T]:
    """`require_member`, then the row `find(partnership, pk)` of the member's
    partnership: a selector's `*_or_404`, so another partnership's row is a 404. Views
    name it once per kind of row, `_plan = partial(access.member_and, find=...)`."""
    membership = require_member(request, slug, allowed)
    return membership, find(membership.partnership, pk)


def deny() -> None:
    """Refuse a member something their role or relation to the object does not allow."""
    raise PermissionDenied("Your role in this partnership does not allow this.")


def check(allowed: bool) -> None:
    """Refuse unless an object rule allowed it."""
    if not allowed:
        deny()


def owned(queryset, membership: Membership, pk, via: str = ""):
    """The row with this id that belongs to the member's partnership, or 404.

    `via` is the path from the row to its partnership ("year__cycle" for a year's
    issue). An id from another partnership is simply not found, even under the
    member's own slug: nothing says it exists.
    """
    path = f"{via}__partnership" if via else "partnership"
    return get_object_or_404(queryset, pk=pk, **{path: membership.partnership})
