"""Pages without sign-in: the partnership's published plan (a county's community safety
agreement) and its PDF."""

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from partnerships.models import Partnership
from priorities.selectors import published_priorities

from . import rendering, selectors
from .views import pdf_response


def public_plan(request: HttpRequest, slug: str) -> HttpResponse:
    """No sign-in: the newest published version, as an accessible page."""
    partnership = get_object_or_404(Partnership, slug=slug)
    plan = selectors.published_plan(partnership)
    return render(
        request,
        "plans/public_plan.html",
        {
            "public_partnership": partnership,
            "document": selectors.document(partnership),
            "plan": plan,
            "sections": list(rendering.section_texts(plan)) if plan else [],
            "pdf": selectors.latest_pdf(plan) if plan else None,
            "sendings": selectors.sendings(plan) if plan else [],
            "priorities_published": published_priorities(partnership).exists(),
        },
    )


def public_plan_pdf(request: HttpRequest, slug: str) -> FileResponse:
    partnership = get_object_or_404(Partnership, slug=slug)
    plan = selectors.published_plan(partnership)
    pdf = selectors.latest_pdf(plan) if plan else None
    if pdf is None or not pdf.pdf:
        raise Http404(f"The {selectors.document(partnership).short} has no PDF yet.")
    return pdf_response(pdf, slug)


def plan_link(partnership: Partnership) -> tuple[str, str] | None:
    """For the published priorities page: the plan (a county's community safety
    agreement), once a version is published."""
    if selectors.published_plan(partnership) is None:
        return None
    return (
        f"Read the {selectors.document(partnership).name}: how the partners will work together",
        reverse("public_plan", kwargs={"slug": partnership.slug}),
    )
