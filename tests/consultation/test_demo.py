"""The demo's consultation: a closed public survey with results, two accepted rationale
documents and one returned; running it twice adds nothing."""

from datetime import date

from consultation import selectors
from consultation.models import Answer, EmergingIssue, RationaleDocument, Response, Survey
from demo.builder import build_demo


def test_the_demo_has_consultation_results_and_runs_twice(db):
    result = build_demo(date(2026, 11, 24))
    year = result["cycle"].years.get(number=1)
    survey = Survey.objects.get(year=year, audience="public")
    assert survey.status == "closed" and survey.closes_on < date(2026, 11, 24)
    assert survey.responses.count() == 40
    assert Answer.objects.filter(moderation="redacted").count() == 1
    states = sorted(RationaleDocument.objects.values_list("state", flat=True))
    assert states == ["accepted", "accepted", "requested", "returned"]
    assert len(selectors.accepted_rationales(year)) == 2
    suggestions = selectors.suggested_community_scores(year)
    top = year.issues.get(title="Anti-social behaviour")
    assert suggestions[top.pk].score == 5
    counts = (
        Response.objects.count(),
        RationaleDocument.objects.count(),
        EmergingIssue.objects.count(),
    )
    build_demo(date(2026, 11, 24))
    assert (
        Response.objects.count(),
        RationaleDocument.objects.count(),
        EmergingIssue.objects.count(),
    ) == counts
