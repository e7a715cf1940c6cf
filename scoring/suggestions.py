"""Suggested scores beside the score cells, gathered from the apps that hold the
evidence: crime data (analysis) for the data-driven criteria, and the public ranking
question (consultation) for community concerns. Scorers accept or override them."""

from collections.abc import Iterable
from dataclasses import dataclass

from analysis.suggestions import suggestions_for
from consultation.selectors import suggested_community_scores
from cycles.models import Issue

from .models import Round

COMMUNITY_CONCERNS = "community_concerns"


@dataclass(frozen=True)
class Suggestion:
    value: int | None  # None: the source has too little to suggest anything
    evidence: str
    rule: str
    source: str  # where it comes from, as the page says it: "the crime data"


def suggestions_for_round(
    round_: Round, issues: Iterable[Issue]
) -> dict[tuple[int, str], Suggestion]:
    """{(issue id, criterion key): suggestion}, in a fixed number of queries."""
    issues = list(issues)
    found = {
        key: Suggestion(s.value, s.evidence, s.rule, "the crime data")
        for key, s in suggestions_for(round_, issues).items()
    }
    community = suggested_community_scores(round_.year)
    for issue in issues:
        suggestion = community.get(issue.pk)
        if suggestion is None or suggestion.respondents == 0:
            continue  # no one has answered a ranking question: nothing to suggest
        found[issue.pk, COMMUNITY_CONCERNS] = Suggestion(
            suggestion.score, suggestion.evidence, suggestion.rule, "the public consultation"
        )
    return found
