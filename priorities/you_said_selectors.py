"""Reads for "you said, we did" pages: the page itself, the board's record it draws
live, and the chosen questions' counts as the public reads them, small numbers hidden."""

from itertools import zip_longest

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse

from consultation.models import Survey
from consultation.selectors import survey_results
from csp_assessment.dates import day
from partnerships.disclosure import shown_count, shown_group
from partnerships.models import Partnership

from . import rules
from .models import Action, Decision, YouSaidWeDid


def published_pages(partnership: Partnership) -> QuerySet[YouSaidWeDid]:
    """The partnership's published pages, newest consultation first."""
    return (
        YouSaidWeDid.objects.filter(
            survey__year__cycle__partnership=partnership, status=YouSaidWeDid.Status.PUBLISHED
        )
        .select_related("survey")
        .order_by("-survey__closes_on", "-pk")
    )


def after_survey_link(survey: Survey) -> tuple[str, str]:
    """For a closed public survey's page: its published "you said, we did" page, or,
    until there is one, the partnership's published priorities."""
    slug = survey.year.cycle.partnership.slug
    page = YouSaidWeDid.objects.filter(survey=survey, status=YouSaidWeDid.Status.PUBLISHED).first()
    if page is not None:
        return (
            page.public_title,
            reverse("public_you_said", kwargs={"slug": slug, "key": survey.public_key}),
        )
    return ("See the partnership's priorities", reverse("public_summary", kwargs={"slug": slug}))


def you_said_or_404(partnership: Partnership, page_id: int) -> YouSaidWeDid:
    return get_object_or_404(
        YouSaidWeDid.objects.select_related("survey__year"),
        pk=page_id,
        survey__year__cycle__partnership=partnership,
    )


def board_record(survey) -> tuple[list[dict], list[dict]]:
    """The board's decisions on the survey year's priorities and the actions that
    followed, as they stand now: drafting reads it, and the public page shows it live,
    so later decisions appear there without republishing. Two queries."""
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
            "outcome_label": d.get_outcome_display(),
            "decided_on": day(d.item.meeting.held_on),
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
            "state": a.status,
            "owner_agency": a.owner_agency.name if a.owner_agency_id else "",
            "due_on": day(a.due_on),
        }
        for a in actions
    ]
    return decided, followed


RANKING_COLUMNS = ["Issue", "Ranked first by", "Ranked at all by"]
CHOICE_COLUMNS = ["Answer", "People who chose it"]
RATING_COLUMNS = ["Rating (1 to 5)", "People who gave it"]


def shown_answers(result, respondents: int, threshold: int) -> list[tuple[str, str]]:
    """A question's counts as the public reads them, with a "No answer" row when some
    who took part did not answer it. Where the counts add up to the people who took
    part (`QuestionResult.parts`), a small one is hidden with another
    (`disclosure.group_hidden`), so it is not the total minus the rest. A
    multiple-choice question counts a person once for each answer chosen, so its counts
    add up to no total and each is banded on its own."""
    parts = result.parts(respondents)
    if parts is None:
        return [(label, shown_count(count, threshold)) for label, count in result.rows]
    shown = shown_group([count for _, count in parts], threshold)
    return [(label, text) for (label, _), text in zip(parts, shown, strict=True)]


def _question_table(result, respondents: int, threshold: int) -> dict:
    """One chosen question as the public reads it. A ranking counts people twice over,
    so both columns say whom they count: who put the issue first (these add up to the
    people who took part, so they are hidden as a group), and who ranked it at all.
    Issues the survey did not ask about are left out."""
    answers = shown_answers(result, respondents, threshold)
    if result.question.kind == "ranking":
        # The answers follow the suggestions, then "No answer" (with no suggestion) when
        # anyone gave none.
        rows = [
            (label, first, "–" if s is None else shown_count(s.ranked_by, threshold))
            for (label, first), (_, s) in zip_longest(
                answers, result.suggestions, fillvalue=(None, None)
            )
            if s is None or not s.not_asked
        ]
        columns = RANKING_COLUMNS
    else:
        rows = answers
        columns = RATING_COLUMNS if result.question.kind == "rating" else CHOICE_COLUMNS
    return {"text": result.question.text, "columns": columns, "rows": rows}


def you_said_content(page: YouSaidWeDid, *, published: bool = False) -> dict:
    """What the public page shows: the text, counts for the chosen questions with small
    numbers hidden (`shown_answers`), and the board's record as it stands today.
    published: the version the public sees; otherwise the working copy, for the preview."""
    title, said, did, questions = (
        (page.public_title, page.public_said, page.public_did, page.public_questions)
        if published
        else (page.title, page.said, page.did, page.questions)
    )
    respondents, results = survey_results(page.survey, moderator=False)
    chosen = [r for r in results if r.question.pk in set(questions)]
    threshold = page.survey.year.cycle.partnership.suppress_below
    decisions, actions = board_record(page.survey)
    return {
        "title": title,
        "threshold": threshold,
        "respondents": shown_count(respondents, threshold),
        "said": rules.text_blocks(said),
        "did": rules.text_blocks(did),
        "questions": [_question_table(r, respondents, threshold) for r in chosen if r.rows],
        "decisions": decisions,
        "actions": actions,
    }
