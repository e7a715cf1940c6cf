"""Writes for answers: a respondent's response, responses imported from another tool,
and moderation of free-text answers."""

import hashlib
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from csp_assessment.dates import day
from csp_assessment.text import file_name
from partnerships.models import EraseOriginals, Membership

from .. import rules
from ..models import Answer, AnswerModeration, Question, Response, Survey, SurveyImport, SurveyToken
from .retention import erase_original


def ranking_options(survey: Survey) -> dict[int, str]:
    """Issue id -> title for the survey year's long list, in title order."""
    return dict(survey.year.issues.order_by("title").values_list("pk", "title"))


def _question_options(question: Question, titles: dict[int, str]) -> list:
    return list(titles) if question.kind == Question.Kind.RANKING else question.options


def _check_answers(survey: Survey, questions: list[Question], answers: dict) -> dict[int, object]:
    titles = ranking_options(survey) if any(q.kind == "ranking" for q in questions) else {}
    checked, errors = {}, {}
    for question in questions:
        try:
            checked[question.pk] = rules.check_answer(
                kind=question.kind,
                value=answers.get(question.pk),
                options=_question_options(question, titles),
                required=question.required,
            )
        except rules.AnswerInvalid as error:
            errors[f"q{question.pk}"] = str(error)
    if errors:
        raise ValidationError(errors)
    return checked


def _answer_rows(response: Response, questions: list[Question], checked: dict) -> list[Answer]:
    rows = []
    for question in questions:
        value = checked.get(question.pk)
        if value is None:
            continue
        if question.kind == Question.Kind.TEXT:
            rows.append(
                Answer(response=response, question=question, text=value, published_text=value)
            )
        else:
            rows.append(Answer(response=response, question=question, value=value))
    return rows


@transaction.atomic
def submit_response(
    *,
    survey: Survey,
    answers: dict[int, object],
    submission_id: str,
    today: date,
    respondent: Membership | None = None,
    token: str = "",
    now: datetime | None = None,
) -> Response:
    """Save one person's answers if the survey is open to them, once only."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if not survey.is_open(today):
        raise ValidationError("This survey is closed. Your answers have not been saved.")
    if survey.is_full():
        raise ValidationError(
            "This survey has all the answers it can take. Your answers have not been saved."
        )
    if survey.audience == Survey.Audience.PARTNER:
        if respondent is None or respondent.partnership_id != survey.year.cycle.partnership_id:
            raise ValidationError("Only members of the partnership can answer this survey.")
        if Response.objects.filter(survey=survey, respondent=respondent).exists():
            raise ValidationError("You have already answered this survey. Thank you.")
    elif respondent is not None:
        respondent = None  # public answers are anonymous even from members
    if (
        not submission_id
        or Response.objects.filter(survey=survey, submission_id=submission_id).exists()
    ):
        raise ValidationError("We already have these answers. There is no need to send them again.")
    used = None
    if survey.requires_token:
        used = SurveyToken.objects.select_for_update().filter(survey=survey, token=token).first()
        if used is None:
            raise ValidationError("This survey needs the personal link you were sent.")
        if used.used_at is not None:
            raise ValidationError("This link has already been used to answer the survey.")
    questions = list(survey.questions.all())
    checked = _check_answers(survey, questions, answers)
    if all(value is None for value in checked.values()):
        raise ValidationError("Answer at least one question before you send the survey.")
    moment = now or timezone.now()
    try:
        with transaction.atomic():
            response = Response.objects.create(
                survey=survey,
                submission_id=submission_id,
                respondent=respondent,
                submitted_at=moment,
            )
    except IntegrityError:
        raise ValidationError("We already have these answers.") from None
    Answer.objects.bulk_create(_answer_rows(response, questions, checked))
    if used is not None:
        used.used_at = moment
        used.save(update_fields=["used_at"])
    return response


@transaction.atomic
def moderate_answer(
    *,
    answer: Answer,
    by: Membership,
    action: str,
    reason: str,
    redacted_text: str = "",
    now: datetime | None = None,
) -> Answer:
    """Hide, redact or show again a free-text answer; the history keeps every step."""
    answer = Answer.objects.select_for_update().select_related("question").get(pk=answer.pk)
    if answer.question.kind != Question.Kind.TEXT:
        raise ValidationError("Only free-text answers are moderated.")
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Give a reason: it is kept in the history."})
    before = answer.published_text
    if action == Answer.Moderation.REDACTED:
        redacted_text = redacted_text.strip()
        if not redacted_text:
            raise ValidationError({"redacted_text": "Give the text to publish instead."})
        if redacted_text == answer.text:
            raise ValidationError({"redacted_text": "The redacted text is the same as the answer."})
        answer.published_text = redacted_text
    elif action == Answer.Moderation.HIDDEN:
        answer.published_text = ""
    elif action == Answer.Moderation.SHOWN:
        if answer.moderation == Answer.Moderation.SHOWN:
            raise ValidationError("This answer is already shown as given.")
        if answer.original_erased_on is not None:
            raise ValidationError(
                "The wording as given was erased under the retention policy, so it "
                "cannot be shown again. Redact or hide the answer instead."
            )
        answer.published_text = answer.text
    else:
        raise ValidationError({"action": "Choose hide, redact or show."})
    answer.moderation = action
    answer.save(update_fields=["moderation", "published_text"])
    AnswerModeration.objects.create(
        answer=answer,
        action=action,
        reason=reason,
        text_before=before,
        text_after=answer.published_text,
        by=by,
        at=now or timezone.now(),
    )
    at_once = by.partnership.originals_erased == EraseOriginals.AT_ONCE
    if action == Answer.Moderation.REDACTED and at_once:
        erase_original(answer=answer, today=timezone.localdate(now))
    return answer


@transaction.atomic
def import_responses(
    *,
    survey: Survey,
    by: Membership,
    filename: str,
    content: bytes,
    mapping: dict[int, str],
    now: datetime | None = None,
) -> SurveyImport:
    """Import another tool's CSV export: every row is valid, or nothing is saved."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.status == Survey.Status.DRAFT:
        raise ValidationError("Publish the survey, or close it, before importing responses.")
    if not any(mapping.values()):
        raise ValidationError("Choose the column for at least one question.")
    digest = hashlib.sha256(content).hexdigest()
    earlier = survey.imports.filter(sha256=digest).first()
    if earlier is not None:
        raise ValidationError(
            f"This file was already imported on {day(earlier.at)}: nothing was added."
        )
    questions = list(survey.questions.all())
    titles = ranking_options(survey)
    described = [
        {
            "id": q.pk,
            "kind": q.kind,
            "text": q.text,
            "options": _question_options(q, titles),
            "required": q.required,
            "titles": titles,
        }
        for q in questions
    ]
    plan = rules.plan_import(content=content, questions=described, mapping=mapping)
    if plan.errors:
        raise ValidationError({"file": plan.errors})
    moment = now or timezone.now()
    batch = SurveyImport.objects.create(
        survey=survey, filename=file_name(filename), sha256=digest, rows=len(plan.rows), by=by
    )
    responses = Response.objects.bulk_create(
        [
            Response(
                survey=survey,
                submission_id=f"import-{batch.pk}-{row}",
                source=Response.Source.IMPORT,
                import_batch=batch,
                submitted_at=moment,
            )
            for row in range(len(plan.rows))
        ]
    )
    if responses and responses[0].pk is None:  # backends that do not return ids
        responses = list(batch.responses.order_by("pk"))
    answers = []
    for response, values in zip(responses, plan.rows, strict=True):
        answers += _answer_rows(response, questions, values)
    Answer.objects.bulk_create(answers)
    return batch
