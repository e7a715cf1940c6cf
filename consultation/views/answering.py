"""Answering a survey: a partner survey answered by a signed-in member, once, and the
steps every answer page shares (the public one included)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from csp_assessment.form_pages import render_page
from partnerships import access

from .. import permissions
from ..forms import ResponseForm
from ..models import Response, Survey
from ..services.survey_responses import ranking_options, submit_response
from . import lookups


def answer_form(request: HttpRequest, survey: Survey) -> ResponseForm:
    """The survey's questions as a form, bound to the post when there is one."""
    return ResponseForm(
        request.POST or None,
        questions=list(survey.questions.all()),
        titles=ranking_options(survey),
    )


def checked_answers(form: ResponseForm) -> dict | None:
    """The posted answers, ready to save, or None with every objection on the form."""
    if not form.is_valid():
        return None
    answers = form.answers()  # adds the ranking errors, so the form is checked again
    return answers if form.is_valid() else None


def save_answers(
    form: ResponseForm, survey: Survey, answers: dict | None = None, **who
) -> Response | None:
    """Save a posted form's answers (`checked_answers`, unless given): the response, or
    None with every objection on the form. `who` is `respondent=` for a partner or
    `token=` for a public link."""
    answers = checked_answers(form) if answers is None else answers
    if answers is None:
        return None
    try:
        return submit_response(
            survey=survey,
            answers=answers,
            submission_id=form.cleaned_data["submission_id"],
            today=timezone.localdate(),
            **who,
        )
    except ValidationError as error:
        form.add_service_error(error)
        return None


@login_required
def survey_answer(request: HttpRequest, slug: str, survey_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_view)
    survey = lookups.survey(membership.partnership, survey_id)
    access.check(permissions.can_answer_survey(membership, survey))
    if not survey.is_open(lookups.today()):
        return render_page(request, "consultation/survey_closed_member.html", survey=survey)
    if survey.responses.filter(respondent=membership).exists():
        messages.info(request, "You have already answered this survey. Thank you.")
        return redirect("consultation:surveys", slug=slug)
    form = answer_form(request, survey)
    if request.method == "POST" and save_answers(form, survey, respondent=membership):
        messages.success(request, "Thank you. Your answers have been saved.")
        return redirect("consultation:surveys", slug=slug)
    return render_page(
        request, "consultation/survey_answer.html", survey=survey, form=form, public=False
    )
