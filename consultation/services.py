"""Every write in consultation: rationale requests and documents, surveys, responses,
moderation, imports and the emerging-issues log. Keyword-only, atomic, and each one
checks the current state and says plainly what is not allowed."""

import hashlib
import secrets
import uuid
from datetime import date, datetime
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from cycles.models import CycleYear, Issue
from cycles.services import save_issue
from partnerships.models import Membership, Partnership, Role

from . import rules
from .models import (
    Answer,
    AnswerModeration,
    EmergingIssue,
    EmergingIssueTransition,
    Question,
    RationaleAttachment,
    RationaleDocument,
    RationaleTransition,
    Response,
    Survey,
    SurveyImport,
    SurveyToken,
    SurveyTransition,
)

TEMPLATE_DIR = Path(__file__).resolve().parent / "survey_templates"
MAX_ATTACHMENTS = 10
MAX_TOKENS = 2000
REQUIRED_SECTIONS = [name for name, _, _ in RationaleDocument.SECTIONS if name != "data_sources"]
DEFAULT_PRIVACY_NOTICE = (
    "The community safety partnership runs this survey to learn what worries people "
    "about crime and safety where they live. Answering is voluntary and anonymous: "
    "do not give your name or details that could identify you or anyone else. We do "
    "not store your internet address. Free-text answers may be shortened or edited "
    "before anything is published, and may be hidden if they identify someone. We "
    "keep the answers until the next strategic assessment is agreed."
)


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def _same_partnership(membership: Membership | None, year: CycleYear, field: str) -> None:
    if membership is not None and membership.partnership_id != year.cycle.partnership_id:
        raise ValidationError({field: "Choose a member of this partnership."})


# Rationale documents ---------------------------------------------------------------


@transaction.atomic
def request_rationale(
    *,
    year: CycleYear,
    specialist: Membership,
    requested_by: Membership,
    due_on: date,
    message: str = "",
    issue: Issue | None = None,
    theme: str = "",
    now: datetime | None = None,
) -> RationaleDocument:
    """Ask a theme specialist for a rationale document on one issue or one theme."""
    _same_partnership(specialist, year, "specialist")
    if specialist.role != Role.THEME_SPECIALIST:
        raise ValidationError(
            {"specialist": "Rationale documents are written by theme specialists."}
        )
    if issue is not None and issue.year_id != year.pk:
        raise ValidationError({"issue": "Choose an issue on this year's long list."})
    theme = theme.strip()
    if (issue is None) == (not theme):
        raise ValidationError("Choose an issue or name a theme, not both.")
    duplicate = RationaleDocument.objects.filter(year=year, specialist=specialist).exclude(
        state=RationaleDocument.State.ACCEPTED
    )
    duplicate = duplicate.filter(issue=issue) if issue else duplicate.filter(theme__iexact=theme)
    if duplicate.exists():
        raise ValidationError(
            f"{specialist.display_name} already has an open request for this. "
            "Change its due date instead."
        )
    document = RationaleDocument(
        year=year,
        issue=issue,
        theme=theme,
        specialist=specialist,
        requested_by=requested_by,
        due_on=due_on,
        message=message,
    )
    document.full_clean()
    document.save()
    RationaleTransition.objects.create(
        document=document,
        from_state="",
        to_state=document.state,
        by=requested_by,
        at=_now(now),
        comment=message,
    )
    return document


def _move(document: RationaleDocument, *, action: str, by: Membership, comment: str, now) -> None:
    try:
        to_state = rules.next_rationale_state(document.state, action)
    except rules.NotAllowed as error:
        raise ValidationError(str(error)) from None
    if to_state != document.state:
        RationaleTransition.objects.create(
            document=document,
            from_state=document.state,
            to_state=to_state,
            by=by,
            at=_now(now),
            comment=comment,
        )
    document.state = to_state


def _locked(document: RationaleDocument) -> RationaleDocument:
    # Lock the row so a double click cannot submit or review twice.
    return RationaleDocument.objects.select_for_update().get(pk=document.pk)


@transaction.atomic
def save_rationale(
    *,
    document: RationaleDocument,
    by: Membership,
    sections: dict[str, str],
    submit: bool = False,
    now: datetime | None = None,
) -> RationaleDocument:
    """The specialist saves their sections as a draft or submits them for review."""
    document = _locked(document)
    if by.pk != document.specialist_id:
        raise ValidationError("Only the theme specialist asked for this document can write it.")
    if document.state not in rules.EDITABLE_STATES:
        raise ValidationError(
            f"This document is {document.get_state_display().lower()}: it cannot be changed now."
        )
    for name, _, _ in RationaleDocument.SECTIONS:
        setattr(document, name, (sections.get(name) or "").strip())
    if submit:
        missing = rules.missing_sections(
            {name: getattr(document, name) for name in REQUIRED_SECTIONS}, REQUIRED_SECTIONS
        )
        if missing:
            raise ValidationError(
                {name: "Write this section before you submit." for name in missing}
            )
    _move(document, action="submit" if submit else "save", by=by, comment="", now=now)
    document.full_clean()
    document.save()
    return document


@transaction.atomic
def review_rationale(
    *,
    document: RationaleDocument,
    by: Membership,
    accept: bool,
    comment: str = "",
    now: datetime | None = None,
) -> RationaleDocument:
    """The analyst accepts a submitted document or returns it with comments."""
    document = _locked(document)
    comment = comment.strip()
    if not accept and not comment:
        raise ValidationError({"comment": "Say what needs changing before you return it."})
    _move(document, action="accept" if accept else "return", by=by, comment=comment, now=now)
    document.save(update_fields=["state", "updated_at"])
    return document


@transaction.atomic
def change_rationale_due_date(*, document: RationaleDocument, due_on: date) -> RationaleDocument:
    if document.state == RationaleDocument.State.ACCEPTED:
        raise ValidationError("This document is already accepted.")
    document.due_on = due_on
    document.save(update_fields=["due_on", "updated_at"])
    return document


@transaction.atomic
def add_attachment(
    *, document: RationaleDocument, by: Membership, name: str, content: bytes
) -> RationaleAttachment:
    """Store a checked file under MEDIA_ROOT with a random name; keep the original name."""
    document = _locked(document)
    if by.pk != document.specialist_id:
        raise ValidationError("Only the theme specialist asked for this document can add files.")
    if document.state not in rules.EDITABLE_STATES:
        raise ValidationError("Files can only be added while the document is being written.")
    if document.attachments.count() >= MAX_ATTACHMENTS:
        raise ValidationError({"file": f"A document can have up to {MAX_ATTACHMENTS} files."})
    name = Path(name.replace("\\", "/")).name[:200]
    try:
        kind = rules.check_attachment(name=name, content=content)
    except rules.AttachmentRejected as error:
        raise ValidationError({"file": str(error)}) from None
    attachment = RationaleAttachment(
        document=document, original_name=name, kind=kind, size=len(content), uploaded_by=by
    )
    attachment.file.save(f"{uuid.uuid4().hex}.{kind}", ContentFile(content), save=False)
    try:
        attachment.save()
    except Exception:
        attachment.file.delete(save=False)
        raise
    return attachment


@transaction.atomic
def remove_attachment(*, attachment: RationaleAttachment, by: Membership) -> None:
    document = attachment.document
    if by.pk != document.specialist_id:
        raise ValidationError("Only the theme specialist asked for this document can remove files.")
    if document.state not in rules.EDITABLE_STATES:
        raise ValidationError("Files can only be removed while the document is being written.")
    stored = attachment.file
    attachment.delete()
    transaction.on_commit(lambda: stored.delete(save=False))


# Surveys ---------------------------------------------------------------------------


def _check_window(opens_on: date, closes_on: date) -> None:
    if closes_on < opens_on:
        raise ValidationError(
            {"closes_on": "The closing date must be on or after the opening date."}
        )


@transaction.atomic
def save_survey(
    *,
    year: CycleYear,
    title: str,
    audience: str,
    opens_on: date,
    closes_on: date,
    introduction: str = "",
    privacy_notice: str = "",
    requires_token: bool = False,
    created_by: Membership | None = None,
    survey: Survey | None = None,
    template_key: str = "",
) -> Survey:
    """Create a survey, or change one that is still a draft."""
    if survey is not None:
        survey = Survey.objects.select_for_update().get(pk=survey.pk)
        if survey.status != Survey.Status.DRAFT:
            raise ValidationError("Only a draft survey can be changed.")
    _check_window(opens_on, closes_on)
    if audience == Survey.Audience.PARTNER and requires_token:
        raise ValidationError(
            {"requires_token": "Partner surveys already allow one response per member."}
        )
    survey = survey or Survey(year=year, created_by=created_by, template_key=template_key)
    survey.title, survey.audience = title.strip(), audience
    survey.opens_on, survey.closes_on = opens_on, closes_on
    survey.introduction, survey.requires_token = introduction, requires_token
    survey.privacy_notice = privacy_notice.strip() or (
        DEFAULT_PRIVACY_NOTICE if audience == Survey.Audience.PUBLIC else ""
    )
    survey.full_clean()
    survey.save()
    return survey


def survey_templates() -> list[dict]:
    """The survey templates shipped as data files, each with its key."""
    templates = []
    for path in sorted(TEMPLATE_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        templates.append({"key": path.stem, **data})
    return templates


@transaction.atomic
def create_survey_from_template(
    *,
    year: CycleYear,
    template_key: str,
    opens_on: date,
    closes_on: date,
    created_by: Membership | None = None,
) -> Survey:
    template = next((t for t in survey_templates() if t["key"] == template_key), None)
    if template is None:
        raise ValidationError({"template": "Choose a survey template from the list."})
    survey = save_survey(
        year=year,
        title=template["title"],
        audience=template["audience"],
        opens_on=opens_on,
        closes_on=closes_on,
        introduction=template.get("introduction", ""),
        created_by=created_by,
        template_key=f"{template_key}@{template.get('version', 1)}",
    )
    for item in template["questions"]:
        save_question(
            survey=survey,
            kind=item["kind"],
            text=item["text"],
            help_text=item.get("help_text", ""),
            required=item.get("required", False),
            options=item.get("options", []),
        )
    return survey


@transaction.atomic
def save_question(
    *,
    survey: Survey,
    kind: str,
    text: str,
    help_text: str = "",
    required: bool = False,
    options: list[str] | None = None,
    question: Question | None = None,
) -> Question:
    survey = Survey.objects.select_for_update().select_related("year").get(pk=survey.pk)
    if survey.status != Survey.Status.DRAFT:
        raise ValidationError("Questions can only be changed while the survey is a draft.")
    options = [o.strip() for o in (options or []) if o.strip()]
    if kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
        if len(options) < 2:
            raise ValidationError({"options": "Give at least two choices, one a line."})
        if len(set(o.lower() for o in options)) != len(options):
            raise ValidationError({"options": "Each choice must be different."})
    else:
        options = []
    if kind == Question.Kind.RANKING and not survey.year.issues.exists():
        raise ValidationError(
            {"kind": "The year's long list is empty: add issues before asking people to rank them."}
        )
    if question is None:
        last = survey.questions.order_by("-position").values_list("position", flat=True).first()
        question = Question(survey=survey, position=(last or 0) + 1)
    question.kind, question.text, question.help_text = kind, text.strip(), help_text.strip()
    question.required, question.options = required, options
    question.full_clean()
    question.save()
    return question


@transaction.atomic
def delete_question(*, question: Question) -> None:
    if Survey.objects.select_for_update().get(pk=question.survey_id).status != Survey.Status.DRAFT:
        raise ValidationError("Questions can only be removed while the survey is a draft.")
    question.delete()


def _set_survey_status(survey: Survey, to_state: str, by: Membership | None, now) -> None:
    SurveyTransition.objects.create(
        survey=survey, from_state=survey.status, to_state=to_state, by=by, at=_now(now)
    )
    survey.status = to_state
    survey.save(update_fields=["status"])


@transaction.atomic
def publish_survey(
    *, survey: Survey, by: Membership | None, today: date, now: datetime | None = None
) -> Survey:
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.status != Survey.Status.DRAFT:
        raise ValidationError(f"This survey is {survey.get_status_display().lower()}, not a draft.")
    if not survey.questions.exists():
        raise ValidationError("Add at least one question before you publish.")
    if survey.closes_on < today:
        raise ValidationError("The closing date has passed: move it before you publish.")
    if survey.audience == Survey.Audience.PUBLIC and not survey.privacy_notice.strip():
        raise ValidationError("A public survey needs a privacy notice.")
    _set_survey_status(survey, Survey.Status.PUBLISHED, by, now)
    return survey


@transaction.atomic
def close_survey(*, survey: Survey, by: Membership | None, now: datetime | None = None) -> Survey:
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.status != Survey.Status.PUBLISHED:
        raise ValidationError("Only a published survey can be closed.")
    _set_survey_status(survey, Survey.Status.CLOSED, by, now)
    return survey


@transaction.atomic
def create_tokens(*, survey: Survey, count: int) -> list[SurveyToken]:
    if not survey.requires_token:
        raise ValidationError("This survey does not use one-response links.")
    if survey.status == Survey.Status.CLOSED:
        raise ValidationError("The survey is closed.")
    if not 1 <= count <= 500 or survey.tokens.count() + count > MAX_TOKENS:
        raise ValidationError(
            {"count": f"Make between 1 and 500 links (at most {MAX_TOKENS} in all)."}
        )
    return SurveyToken.objects.bulk_create(
        [SurveyToken(survey=survey, token=secrets.token_urlsafe(18)) for _ in range(count)]
    )


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
    moment = _now(now)
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
        at=_now(now),
    )
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
            f"This file was already imported on {earlier.at:%d %B %Y}: nothing was added."
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
    moment = _now(now)
    batch = SurveyImport.objects.create(
        survey=survey, filename=filename[:200], sha256=digest, rows=len(plan.rows), by=by
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


# Emerging issues -------------------------------------------------------------------


@transaction.atomic
def log_emerging_issue(
    *,
    partnership: Partnership,
    by: Membership,
    title: str,
    location: str = "",
    evidence: str = "",
    source: str = "",
    now: datetime | None = None,
) -> EmergingIssue:
    if by.partnership_id != partnership.pk:
        raise ValidationError("Only members of the partnership can log its emerging issues.")
    emerging = EmergingIssue(
        partnership=partnership,
        title=title.strip(),
        location=location.strip(),
        evidence=evidence.strip(),
        source=source.strip(),
        logged_by=by,
        logged_at=_now(now),
    )
    emerging.full_clean()
    emerging.save()
    return emerging


def _triage(emerging: EmergingIssue, to_state: str, by: Membership, note: str, now) -> None:
    EmergingIssueTransition.objects.create(
        emerging_issue=emerging,
        from_state=emerging.status,
        to_state=to_state,
        by=by,
        at=_now(now),
        note=note,
    )
    emerging.status = to_state


def _open_emerging(emerging: EmergingIssue) -> EmergingIssue:
    emerging = EmergingIssue.objects.select_for_update().get(pk=emerging.pk)
    if emerging.status != EmergingIssue.Status.OPEN:
        raise ValidationError(
            f"This emerging issue is already {emerging.get_status_display().lower()}."
        )
    return emerging


@transaction.atomic
def add_emerging_to_long_list(
    *, emerging: EmergingIssue, by: Membership, year: CycleYear, now: datetime | None = None
) -> Issue:
    """Put an emerging issue on a year's long list, as an issue marked 'emerging'."""
    emerging = _open_emerging(emerging)
    if year.cycle.partnership_id != emerging.partnership_id:
        raise ValidationError({"year": "Choose a year of this partnership's cycles."})
    description = "\n\n".join(
        part
        for part in [
            emerging.evidence,
            f"Where: {emerging.location}" if emerging.location else "",
            f"Raised by: {emerging.source}" if emerging.source else "",
        ]
        if part
    )
    issue = save_issue(
        year=year,
        title=emerging.title,
        description=description,
        source=Issue.Source.EMERGING,
    )
    _triage(emerging, EmergingIssue.Status.ADDED, by, f"Added to year {year.number}.", now)
    emerging.issue = issue
    emerging.save(update_fields=["status", "issue"])
    return issue


@transaction.atomic
def close_emerging_issue(
    *, emerging: EmergingIssue, by: Membership, reason: str, now: datetime | None = None
) -> EmergingIssue:
    emerging = _open_emerging(emerging)
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            {"reason": "Say why it is closed: the person who logged it will see."}
        )
    _triage(emerging, EmergingIssue.Status.CLOSED, by, reason, now)
    emerging.close_reason = reason
    emerging.save(update_fields=["status", "close_reason"])
    return emerging
