"""What a survey collected: results, the responses export, moderation of free text
and imports from another survey tool."""

from functools import partial

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse

from csp_assessment import exports
from csp_assessment.form_pages import form_page, render_page
from csp_assessment.pagination import paginate
from csp_assessment.plurals import counted
from partnerships import access

from .. import permissions, rules, selectors
from ..forms import ImportForm, ModerationForm
from ..models import Answer, Question, SurveyImport
from ..services.survey_responses import import_responses, moderate_answer
from . import lookups

TEXTS_PER_PAGE = 50


@login_required
def survey_results(request: HttpRequest, slug: str, survey_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_read_results)
    survey = lookups.survey(membership.partnership, survey_id)
    respondents, results = selectors.survey_results(
        survey, moderator=permissions.can_moderate(membership)
    )
    # Counts and charts cover every answer; free text, hundreds of answers on a national
    # survey, is paged, every text question in step (page 2 is answers 51 to 100 of each).
    texts = paginate(
        request, range(max((len(r.texts) for r in results), default=0)), TEXTS_PER_PAGE
    )
    first = max(texts.start_index() - 1, 0)
    for result in results:
        result.texts = result.texts[first : first + TEXTS_PER_PAGE]
    choices = selectors.split_questions(survey)
    split_by, split_error = _split_by(request, choices)
    if split_by is not None:
        tables = selectors.split_results(survey, split_by)
        for result in results:
            result.split = tables.get(result.question.pk)
    return render_page(
        request,
        "consultation/survey_results.html",
        survey=survey,
        respondents=respondents,
        results=results,
        texts=texts,
        texts_offset=first,
        rule=rules.SUGGESTION_RULE,
        split_choices=choices,
        split_by=split_by,
        split_error=split_error,
    )


def _split_by(request: HttpRequest, choices: list[Question]) -> tuple[Question | None, str]:
    """The question the reader chose to split the results by, or why it was refused."""
    wanted = request.GET.get("by", "")
    if not wanted:
        return None, ""
    chosen = next((q for q in choices if str(q.pk) == wanted), None)
    if chosen is None:
        return None, "Choose one of the questions listed to split the results by."
    return chosen, ""


@login_required
def survey_export(request: HttpRequest, slug: str, survey_id: int, fmt: str) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_read_results)
    survey = lookups.survey(membership.partnership, survey_id)
    headers, rows = selectors.export_table(survey)
    filename = f"survey-{survey.pk}-responses.{fmt}"
    if fmt == "csv":
        return exports.csv_response(filename, [headers, *rows])
    book = exports.new_workbook()
    exports.add_sheet(book, "Responses", headers, rows)
    return exports.xlsx_response(filename, book)


@login_required
def answer_moderate(request: HttpRequest, slug: str, survey_id: int, answer_id: int):
    membership = access.require_member(request, slug, permissions.can_moderate)
    survey = lookups.survey(membership.partnership, survey_id)
    answer = get_object_or_404(
        Answer.objects.select_related("question"), pk=answer_id, response__survey=survey
    )
    results_url = reverse("consultation:results", args=[slug, survey.pk])
    return form_page(
        request,
        ModerationForm(
            request.POST or None,
            initial={"action": Answer.Moderation.REDACTED, "redacted_text": answer.published_text},
        ),
        save=partial(moderate_answer, answer=answer, by=membership),
        message="Answer moderated. The history keeps the change.",
        then=f"{results_url}?page={_page_of(answer)}#answer-{answer.pk}",
        heading="Moderate an answer",
        template="consultation/answer_moderate.html",
        survey=survey,
        answer=answer,
        history=answer.moderations.select_related("by__user"),
    )


def _page_of(answer: Answer) -> int:
    """The results page a moderator finds the answer on (answers in the selector's order)."""
    before = Answer.objects.filter(question_id=answer.question_id).filter(
        Q(response_id__lt=answer.response_id) | Q(response_id=answer.response_id, pk__lt=answer.pk)
    )
    return before.count() // TEXTS_PER_PAGE + 1


@login_required
def survey_import(request: HttpRequest, slug: str, survey_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_manage_surveys)
    survey = lookups.survey(membership.partnership, survey_id)
    questions = list(survey.questions.all())
    form = ImportForm(
        request.POST or None,
        request.FILES or None,
        questions=questions,
        initial={f"column_{q.pk}": q.text for q in questions},
    )

    def import_file(*, file, **columns) -> SurveyImport:
        return import_responses(
            survey=survey,
            by=membership,
            filename=file.name,
            content=file.read(),
            mapping=form.mapping(),
        )

    return form_page(
        request,
        form,
        save=import_file,
        message=lambda batch: f"{counted(batch.rows, 'response')} imported from {batch.filename}.",
        then=reverse("consultation:results", args=[slug, survey.pk]),
        heading=f"Import responses into {survey.title}",
        template="consultation/survey_import.html",
        survey=survey,
        imports=survey.imports.select_related("by__user"),
        most_rows=rules.MOST_IMPORTED_ROWS,
    )
