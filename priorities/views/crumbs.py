"""What the priorities pages share: breadcrumbs (every trail starts at the priorities
index), their addresses, and finding the cycle year or priority a page is about."""

from functools import partial

from django.urls import reverse

from partnerships import access

from .. import selectors


def crumbs(slug: str, label: str, url: str) -> list[tuple[str, str]]:
    """Priorities, then the page the form belongs to."""
    return [("Priorities", reverse("priorities:index", kwargs={"slug": slug})), (label, url)]


def url(name: str, slug: str, **kwargs) -> str:
    return reverse(f"priorities:{name}", kwargs={"slug": slug, **kwargs})


# The member, if the rule allows, and the cycle year the address names.
member_and_year = partial(access.member_and, find=selectors.year_or_404)

# The member, if the rule allows, and the priority the address names.
member_and_priority = partial(access.member_and, find=selectors.priority_or_404)
