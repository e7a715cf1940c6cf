"""A partner survey answered by a signed-in member, once."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from csp_assessment.form_pages import render_page
from partnerships import access

from .. import permissions
from ..forms import (
    ResponseForm,
)
from ..services.survey_responses import ranking_options, submit_response
from . import lookups


@login_required
def survey_answer(request: HttpRequest, slug: str, survey_id: int) -> HttpResponse:
    """A partner survey, answered by a signed-in member, once."""
    membership = access.require_member(request, slug)
    survey = lookups.survey(membership, survey_id)
    access.check(permissions.can_answer_survey(membership, survey))
    if not survey.is_open(lookups.today()):
        return render_page(request, "consultation/survey_closed_member.html", survey=survey)
    if survey.responses.filter(respondent=membership).exists():
        messages.info(request, "You have already answered this survey. Thank you.")
        return redirect("consultation:surveys", slug=slug)
    questions = list(survey.questions.all())
    titles = ranking_options(survey)
    form = ResponseForm(request.POST or None, questions=questions, titles=titles)
    if request.method == "POST" and form.is_valid():
        answers = form.answers()
        if form.is_valid():
            try:
                submit_response(
                    survey=survey,
                    answers=answers,
                    submission_id=form.cleaned_data["submission_id"],
                    respondent=membership,
                    today=lookups.today(),
                )
            except ValidationError as error:
                _response_errors(form, error)
            else:
                messages.success(request, "Thank you. Your answers have been saved.")
                return redirect("consultation:surveys", slug=slug)
    return render_page(
        request, "consultation/survey_answer.html", survey=survey, form=form, public=False
    )


def _response_errors(form: ResponseForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        form.add_service_errors(error.message_dict)
    else:
        form.add_error(None, error.messages)
