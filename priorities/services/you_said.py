"""Writes to "you said, we did" pages: drafting from a survey and the board's
decisions, editing, publishing and withdrawing."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from consultation.selectors import survey_results
from csp_assessment.text import and_list

from .. import rules
from ..models import YouSaidWeDid
from ..you_said_selectors import board_record


def _draft_said(survey, results) -> str:
    """What the results say, in words only. How many took part, and when, the page says
    above it, and the table gives the counts. The sentence names no count: it is written
    once, while the table is worked out afresh, so a count the sentence fixed could be one
    the table later hides (more answers can come in after drafting) and give a small count
    away by subtraction."""
    lines = []
    for result in results:
        if result.question.kind == "ranking" and result.suggestions:
            top = [title for title, _ in result.suggestions[:3]]
            lines.append(f"The issues you ranked most important were {and_list(top)}.")
        elif result.rows and result.question.kind in ("single", "multiple"):
            label, count = max(result.rows, key=lambda row: row[1])
            if count:
                lines.append(
                    f"Asked “{result.question.text}”, the most common answer was “{label}”."
                )
    return "\n".join(lines) or f"What you told us in “{survey.title}”."


@transaction.atomic
def draft_you_said_we_did(*, survey) -> YouSaidWeDid:
    """Start the page from the survey's results and the board's decisions. Once it
    exists, drafting again changes nothing: the analyst's edits are kept."""
    existing = YouSaidWeDid.objects.filter(survey=survey).first()
    if existing:
        return existing
    if survey.status == "draft":
        raise ValidationError("The survey has not been published, so nobody has answered it.")
    _, results = survey_results(survey, moderator=False)
    decided, followed = board_record(survey)
    return YouSaidWeDid.objects.create(
        survey=survey,
        title=f"You said, we did: {survey.title}",
        said=_draft_said(survey, results),
        did=rules.draft_we_did(decided, followed),
        questions=[r.question.pk for r in results if r.question.kind != "text"],
    )


@transaction.atomic
def update_you_said_we_did(
    *, page: YouSaidWeDid, title: str, said: str, did: str, questions: list[int]
) -> YouSaidWeDid:
    """Change the working copy. A published page stays as published until the
    revision is published over it."""
    allowed = set(page.survey.questions.exclude(kind="text").values_list("pk", flat=True))
    if not set(questions) <= allowed:
        raise ValidationError({"questions": "Choose questions from this survey."})
    page = YouSaidWeDid.objects.select_for_update().get(pk=page.pk)
    # Browsers send textarea lines with \r\n: store \n so unchanged text compares equal.
    said, did = said.replace("\r\n", "\n"), did.replace("\r\n", "\n")
    page.title, page.said, page.did = title, said, did
    page.questions = sorted(questions)
    page.full_clean()
    page.save()
    return page


@transaction.atomic
def publish_you_said_we_did(*, page: YouSaidWeDid) -> YouSaidWeDid:
    """Publish the working copy, for the first time or over the published version."""
    page = YouSaidWeDid.objects.select_for_update().get(pk=page.pk)
    if not page.said.strip() or not page.did.strip():
        raise ValidationError(
            "Say what people said and what the partnership did before publishing."
        )
    if page.is_published() and not page.has_unpublished_changes():
        raise ValidationError("Nothing has changed since it was published.")
    page.public_title, page.public_said, page.public_did = page.title, page.said, page.did
    page.public_questions = list(page.questions)
    page.status = YouSaidWeDid.Status.PUBLISHED
    page.published_at = timezone.now()
    page.save()
    return page


@transaction.atomic
def withdraw_you_said_we_did(*, page: YouSaidWeDid) -> YouSaidWeDid:
    """Take the page offline. The working copy is kept."""
    page = YouSaidWeDid.objects.select_for_update().get(pk=page.pk)
    if not page.is_published():
        raise ValidationError("This page is not published.")
    page.status = YouSaidWeDid.Status.DRAFT
    page.published_at = None
    page.public_title = page.public_said = page.public_did = ""
    page.public_questions = []
    page.save()
    return page
