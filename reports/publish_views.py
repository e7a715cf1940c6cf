"""Publishing the public summary, for analysts and admins: a confirmation page before
an agreed version goes on the public page, and one before it is withdrawn."""

from functools import partial

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from csp_assessment.dates import day
from csp_assessment.form_pages import NOT_SAVED, confirmed, press, render_page
from partnerships import access

from . import permissions, selectors
from .models import RenderRun
from .publish_services import publish_summary, refusal, withdraw_summary


@login_required
def publish(request: HttpRequest, slug: str, run_id: int) -> HttpResponse:
    """Ask first; the yes puts the version on the public page."""
    membership = access.require_member(request, slug, permissions.can_publish)
    run = get_object_or_404(
        RenderRun.objects.select_related("report__year__cycle"),
        pk=run_id,
        report__year__cycle__partnership=membership.partnership,
    )
    report = run.report
    if confirmed(request):
        done = press(
            request,
            partial(publish_summary, run=run, by=membership),
            f"The public summary for {report.year.label} is published. Anyone can read it "
            "without signing in.",
        )
        if done is not NOT_SAVED:
            return redirect(report)
    published = selectors.published_summary(membership.partnership)
    made = run.finished_at or run.requested_at
    return render_page(
        request,
        "reports/publish_confirm.html",
        report=report,
        run=run,
        refused=refusal(run, published),
        replaces=published,
        heading="Publish the public summary?",
        explanation=f"The {report.get_kind_display().lower()} for {report.year.label}: version "
        f"{run.version} ({run.state_name}), made on {day(made)}.",
    )


@login_required
def withdraw(request: HttpRequest, slug: str) -> HttpResponse:
    """Ask first; the yes takes the public summary off the public page."""
    membership = access.require_member(request, slug, permissions.can_publish)
    published = selectors.published_summary(membership.partnership)
    if confirmed(request):
        withdrawn = press(
            request,
            partial(withdraw_summary, partnership=membership.partnership, by=membership),
            "The public summary is withdrawn. The public page now says nothing is published.",
        )
        if withdrawn is not NOT_SAVED:
            return redirect(withdrawn.report)
    back = (
        published.report.get_absolute_url() if published else reverse("reports:index", args=[slug])
    )
    return render_page(
        request,
        "reports/withdraw_confirm.html",
        published=published,
        back=back,
        heading="Withdraw the public summary?",
    )
