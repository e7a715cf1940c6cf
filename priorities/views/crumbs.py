"""Breadcrumbs for the priorities pages built on the project's form page: every trail
starts at the priorities index."""

from django.urls import reverse


def crumbs(slug: str, label: str, url: str) -> list[tuple[str, str]]:
    """Priorities, then the page the form belongs to."""
    return [("Priorities", reverse("priorities:index", kwargs={"slug": slug})), (label, url)]


def url(name: str, slug: str, **kwargs) -> str:
    return reverse(f"priorities:{name}", kwargs={"slug": slug, **kwargs})
