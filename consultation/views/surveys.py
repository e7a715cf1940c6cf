"""Survey set-up pages for admins and analysts: the list, new surveys, settings,
questions, publishing and closing, and one-use links."""

from functools import partial

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from csp_assessment import exports
from csp_assessment.form_pages import (
    NOT_SAVED,
    confirmed,
    form_page,
    press,
    render_page,
    submitted,
)
from csp_assessment.pagination import paginate_table
from partnerships import access

from .. import permissions, rules, selectors
from ..forms import QuestionForm, SurveyForm, TemplateSurveyForm, TokenForm
from ..models import Question, Survey
from ..services.surveys import (
    close_survey,
    create_survey_from_template,
    create_tokens,
    delete_draft_survey,
    delete_question,
    publish_survey,
    save_question,
    save_survey,
    survey_templates,
)
from ..tables import SurveyTable
from . import lookups

# The member, if they manage surveys, and the survey the address names.
_managed_survey = partial(
    access.member_and, allowed=permissions.can_manage_surveys, find=lookups.survey
)


@login_required
def survey_list(request: HttpRequest, slug: str) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_view)
    table = SurveyTable(
        selectors.surveys_for(membership.partnership).order_by("-opens_on", "title", "pk"),
        may_manage=permissions.can_manage_surveys(membership),
        may_read_results=permissions.can_read_results(membership),
        answered=set(membership.survey_responses.values_list("survey_id", flat=True)),
        today=lookups.today(),
    )
    return render_page(
        request,
        "consultation/survey_list.html",
        table=paginate_table(request, table),
        years=selectors.years_not_ended(membership.partnership, lookups.today()),
    )


@login_required
def survey_new(request: HttpRequest, slug: str, year_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_manage_surveys)
    year = lookups.year(membership, year_id)
    today = lookups.today()
    back = reverse("consultation:surveys", args=[slug])
    if ended := lookups.refuse_ended_year(request, year, today, what="a new survey", back=back):
        return ended
    # The two forms share field names, so the template form's carry a prefix: their ids
    # differ (each label finds its own box) and its fields say which form was sent,
    # even with no template chosen.
    blank = request.method == "POST" and not any(k.startswith("template-") for k in request.POST)
    form = SurveyForm(request.POST if blank else None, initial={"audience": Survey.Audience.PUBLIC})
    template_form = TemplateSurveyForm(
        request.POST if request.method == "POST" and not blank else None,
        templates=survey_templates(),
        prefix="template",
    )

    def from_template(*, template: str, opens_on, closes_on) -> Survey:
        return create_survey_from_template(
            year=year,
            created_by=membership,
            template_key=template,
            opens_on=opens_on,
            closes_on=closes_on,
            today=today,
        )

    if blank:
        save = partial(save_survey, year=year, created_by=membership, today=today)
        survey = submitted(request, form, save)
    else:
        survey = submitted(request, template_form, from_template)
    if survey is not NOT_SAVED:
        messages.success(request, f"{survey.title} created as a draft. Add or check its questions.")
        return redirect(survey)
    return render_page(
        request,
        "consultation/survey_new.html",
        year=year,
        form=form,
        template_form=template_form,
    )


@login_required
def survey_detail(request: HttpRequest, slug: str, survey_id: int) -> HttpResponse:
    membership, survey = _managed_survey(request, slug, survey_id)
    today = lookups.today()
    public_link = request.build_absolute_uri(
        reverse("consultation_public:survey", args=[survey.public_key])
    )
    return render_page(
        request,
        "consultation/survey_detail.html",
        survey=survey,
        questions=list(survey.questions.all()),
        # publishing and closing; the creation date stands in when there are none
        history=selectors.state_changes(survey, "status", membership.partnership)[::-1],
        public_link=public_link,
        token_count=survey.tokens.count(),
        unused_tokens=survey.tokens.filter(used_at__isnull=True).count(),
        token_form=TokenForm(),
        open_now=survey.is_open(today),
        year_ended=rules.year_has_ended(survey.year.ends_on, today),
        today=today,
        response_count=survey.responses.count(),
        full=survey.is_full(),
        most_answers=settings.SURVEY_MOST_ANSWERS,
    )


SURVEY_SETTINGS = [
    "title",
    "audience",
    "opens_on",
    "closes_on",
    "introduction",
    "privacy_notice",
    "requires_token",
]


@login_required
def survey_edit(request: HttpRequest, slug: str, survey_id: int) -> HttpResponse:
    _, survey = _managed_survey(request, slug, survey_id)
    return form_page(
        request,
        SurveyForm(
            request.POST or None, initial={name: getattr(survey, name) for name in SURVEY_SETTINGS}
        ),
        save=partial(save_survey, year=survey.year, survey=survey),
        message="Survey saved.",
        then=survey,
        heading=f"Change {survey.title}",
        crumbs=lookups.crumbs(slug, (survey.title, survey.get_absolute_url())),
    )


@login_required
def question_edit(
    request: HttpRequest, slug: str, survey_id: int, question_id: int | None = None
) -> HttpResponse:
    _, survey = _managed_survey(request, slug, survey_id)
    question = get_object_or_404(Question, pk=question_id, survey=survey) if question_id else None
    initial = {}
    if question:
        initial = {
            "text": question.text,
            "kind": question.kind,
            "help_text": question.help_text,
            "required": question.required,
            "options": "\n".join(question.options),
        }
    return form_page(
        request,
        QuestionForm(request.POST or None, initial=initial),
        save=partial(save_question, survey=survey, question=question),
        message="Question saved.",
        then=survey,
        heading="Change the question" if question else f"Add a question to {survey.title}",
        crumbs=lookups.crumbs(slug, (survey.title, survey.get_absolute_url())),
        template="consultation/question_form.html",
        delete_url=reverse("consultation:question_delete", args=[slug, survey.pk, question.pk])
        if question
        else None,
    )


@require_POST
@login_required
def question_delete(request: HttpRequest, slug: str, survey_id: int, question_id: int):
    _, survey = _managed_survey(request, slug, survey_id)
    question = get_object_or_404(Question, pk=question_id, survey=survey)
    press(request, partial(delete_question, question=question), "Question removed.")
    return redirect(survey)


@login_required
def survey_delete(request: HttpRequest, slug: str, survey_id: int) -> HttpResponse:
    """Delete a draft survey, after a confirmation: one set up by mistake, or one whose
    year ended before it was published."""
    _, survey = _managed_survey(request, slug, survey_id)
    if survey.status != Survey.Status.DRAFT:
        messages.info(request, "Only a draft survey can be deleted.")
        return redirect(survey)
    if confirmed(request):
        deleted = press(
            request, partial(delete_draft_survey, survey=survey), lambda t: f"{t} deleted."
        )
        if deleted is NOT_SAVED:
            return redirect(survey)
        return redirect("consultation:surveys", slug)
    return render_page(request, "consultation/survey_delete.html", survey=survey)


@require_POST
@login_required
def survey_status(request: HttpRequest, slug: str, survey_id: int, action: str) -> HttpResponse:
    membership, survey = _managed_survey(request, slug, survey_id)
    if action == "publish":
        change = partial(publish_survey, survey=survey, by=membership, today=lookups.today())
    else:
        change = partial(close_survey, survey=survey, by=membership)
    press(request, change, f"{survey.title} is {'published' if action == 'publish' else 'closed'}.")
    return redirect(survey)


@require_POST
@login_required
def survey_tokens(request: HttpRequest, slug: str, survey_id: int) -> HttpResponse:
    """Make one-use links and download every unused link as CSV to send out."""
    _, survey = _managed_survey(request, slug, survey_id)
    form = TokenForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Make between 1 and 500 links.")
        return redirect(survey)
    if press(request, partial(create_tokens, survey=survey, count=form.cleaned_data["count"])) is (
        NOT_SAVED
    ):
        return redirect(survey)
    base = request.build_absolute_uri(
        reverse("consultation_public:survey", args=[survey.public_key])
    )
    unused = survey.tokens.filter(used_at__isnull=True).values_list("token", flat=True)
    return exports.csv_response(
        f"survey-{survey.pk}-links.csv",
        [["Link"], *([f"{base}?t={token}"] for token in unused)],
        bom=False,  # plain ASCII links need no byte-order mark; the file stays as it was
    )
