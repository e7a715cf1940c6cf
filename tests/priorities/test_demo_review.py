"""The demo's six-month review: a draft for year 1 while not yet due, agreed by the board
once its date has come, with a verdict on each agreed priority and the real police
figures, and a non-priority flagged on the watchlist by the rank rule; building the
demo twice adds nothing."""

from datetime import date

from demo.builder import build_demo
from priorities import review_selectors
from priorities.review_models import Review, ReviewPriority
from scoring.models import Round

TODAY = date(2026, 11, 24)


def test_a_demo_built_before_the_review_is_due_has_it_as_a_draft(db):
    # Year 1 (2025-26) was decided on 10 February 2026, so the review is due in August.
    review = Review.objects.get(year=build_demo(date(2026, 5, 20))["cycle"].years.get(number=1))
    assert review.is_draft() and review.review_on > date(2026, 5, 20)
    assert review.data_summary and review.verdicts.count() == 3


def test_the_demo_has_a_decided_review_and_a_flagged_non_priority(db):
    cycle = build_demo(TODAY)["cycle"]
    year = cycle.years.get(number=1)
    review = Review.objects.get(year=year)
    assert review.review_on < TODAY and review.status == Review.Status.DECIDED, (
        "its date has come, so the board has agreed it"
    )
    (decision,) = review.decisions.all()
    assert decision.approves() and review.review_on <= decision.item.meeting.held_on <= TODAY
    assert review.data_to == date(2016, 11, 1)
    verdicts = dict(
        ReviewPriority.objects.filter(review=review).values_list("priority__title", "verdict")
    )
    assert verdicts == {
        "Anti-social behaviour": "holds",
        "Reduce re-offending": "change",
        "Domestic abuse": "holds",
    }
    watch = review_selectors.watchlist(year)
    assert watch.changes.comparison.description == "November 2017 compared with November 2016"
    figures = {row.issue.title: row.change.change for row in watch.rows if row.change.change}
    assert (figures["Dwelling burglary"].baseline, figures["Dwelling burglary"].current) == (23, 13)
    flagged = watch.flagged
    assert flagged, "at least one non-priority is flagged"
    assert all(flag.kind == "rank" for row in flagged for flag in row.flags)
    assert flagged[0].issue.title in review.data_summary
    autumn = Round.objects.filter(year=year, status="closed").order_by("-closed_at").first()
    assert autumn.name.startswith("Autumn scoring"), "the autumn round stays the year's ranking"

    counts = (Round.objects.count(), ReviewPriority.objects.count(), Review.objects.count())
    summary = review.data_summary
    build_demo(TODAY)
    assert (Round.objects.count(), ReviewPriority.objects.count(), Review.objects.count()) == counts
    review.refresh_from_db()
    assert review.data_summary == summary
