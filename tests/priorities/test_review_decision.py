# ruff: noqa: F811 - shared fixtures are requested by name
"""The board's decision on the six-month review: recorded only at the meeting it was
taken to, once, with a minute, freezing what the board read; and the pages for the
roles that may record it and those that may not."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from csp_assessment.edits import seen_token
from priorities.review_models import Review, ReviewDecision, ReviewPriority
from priorities.review_services import (
    NOT_TAKEN,
    record_review_decision,
    save_review,
    take_review_to_board,
)
from priorities.services.meetings import add_item, create_meeting, update_meeting
from tests.priorities.review_fixtures import (  # noqa: F401 - shared fixtures
    ASSESSMENT_ENDS,
    SLUG,
    _url,
    board_item_today,
    police_counts,
    review,
    written,
)

# The board's decision --------------------------------------------------------------


def test_a_second_persons_change_to_a_verdict_is_refused_and_named(written, agreed):
    opened = seen_token(written.updated_at)
    save_review(  # someone else changes only the verdict
        year=agreed.year,
        data_to=ASSESSMENT_ENDS,
        data_summary="Vehicle crime has tripled since March.",
        verdicts={agreed.pk: ("retire", "Reports have halved.")},
        seen=opened,
    )
    with pytest.raises(ValidationError) as refused:
        save_review(
            year=agreed.year,
            data_to=ASSESSMENT_ENDS,
            data_summary="Vehicle crime has tripled since March.",
            verdicts={agreed.pk: ("holds", "Still falling.")},
            seen=opened,
        )
    message = " ".join(refused.value.messages)
    assert f"It now differs from yours in: the verdict on {agreed.title}." in message
    assert "the summary" not in message
    row = ReviewPriority.objects.get(review=written, priority=agreed)
    assert (row.verdict, row.note) == ("retire", "Reports have halved.")


def test_the_meeting_page_lists_the_boards_decision_on_the_review_under_its_item(
    written, board_item_today, member, cast, client_as
):
    take_review_to_board(review=written, item=board_item_today)
    record_review_decision(
        review=written,
        outcome="agreed",
        minute="The priorities stand. Watch vehicle crime.",
        recorded_by=member(cast["board_member"]),
    )
    page = (
        client_as(cast["analyst"])
        .get(
            reverse(
                "priorities:meeting",
                kwargs={"slug": SLUG, "meeting_id": board_item_today.meeting_id},
            )
        )
        .content.decode()
    )
    item_section = page.split(f'id="item-{board_item_today.pk}"')[1]
    assert 'data-testid="review-decision"' in item_section
    assert f"Six-month review of {written.year.label}</a>: <strong>Agreed</strong>." in (
        item_section
    )
    assert "The priorities stand. Watch vehicle crime." in item_section


def test_the_boards_agreement_decides_and_freezes_it(written, board_item_today, member, cast):
    take_review_to_board(review=written, item=board_item_today)
    decision = record_review_decision(
        review=written,
        outcome="agreed",
        minute="The priorities stand. Watch vehicle crime.",
        recorded_by=member(cast["board_member"]),
    )
    written.refresh_from_db()
    assert written.status == Review.Status.DECIDED
    assert decision.snapshot["data_summary"] == "Vehicle crime has tripled since March."
    assert decision.snapshot["priorities"][0]["verdict"] == "Still holds"
    assert {f["issue"] for f in decision.snapshot["figures"]} == {
        "Vehicle crime",
        "Reducing re-offending",
    }
    board_item_today.refresh_from_db()
    assert board_item_today.outcome == (
        "Six-month review: agreed. The priorities stand. Watch vehicle crime."
    )


def test_agreeing_a_review_that_retires_a_priority_ends_it_from_the_next_year(
    review, agreed, board_item_today, member, cast
):
    from priorities.selectors import cycle_priorities

    save_review(
        year=agreed.year,
        data_to=ASSESSMENT_ENDS,
        data_summary="Anti-social behaviour has fallen for a year.",
        verdicts={agreed.pk: ("retire", "Reports have halved; the board can stop here.")},
    )
    take_review_to_board(review=review, item=board_item_today)
    year_2 = agreed.year.cycle.years.get(number=2)
    assert cycle_priorities(year_2) == [agreed]
    record_review_decision(
        review=review,
        outcome="agreed",
        minute="Retire anti-social behaviour from next year.",
        recorded_by=member(cast["board_member"]),
    )
    agreed.refresh_from_db()
    assert agreed.ended_in == year_2
    assert cycle_priorities(agreed.year) == [agreed]
    assert cycle_priorities(year_2) == []


def test_a_deferred_review_retires_nothing(review, agreed, board_item_today, member, cast):
    save_review(
        year=agreed.year,
        data_to=ASSESSMENT_ENDS,
        data_summary="Anti-social behaviour has fallen for a year.",
        verdicts={agreed.pk: ("retire", "Reports have halved.")},
    )
    take_review_to_board(review=review, item=board_item_today)
    record_review_decision(
        review=review, outcome="deferred", minute="Next time.", recorded_by=member(cast["admin"])
    )
    agreed.refresh_from_db()
    assert agreed.ended_in is None


def test_a_deferred_review_comes_back_as_a_draft(written, board_item_today, member, cast):
    take_review_to_board(review=written, item=board_item_today)
    record_review_decision(
        review=written, outcome="deferred", minute="Next time.", recorded_by=member(cast["admin"])
    )
    written.refresh_from_db()
    assert written.is_draft() and written.board_item is None
    assert ReviewDecision.objects.get().outcome == "deferred"


def test_no_decision_before_the_meeting(written, partnership, member, cast):
    meeting = create_meeting(partnership=partnership, held_on=date(2030, 1, 10))
    item = add_item(meeting=meeting, title="Six-month review")
    take_review_to_board(review=written, item=item)
    with pytest.raises(ValidationError, match="has not come yet"):
        record_review_decision(
            review=written,
            outcome="agreed",
            minute="Agreed.",
            recorded_by=member(cast["board_member"]),
            today=date(2026, 11, 29),
        )
    assert not ReviewDecision.objects.exists()


def test_the_decision_needs_a_minute(written, board_item_today, member, cast):
    take_review_to_board(review=written, item=board_item_today)
    with pytest.raises(ValidationError, match="Write the minute"):
        record_review_decision(
            review=written, outcome="agreed", minute=" ", recorded_by=member(cast["board_member"])
        )
    written.refresh_from_db()
    assert written.status == Review.Status.WITH_BOARD


def test_the_board_member_records_it_on_the_page(client_as, cast, written, board_item_today):
    take_review_to_board(review=written, item=board_item_today)
    client = client_as(cast["board_member"])
    page = client.get(_url("review_record", written.year)).content.decode()
    assert "Record the board's decision" in page
    assert "Write the review" not in page
    response = client.post(
        _url("review_decide", written.year), {"outcome": "agreed", "minute": "Agreed."}
    )
    assert response.status_code == 302
    written.refresh_from_db()
    assert written.status == Review.Status.DECIDED


def test_a_decided_review_offers_no_second_decision(client_as, cast, written, board_item_today):
    take_review_to_board(review=written, item=board_item_today)
    client = client_as(cast["board_member"])
    client.post(_url("review_decide", written.year), {"outcome": "agreed", "minute": "Agreed."})
    page = client.get(_url("review_record", written.year)).content.decode()
    assert "Decided by the board" in page
    assert "Record the board's decision" not in page
    response = client.get(_url("review_decide", written.year), follow=True)
    assert "The board has already decided on this review." in response.content.decode()
    response = client.post(
        _url("review_decide", written.year), {"outcome": "deferred", "minute": "Again."}
    )
    assert response.status_code == 302
    written.refresh_from_db()
    assert written.status == Review.Status.DECIDED and written.decisions.count() == 1


def test_the_service_refuses_a_second_decision_and_says_why(
    written, board_item_today, member, cast
):
    take_review_to_board(review=written, item=board_item_today)
    board = member(cast["board_member"])
    record_review_decision(review=written, outcome="agreed", minute="Agreed.", recorded_by=board)
    with pytest.raises(ValidationError, match="already decided on this review"):
        record_review_decision(
            review=written, outcome="deferred", minute="Again.", recorded_by=board
        )


@pytest.mark.parametrize(("who", "status"), [("theme_specialist", 403), ("outsider", 404)])
def test_others_cannot_record_the_decision(client_as, cast, written, who, status):
    response = client_as(cast[who]).get(_url("review_decide", written.year))
    assert response.status_code == status


@pytest.mark.parametrize(
    ("who", "status"), [("theme_specialist", 200), ("board_member", 200), ("outsider", 404)]
)
def test_every_member_reads_the_review(client_as, cast, written, who, status):
    response = client_as(cast[who]).get(_url("review_record", written.year))
    assert response.status_code == status
    if status == 200:
        body = response.content.decode()
        assert "Vehicle crime has tripled since March." in body
        assert "Repeat victims are still falling slowly." in body
        assert "April to June 2026 compared with April to June 2025" in body


def test_a_meeting_holding_the_reviews_decision_cannot_move_into_the_future(
    written, board_item_today, member, cast
):
    take_review_to_board(review=written, item=board_item_today)
    record_review_decision(
        review=written, outcome="agreed", minute="Agreed.", recorded_by=member(cast["admin"])
    )
    meeting = board_item_today.meeting
    with pytest.raises(ValidationError, match="already recorded 1 decision"):
        update_meeting(
            meeting=meeting,
            held_on=timezone.localdate() + timedelta(days=7),
            title=meeting.title,
        )


def test_a_review_not_taken_to_the_board_is_refused_in_the_same_words_everywhere(
    client_as, cast, written, member
):
    response = client_as(cast["board_member"]).get(_url("review_decide", written.year), follow=True)
    assert NOT_TAKEN in response.content.decode()
    with pytest.raises(ValidationError, match="has not been taken to the board"):
        record_review_decision(
            review=written, outcome="agreed", minute="Agreed.", recorded_by=member(cast["admin"])
        )
    written.refresh_from_db()
    assert written.status == Review.Status.DRAFT and not written.decisions.exists()
