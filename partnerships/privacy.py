"""The privacy notice at /privacy/: what the service holds about people who answer a
public survey and about members, why, for how long (each partnership's retention
settings, as set) and their rights. Public: no sign-in."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from csp_assessment.plurals import counted

from .models import EraseOriginals, Keep, Partnership


def _kept(rule: str, months: int, after: str) -> str:
    if rule == Keep.MONTHS:
        return f"for {counted(months, 'month')} after {after}"
    return "until the partnership's next strategic assessment is agreed"


def retention_summary(partnership: Partnership) -> dict[str, str]:
    """The partnership's retention settings in words, as the notice states them."""
    return {
        "name": partnership.name,
        "slug": partnership.slug,
        "responses": _kept(
            partnership.responses_kept, partnership.responses_months, "the survey closes"
        ),
        "files": _kept(partnership.files_kept, partnership.files_months, "they are uploaded"),
        "originals": (
            "as soon as the answer is redacted"
            if partnership.originals_erased == EraseOriginals.AT_ONCE
            else "when the responses' retention ends"
        ),
    }


def privacy_notice(request: HttpRequest) -> HttpResponse:
    """One partnership's notice when the link names it (the survey's link does). Without
    one, a member reads their own partnerships' settings and anyone else the general
    notice: the public page never lists the service's partnerships."""
    chosen = Partnership.objects.filter(slug=request.GET.get("partnership", "")).first()
    if chosen:
        partnerships = [chosen]
    elif request.user.is_authenticated:
        partnerships = Partnership.objects.filter(
            memberships__in=request.user.memberships.current()
        ).order_by("name")
    else:
        partnerships = []
    return render(
        request,
        "site/privacy.html",
        {"retention": [retention_summary(p) for p in partnerships], "chosen": chosen},
    )
