"""Pages without sign-in: the partnership's published public summary of its strategic
assessment, and its PDF. Only the agreed version an analyst published is shown."""

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from partnerships.models import Partnership
from priorities.selectors import published_priorities

from . import selectors


def public_assessment(request: HttpRequest, slug: str) -> HttpResponse:
    """No sign-in: the published public summary, with its PDF to download."""
    partnership = get_object_or_404(Partnership, slug=slug)
    run = selectors.published_summary(partnership)
    return render(
        request,
        "reports/public_assessment.html",
        {
            "public_partnership": partnership,
            "run": run,
            "agreed_on": selectors.board_agreed_on(run) if run else None,
            "priorities_published": published_priorities(partnership).exists(),
        },
    )


def public_assessment_pdf(request: HttpRequest, slug: str) -> FileResponse:
    partnership = get_object_or_404(Partnership, slug=slug)
    run = selectors.published_summary(partnership)
    if run is None:
        raise Http404("The partnership has not published its public summary.")
    return FileResponse(
        run.pdf.open("rb"),
        as_attachment=True,
        filename=f"{slug}-public-summary-{run.report.year.label}.pdf",
        content_type="application/pdf",
    )


def summary_link(partnership: Partnership) -> tuple[str, str] | None:
    """For the published priorities page: the public summary, once one is published."""
    if selectors.published_summary(partnership) is None:
        return None
    return (
        "Read the public summary of our strategic assessment",
        reverse("public_assessment", kwargs={"slug": partnership.slug}),
    )
