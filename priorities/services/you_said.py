"""Writes to "you said, we did" pages: drafting from a survey and the board's
decisions, editing, publishing and withdrawing."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from consultation.selectors import survey_results
from partnerships.disclosure import shown_count

from .. import rules
from ..models import (
    Action,
    Decision,
    YouSaidWeDid,
)


def _draft_said(survey, respondents: int, results, threshold: int) -> str:
    people = shown_count(respondents, threshold)
    lines = [
        f"{people[0].upper()}{people[1:]} people answered “{survey.title}” between "
        f"{survey.opens_on:%-d %B %Y} and {survey.closes_on:%-d %B %Y}."
    ]
    for result in results:
        if result.question.kind == "ranking" and result.suggestions:
            top = [title for title, _ in result.suggestions[:3]]
            lines.append(f"The issues you ranked most important were {', '.join(top)}.")
        elif result.rows and result.question.kind in ("single", "multiple"):
            label, count = max(result.rows, key=lambda row: row[1])
            if count:
                lines.append(
                    f"Asked “{result.question.text}”, the most common answer was “{label}” "
                    f"({shown_count(count, threshold)} people)."
                )
    return "\n".join(lines)


def _decisions_and_actions(survey) -> tuple[list[dict], list[dict]]:
    decisions = (
        Decision.objects.filter(priority__year=survey.year)
        .select_related("priority__lead_agency", "item__meeting")
        .order_by("item__meeting__held_on", "pk")
    )
    decided = [
        {
            "title": d.priority.title,
            "emphasis": d.priority.emphasis,
            "outcome": d.outcome,
            "decided_on": f"{d.item.meeting.held_on:%-d %B %Y}",
            "lead_agency": d.priority.lead_agency.name if d.priority.lead_agency_id else "",
        }
        for d in decisions
    ]
    actions = (
        Action.objects.filter(priority__year=survey.year)
        .select_related("owner_agency")
        .order_by("due_on", "pk")
    )
    followed = [
        {
            "title": a.title,
            "status": a.get_status_display(),
            "owner_agency": a.owner_agency.name if a.owner_agency_id else "",
            "due_on": f"{a.due_on:%-d %B %Y}",
        }
        for a in actions
    ]
    return decided, followed


@transaction.atomic
def draft_you_said_we_did(*, survey) -> YouSaidWeDid:
    """Start the page from the survey's results and the board's decisions. Once it
    exists, drafting again changes nothing: the analyst's edits are kept."""
    existing = YouSaidWeDid.objects.filter(survey=survey).first()
    if existing:
        return existing
    if survey.status == "draft":
        raise ValidationError("The survey has not been published, so nobody has answered it.")
    respondents, results = survey_results(survey, moderator=False)
    threshold = survey.year.cycle.partnership.suppress_below
    decided, followed = _decisions_and_actions(survey)
    return YouSaidWeDid.objects.create(
        survey=survey,
        title=f"You said, we did: {survey.title}",
        said=_draft_said(survey, respondents, results, threshold),
        did=rules.draft_we_did(decided, followed),
        questions=[r.question.pk for r in results if r.question.kind != "text"],
    )


@transaction.atomic
def update_you_said_we_did(
    *, page: YouSaidWeDid, title: str, said: str, did: str, questions: list[int]
) -> YouSaidWeDid:
    if page.status == YouSaidWeDid.Status.PUBLISHED:
        raise ValidationError("This page is published. Withdraw it before you change it.")
    allowed = set(page.survey.questions.exclude(kind="text").values_list("pk", flat=True))
    if not set(questions) <= allowed:
        raise ValidationError({"questions": "Choose questions from this survey."})
    page.title, page.said, page.did = title, said, did
    page.questions = sorted(questions)
    page.full_clean()
    page.save()
    return page


@transaction.atomic
def publish_you_said_we_did(*, page: YouSaidWeDid) -> YouSaidWeDid:
    if not page.said.strip() or not page.did.strip():
        raise ValidationError(
            "Say what people said and what the partnership did before publishing."
        )
    YouSaidWeDid.objects.filter(pk=page.pk, status=YouSaidWeDid.Status.DRAFT).update(
        status=YouSaidWeDid.Status.PUBLISHED, published_at=timezone.now()
    )
    page.refresh_from_db()
    return page


@transaction.atomic
def withdraw_you_said_we_did(*, page: YouSaidWeDid) -> YouSaidWeDid:
    YouSaidWeDid.objects.filter(pk=page.pk).update(
        status=YouSaidWeDid.Status.DRAFT, published_at=None
    )
    page.refresh_from_db()
    return page
