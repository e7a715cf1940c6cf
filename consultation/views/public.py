"""Public survey pages: no sign-in. They show an open public survey. A published one
not taking answers says when it opens or that it has closed; a draft, a partners'
survey or an unknown key is not found (404).

Abuse controls: a honeypot field, a per-address rate limit (csp_assessment/throttle.py)
counted in Django's cache under a keyed hash of the address, and a ceiling on one
survey's answers from everyone (Survey.is_full). No address is stored, nor
its hash in the database, nor any cookie beyond Django's CSRF cookie. If the cache is
unreachable the answer is taken: losing a resident's answer is worse than a spell
without the limit.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from csp_assessment.throttle import SURVEY_ANSWERS

from .. import public_links
from ..models import Survey
from .answering import answer_form, checked_answers, save_answers


def _over_limit(request: HttpRequest, survey: Survey) -> bool:
    return SURVEY_ANSWERS.hit(request, scope=survey.public_key)


def _closed(request: HttpRequest, survey: Survey | None) -> HttpResponse:
    """The page for a public survey that was open and takes no answers now, named with
    its partnership, with links on to what became of the answers. A draft's key, a
    partners' survey or a mistyped one is not found (404), as on the thanks page: no
    page says a survey closed that never opened to the public."""
    if not _ever_published(survey):
        raise Http404
    return render(
        request,
        "consultation/public_closed.html",
        {
            "survey": survey,
            "public_partnership": survey.year.cycle.partnership,
            "read_on": public_links.after_survey.answers(survey),
            "not_yet": timezone.localdate() < survey.opens_on,
        },
    )


def _public(key: str) -> Survey | None:
    """The public survey with this key, whatever its status."""
    return (
        Survey.objects.select_related("year__cycle__partnership")
        .filter(public_key=key, audience=Survey.Audience.PUBLIC)
        .first()
    )


def _ever_published(survey: Survey | None) -> bool:
    """A draft's key, or an unknown one, names nothing: the survey is not public yet."""
    return survey is not None and survey.status != Survey.Status.DRAFT


def _taking_answers(survey: Survey | None) -> bool:
    return survey is not None and survey.is_open(timezone.localdate()) and not survey.is_full()


@never_cache
def survey(request: HttpRequest, key: str) -> HttpResponse:
    survey = _public(key)
    if not _taking_answers(survey):
        return _closed(request, survey)
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
    slowed = False
    if request.method == "POST":
        if form.is_bot():
            return redirect("consultation_public:thanks", key=key)  # say nothing, save nothing
        # Only answers ready to save count towards the limit: a person putting a
        # mistake right is not slowed for it, and one who is slowed keeps the answers.
        answers = checked_answers(form)
        slowed = answers is not None and _over_limit(request, survey)
        if not slowed and save_answers(form, survey, answers, token=token):
            return redirect("consultation_public:thanks", key=key)
        survey = _public(key)
        if not _taking_answers(survey):  # it closed while this person was answering
            return _closed(request, survey)
    return render(
        request,
        "consultation/public_survey.html",
        {
            "survey": survey,
            "form": form,
            "token": token,
            "public": True,
            "public_partnership": survey.year.cycle.partnership,
            "slowed": slowed,
        },
        status=429 if slowed else 200,
    )


def thanks(request: HttpRequest, key: str) -> HttpResponse:
    """Thanks under the partnership's name, for a public survey that is or was open to
    answers. A draft's key names nothing (404): the survey is not public yet."""
    survey = _public(key)
    if not _ever_published(survey):
        raise Http404
    return render(
        request,
        "consultation/public_thanks.html",
        {"public_partnership": survey.year.cycle.partnership},
    )
