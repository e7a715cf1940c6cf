"""The person's calendar page (/accounts/calendar/), its reset, and the feed itself
(/calendar/<token>.ics), which calendar programs fetch without signing in."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from . import calendar_feed


def _feed_url(request: HttpRequest, feed) -> str:
    return request.build_absolute_uri(reverse("calendar_feed", args=[feed.token]))


@login_required
@require_GET
def calendar_page(request: HttpRequest) -> HttpResponse:
    feed = calendar_feed.feed_for(request.user)
    url = _feed_url(request, feed)
    return render(
        request,
        "cycles/calendar.html",
        {
            "feed": feed,
            "feed_url": url,
            "webcal_url": "webcal://" + url.split("://", 1)[1],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def calendar_reset(request: HttpRequest) -> HttpResponse:
    """A confirm page, then a POST that replaces the link."""
    if request.method == "POST":
        if request.POST.get("confirm") != "yes":
            messages.error(request, "Your calendar link was not changed.")
            return redirect("calendar")
        calendar_feed.reset_feed(user=request.user)
        messages.success(
            request,
            "Your calendar link has been reset. The old link no longer works: "
            "add the new one to your calendar.",
        )
        return redirect("calendar")
    return render(request, "cycles/calendar_reset.html")


@require_GET
def calendar_ics(request: HttpRequest, token: str) -> HttpResponse:
    feed = calendar_feed.find_feed(token)
    if feed is None:
        raise Http404("No calendar at this link.")
    calendar = calendar_feed.build_calendar(
        user=feed.user,
        today=timezone.localdate(),
        site_url=request.build_absolute_uri("/").rstrip("/"),
        uid_domain=request.get_host().split(":")[0],
    )
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="workbench.ics"'
    # The link is a secret: keep the feed out of shared caches and search engines.
    response["Cache-Control"] = "private, no-cache"
    response["X-Robots-Tag"] = "noindex"
    return response
