"""Pages without sign-in: the published priorities summary and a published
"you said, we did" page."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from partnerships.models import Partnership

from .. import selectors
from ..models import Priority, YouSaidWeDid


def public_summary(request: HttpRequest, slug: str) -> HttpResponse:
    """No sign-in: the partnership's published priorities, with emphasis and lead agency."""
    partnership = get_object_or_404(Partnership, slug=slug)
    priorities = list(
        Priority.objects.filter(
            year__cycle__partnership=partnership,
            published=True,
            status=Priority.Status.AGREED,
        )
        .select_related("lead_agency", "year")
        .order_by("-year__starts_on", "position")
    )
    latest = priorities[0].year if priorities else None
    return render(
        request,
        "priorities/public_summary.html",
        {
            "public_partnership": partnership,
            "year": latest,
            "priorities": [p for p in priorities if latest and p.year_id == latest.pk],
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
            **selectors.you_said_content(page, published=True),
        },
    )
