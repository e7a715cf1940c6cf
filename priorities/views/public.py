"""Pages without sign-in: the published priorities summary and a published
"you said, we did" page."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from partnerships.models import Partnership

from .. import cycle_selectors, public_links, selectors, you_said_selectors
from ..models import YouSaidWeDid


def public_summary(request: HttpRequest, slug: str) -> HttpResponse:
    """No sign-in: the cycle's published priorities as they stand in the latest year
    with any published, focus areas under their priority, with emphasis and lead agency."""
    partnership = get_object_or_404(Partnership, slug=slug)
    latest = (
        selectors.published_priorities(partnership)
        .select_related("year__cycle")
        .order_by("-year__starts_on")
        .first()
    )
    year = None
    if latest is not None:
        # The cycle's latest year that has begun, so year 1's priorities show in year 3.
        year = (
            latest.year.cycle.years.filter(starts_on__lte=timezone.localdate())
            .select_related("cycle")
            .order_by("-number")
            .first()
        ) or latest.year
    progress = cycle_selectors.cycle_progress(year, published_only=True) if year else None
    return render(
        request,
        "priorities/public_summary.html",
        {
            "public_partnership": partnership,
            "year": year,
            "progress": progress,
            "rows": progress.rows if progress else [],
            "read_on": public_links.links_for(partnership),
            "you_said_pages": you_said_selectors.published_pages(partnership),
        },
    )


def public_you_said(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    """No sign-in: a published "you said, we did" page, found by its survey's key."""
    page = get_object_or_404(
        YouSaidWeDid.objects.select_related("survey__year__cycle__partnership"),
        survey__public_key=key,
        survey__year__cycle__partnership__slug=slug,
        status=YouSaidWeDid.Status.PUBLISHED,
    )
    return render(
        request,
        "priorities/public_you_said.html",
        {
            "page": page,
            "public_partnership": page.survey.year.cycle.partnership,
            **you_said_selectors.you_said_content(page, published=True),
        },
    )
