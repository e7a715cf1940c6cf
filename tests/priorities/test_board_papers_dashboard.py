"""The dashboard lists the board papers waiting on those who run the cycle: a draft of
the terms of reference until the board decides on it, and a six-month review from
four weeks before its date until the board decides on it."""

from datetime import date, timedelta

from priorities.board_papers_dashboard import REVIEW_NOTICE, reviews_waiting, terms_waiting
from priorities.models import Review
from priorities.services.meetings import add_item, create_meeting
from priorities.services.terms import record_terms_decision, start_terms

TODAY = date(2026, 10, 1)


def test_a_draft_of_the_terms_waits_for_the_boards_decision(year, partnership, member, cast):
    analyst = member(cast["analyst"])
    terms = start_terms(year=year)

    (item,) = terms_waiting(analyst, TODAY)

    assert item.title == f"Version 1 for {year.label} (draft)"
    assert item.detail == "To do: take it to the board and record its decision."
    assert item.url == terms.get_absolute_url()
    assert terms_waiting(member(cast["board_member"]), TODAY) == []

    meeting = create_meeting(partnership=partnership, held_on=date(2026, 9, 10))
    record_terms_decision(
        terms=terms,
        item=add_item(meeting=meeting, title="Terms of reference"),
        outcome="agreed",
        minute="Agreed.",
        recorded_by=analyst,
        today=date(2026, 9, 10),
    )
    assert terms_waiting(analyst, TODAY) == []


def test_a_review_is_listed_from_four_weeks_before_its_date(year, member, cast):
    analyst = member(cast["analyst"])
    review = Review.objects.create(year=year, review_on=TODAY + REVIEW_NOTICE + timedelta(1))
    assert reviews_waiting(analyst, TODAY) == []

    review.review_on = TODAY + REVIEW_NOTICE
    review.save()
    (item,) = reviews_waiting(analyst, TODAY)
    assert item.title == f"Review of {year.label}"
    assert item.due_on == review.review_on
    assert item.detail == "To do: write it and take it to the board."
    assert item.url == review.get_absolute_url()
    assert reviews_waiting(member(cast["board_member"]), TODAY) == []


def test_a_review_taken_to_the_board_waits_for_its_decision_then_leaves(year, member, cast):
    analyst = member(cast["analyst"])
    review = Review.objects.create(
        year=year, review_on=TODAY - timedelta(60), status=Review.Status.WITH_BOARD
    )

    (item,) = reviews_waiting(analyst, TODAY)
    assert item.detail == "To do: record the board's decision."
    assert item.due_on is None

    review.status = Review.Status.DECIDED
    review.save()
    assert reviews_waiting(analyst, TODAY) == []


def test_another_partnerships_papers_never_show(
    year, member, cast, other_partnership, membership_of
):
    start_terms(year=year)
    Review.objects.create(year=year, review_on=TODAY)
    outsider = membership_of(cast["outsider"], other_partnership)
    assert terms_waiting(outsider, TODAY) == []
    assert reviews_waiting(outsider, TODAY) == []


def test_papers_of_a_year_that_has_ended_are_not_listed(year, member, cast):
    analyst = member(cast["analyst"])
    start_terms(year=year)
    Review.objects.create(year=year, review_on=year.ends_on - timedelta(100))
    after = year.ends_on + timedelta(1)
    assert terms_waiting(analyst, after) == []
    assert reviews_waiting(analyst, after) == []
    assert len(terms_waiting(analyst, year.ends_on)) == 1
    assert len(reviews_waiting(analyst, year.ends_on)) == 1
