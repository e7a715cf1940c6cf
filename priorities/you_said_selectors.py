"""Reads for "you said, we did" pages: the page itself, the board's record it draws
live, and the chosen questions' counts as the public reads them, small numbers banded."""

from django.shortcuts import get_object_or_404

from consultation.selectors import survey_results
from partnerships.disclosure import shown_count
from partnerships.models import Partnership

from . import rules
from .models import Action, Decision, YouSaidWeDid


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
            "state": a.status,
            "owner_agency": a.owner_agency.name if a.owner_agency_id else "",
            "due_on": f"{a.due_on:%-d %B %Y}",
        }
        for a in actions
    ]
    return decided, followed


RANKING_COLUMNS = ["Issue", "Ranked first by", "Ranked at all by"]
CHOICE_COLUMNS = ["Answer", "People who chose it"]
RATING_COLUMNS = ["Rating (1 to 5)", "People who gave it"]


def _question_table(result, threshold: int) -> dict:
    """One chosen question as the public reads it. A ranking counts people twice over,
    so both columns say whom they count: who put the issue first, and who ranked it at
    all. Issues the survey did not ask about are left out."""
    if result.question.kind == "ranking":
        rows = [
            (title, shown_count(s.first_choices, threshold), shown_count(s.ranked_by, threshold))
            for title, s in result.suggestions
            if not s.not_asked
        ]
        columns = RANKING_COLUMNS
    else:
        rows = [(label, shown_count(count, threshold)) for label, count in result.rows]
        columns = RATING_COLUMNS if result.question.kind == "rating" else CHOICE_COLUMNS
    return {"text": result.question.text, "columns": columns, "rows": rows}


def you_said_content(page: YouSaidWeDid, *, published: bool = False) -> dict:
    """What the public page shows: the text, counts for the chosen questions with small
    numbers banded, and the board's record as it stands today. published: the version
    the public sees; otherwise the working copy, for the preview."""
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
        "questions": [_question_table(r, threshold) for r in chosen if r.rows],
        "decisions": decisions,
        "actions": actions,
    }
