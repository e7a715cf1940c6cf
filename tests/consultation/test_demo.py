"""The demo's consultation: a closed public survey with results, year 1's rationale
documents all accepted, and two for the current year, one to write and one returned;
running it twice adds nothing."""

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
    # Year 1 has ended: its four documents were handed in and accepted (one after it was
    # returned with comments), none left overdue.
    states = sorted(RationaleDocument.objects.filter(year=year).values_list("state", flat=True))
    assert states == ["accepted"] * 4
    assert len(selectors.accepted_rationales(year)) == 4
    drugs = RationaleDocument.objects.get(year=year, issue__title="Drug supply and county lines")
    assert [h.state for h in drugs.history.order_by("history_date")] == [
        "requested",
        "submitted",
        "returned",
        "resubmitted",
        "accepted",
    ]
    # The year running today asks for two, due in a week: one to write, one returned.
    current = result["cycle"].years.get(number=2)
    documents = RationaleDocument.objects.filter(year=current).order_by("state")
    assert [(d.issue.title, d.state) for d in documents] == [
        ("Fraud and scams against older people", "requested"),
        ("Hate crime", "returned"),
    ]
    assert {d.due_on for d in documents} == {date(2026, 12, 1)}
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
