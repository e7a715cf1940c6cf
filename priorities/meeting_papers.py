"""The papers an agenda item dealt with, beyond the board's decisions on priorities:
the board's decisions on the terms of reference, the six-month review and the
partnership plan, and the report versions sent to the item. Apps to the right of
priorities (plans, reports) register a provider, so the meeting page lists their papers
without priorities importing them. A provider runs a fixed number of queries for the
whole meeting, however many items it has."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from csp_assessment.registry import Registry

from .models import Meeting, ReviewDecision, TermsDecision


@dataclass(frozen=True)
class PaperLine:
    item_id: int
    paper: str  # what the board read, e.g. "Partnership plan 2026 to 2029, version 2"
    url: str
    outcome: str  # the board's decision, or what happened to the paper ("Sent")
    note: str  # the board's minute, if any
    who: str  # "Recorded by Sam Taylor." or "Sent by Sam Taylor on 3 December 2026."
    testid: str


Provider = Callable[[Meeting], list[PaperLine]]

_providers: Registry[Provider] = Registry()


def register(provider: Provider) -> Provider:
    return _providers.add(provider)


def papers_by_item(meeting: Meeting) -> dict[int, list[PaperLine]]:
    found: dict[int, list[PaperLine]] = {}
    for provider in _providers:
        for line in provider(meeting):
            found.setdefault(line.item_id, []).append(line)
    return found


def recorder(membership) -> str:
    return membership.display_name if membership else "someone no longer a member"


def decision_lines(decisions, *, paper, url, testid: str) -> list[PaperLine]:
    """A line for each of the board's decisions on a paper (a `PaperDecision`): `paper`
    and `url` take the decision and name the paper and its page."""
    return [
        PaperLine(
            item_id=decision.item_id,
            paper=paper(decision),
            url=url(decision),
            outcome=decision.get_outcome_display(),
            note=decision.minute,
            who=f"Recorded by {recorder(decision.recorded_by)}.",
            testid=testid,
        )
        for decision in decisions
    ]


def terms_decisions(meeting: Meeting) -> list[PaperLine]:
    slug = meeting.partnership.slug
    return decision_lines(
        TermsDecision.objects.filter(item__meeting=meeting).select_related(
            "terms__year", "recorded_by__user"
        ),
        paper=lambda decision: (
            f"Terms of reference for {decision.terms.year.label}, version {decision.terms.version}"
        ),
        url=lambda decision: reverse(
            "priorities:terms", kwargs={"slug": slug, "year_id": decision.terms.year_id}
        ),
        testid="terms-decision",
    )


def review_decisions(meeting: Meeting) -> list[PaperLine]:
    slug = meeting.partnership.slug
    return decision_lines(
        ReviewDecision.objects.filter(item__meeting=meeting).select_related(
            "review__year", "recorded_by__user"
        ),
        paper=lambda decision: f"Six-month review of {decision.review.year.label}",
        url=lambda decision: reverse(
            "priorities:review_record", kwargs={"slug": slug, "year_id": decision.review.year_id}
        ),
        testid="review-decision",
    )
