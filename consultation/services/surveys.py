"""Writes for setting up surveys: drafts from scratch or from a template, their
questions, publishing and closing, and one-use links."""

import secrets
from datetime import date, datetime
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction

from cycles.models import CycleYear
from partnerships.models import Membership

from .. import rules
from ..models import Question, Survey, SurveyToken
from .history import stamp

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "survey_templates"
MAX_TOKENS = 2000
DEFAULT_PRIVACY_NOTICE = (
    "The community safety partnership runs this survey to learn what worries people "
    "about crime and safety where they live. Answering is voluntary and anonymous: "
    "do not give your name or details that could identify you or anyone else. We do "
    "not store your internet address. Free-text answers may be shortened or edited "
    "before anything is published, and may be hidden if they identify someone. We "
    "keep the answers until the next strategic assessment is agreed."
)


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
    today: date | None = None,
) -> Survey:
    """Create a survey, or change one that is still a draft. Given `today` (every page
    passes it), a new survey's year must not have ended by then; callers that build a
    past year on purpose (the demo, tests of a fixed year) pass none."""
    if survey is None and today is not None and rules.year_has_ended(year.ends_on, today):
        raise ValidationError(rules.ended_year_refusal(year.label, "a new survey"))
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
    stamp(survey, by=created_by)
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
    today: date | None = None,
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
        today=today,
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


@transaction.atomic
def delete_draft_survey(*, survey: Survey) -> str:
    """Delete a survey that was never published, with its questions and any one-use
    links made for it. Nobody has answered it, so nothing of the consultation is lost;
    a published or closed survey is the record of what people said and stays."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.status != Survey.Status.DRAFT:
        raise ValidationError(
            f"This survey is {survey.get_status_display().lower()}: only a draft can be deleted."
        )
    if survey.responses.exists():
        raise ValidationError("This survey has responses, so it cannot be deleted.")
    title = survey.title
    survey.delete()
    return title


def _set_survey_status(survey: Survey, to_state: str, by: Membership | None, now) -> None:
    stamp(survey, by=by, now=now)
    survey.status = to_state
    survey.save(update_fields=["status"])


@transaction.atomic
def publish_survey(
    *, survey: Survey, by: Membership | None, today: date, now: datetime | None = None
) -> Survey:
    """Open a draft survey to answers on `today`, a day its year has not ended by (the
    demo and tests that build a fixed past year pass a day while it ran)."""
    survey = Survey.objects.select_for_update().select_related("year").get(pk=survey.pk)
    if survey.status != Survey.Status.DRAFT:
        raise ValidationError(f"This survey is {survey.get_status_display().lower()}, not a draft.")
    if rules.year_has_ended(survey.year.ends_on, today):
        raise ValidationError(rules.ended_year_publish_refusal(survey.year.label))
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
