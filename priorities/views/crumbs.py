"""What the priorities pages share: breadcrumbs (every trail starts at the priorities
index), their addresses, and the cycle year most of them are about."""

from django.http import HttpRequest
from django.urls import reverse

from cycles.models import CycleYear
from partnerships import access
from partnerships.models import Membership

from .. import selectors


def crumbs(slug: str, label: str, url: str) -> list[tuple[str, str]]:
    """Priorities, then the page the form belongs to."""
    return [("Priorities", reverse("priorities:index", kwargs={"slug": slug})), (label, url)]


def url(name: str, slug: str, **kwargs) -> str:
    return reverse(f"priorities:{name}", kwargs={"slug": slug, **kwargs})


def member_and_year(
    request: HttpRequest, slug: str, year_id: int, allowed: access.RoleRule = access.anyone
) -> tuple[Membership, CycleYear]:
    """The member, if `allowed`, and the year of their partnership's cycle that the
    address names: another partnership's year is a 404."""
    membership = access.require_member(request, slug, allowed)
    return membership, selectors.year_or_404(membership.partnership, year_id)
