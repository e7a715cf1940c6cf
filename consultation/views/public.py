"""Public survey pages: no sign-in. They show an open public survey and nothing else;
for anything unpublished, closed or unknown the only page is "this survey is closed".

Abuse controls: a honeypot field, a per-address rate limit (csp_assessment/throttle.py)
counted in Django's cache under a keyed hash of the address, and a ceiling on one
survey's answers from everyone (Survey.is_full). No address is stored, nor
its hash in the database, nor any cookie beyond Django's CSRF cookie. If the cache is
unreachable the answer is taken: losing a resident's answer is worse than a spell
without the limit.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from csp_assessment.throttle import SURVEY_ANSWERS

from .. import public_links
from ..models import Survey
from .answering import answer_form, save_answers


def _over_limit(request: HttpRequest, survey: Survey) -> bool:
    return SURVEY_ANSWERS.hit(request, scope=survey.public_key)


def _closed(request: HttpRequest, key: str) -> HttpResponse:
    """The one page for a key that takes no answers. A public survey that was once
    open is named with its partnership, with links on to what became of the answers;
    a draft's or an unknown key's page names nothing."""
    survey = _published(key).first()
    if survey is None:
        return render(request, "consultation/public_closed.html")
    return render(
        request,
        "consultation/public_closed.html",
        {
            "survey": survey,
            "public_partnership": survey.year.cycle.partnership,
            "read_on": public_links.after_survey.answers(survey),
        },
    )


def _published(key: str):
    """The public survey with this key, if it has ever been published."""
    return (
        Survey.objects.select_related("year__cycle__partnership")
        .exclude(status=Survey.Status.DRAFT)
        .filter(public_key=key, audience=Survey.Audience.PUBLIC)
    )


def _open_survey(key: str) -> Survey | None:
    survey = (
        Survey.objects.select_related("year__cycle__partnership")
        .filter(public_key=key, audience=Survey.Audience.PUBLIC)
        .first()
    )
    if survey is None or not survey.is_open(timezone.localdate()) or survey.is_full():
        return None
    return survey


@never_cache
def survey(request: HttpRequest, key: str) -> HttpResponse:
    survey = _open_survey(key)
    if survey is None:
        return _closed(request, key)
    token = request.POST.get("t") or request.GET.get("t", "")
    if (
        survey.requires_token
        and not survey.tokens.filter(token=token, used_at__isnull=True).exists()
    ):
        return render(
            request,
            "consultation/public_link_needed.html",
            {"survey": survey, "public_partnership": survey.year.cycle.partnership},
            status=403,
        )
    form = answer_form(request, survey)
    if request.method == "POST":
        if _over_limit(request, survey):
            return render(
                request,
                "consultation/public_slow_down.html",
                {"survey": survey, "public_partnership": survey.year.cycle.partnership},
                status=429,
            )
        if form.is_bot():
            return redirect("consultation_public:thanks", key=key)  # say nothing, save nothing
        if save_answers(form, survey, token=token):
            return redirect("consultation_public:thanks", key=key)
        if _open_survey(key) is None:  # it closed while this person was answering
            return _closed(request, key)
    return render(
        request,
        "consultation/public_survey.html",
        {
            "survey": survey,
            "form": form,
            "token": token,
            "public": True,
            "public_partnership": survey.year.cycle.partnership,
        },
    )


def thanks(request: HttpRequest, key: str) -> HttpResponse:
    """Thanks under the partnership's name, for a public survey that is or was open to
    answers. A draft's key names nothing (404): the survey is not public yet."""
    survey = get_object_or_404(_published(key))
    return render(
        request,
        "consultation/public_thanks.html",
        {"public_partnership": survey.year.cycle.partnership},
    )
