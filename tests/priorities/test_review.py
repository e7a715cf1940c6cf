# ruff: noqa: F811 - shared fixtures are requested by name
"""The six-month review as a record and the watchlist of non-priorities: the flags
from real counts, the draft, taking it to the board, the board's decision, and every
page for an allowed role, a forbidden role (403) and another partnership (404)."""

import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from analysis.models import MonthlyCount
from analysis.rules import add_months
from analysis.services import police_dataset, set_issue_crime_types
from csp_assessment.edits import seen_token
from priorities import review_selectors
from priorities.review_dashboard import watchlist_flags
from priorities.review_models import Review, ReviewDecision, ReviewPriority
from priorities.review_services import record_review_decision, save_review, take_review_to_board
from priorities.services.groups import create_group, create_group_meeting
from priorities.services.meetings import add_item, create_meeting

SLUG = "central-bedfordshire"
ASSESSMENT_ENDS = date(2026, 3, 1)


@pytest.fixture
def police_counts(partnership, issues):
    """April 2025 to June 2026. Vehicle crime triples after the assessment's data ends
    in March 2026; burglary stays level. Re-offending is linked to burglary."""
    dataset = police_dataset(partnership=partnership)
    district = partnership.districts.get()
    rows, month = [], date(2025, 4, 1)
    while month <= date(2026, 6, 1):
        vehicles = 30 if month > ASSESSMENT_ENDS else 10
        rows += [
            MonthlyCount(dataset=dataset, district=district, month=month, category=c, count=n)
            for c, n in (("Vehicle crime", vehicles), ("Burglary", 20))
        ]
        month = add_months(month, 1)
    MonthlyCount.objects.bulk_create(rows)
    set_issue_crime_types(issue=issues[3], crime_types=["Vehicle crime"])
    set_issue_crime_types(issue=issues[1], crime_types=["Burglary"])
    return dataset


@pytest.fixture
def review(agreed, police_counts):
    return save_review(year=agreed.year, data_to=ASSESSMENT_ENDS, data_summary="", verdicts={})


@pytest.fixture
def written(review, agreed):
    return save_review(
        year=agreed.year,
        data_to=ASSESSMENT_ENDS,
        data_summary="Vehicle crime has tripled since March.",
        verdicts={agreed.pk: ("holds", "Repeat victims are still falling slowly.")},
    )


@pytest.fixture
def board_item_today(partnership):
    meeting = create_meeting(partnership=partnership, held_on=timezone.localdate())
    return add_item(meeting=meeting, title="Six-month review of the assessment")


def _url(name, year):
    return reverse(f"priorities:{name}", kwargs={"slug": SLUG, "year_id": year.pk})


# The watchlist ---------------------------------------------------------------------


def test_the_watchlist_flags_the_non_priority_the_poisson_test_marks(review, issues):
    watch = review_selectors.watchlist(review.year)
    titles = [row.issue.title for row in watch.rows]
    assert "Anti-social behaviour" not in titles, "an agreed priority is not on the watchlist"
    assert [row.issue.title for row in watch.flagged] == ["Vehicle crime"]
    (flag,) = watch.flagged[0].flags
    assert flag.kind == "data"
    assert flag.reason.startswith(
        "Vehicle crime rose from 30 to 90 (+200%), April to June 2026 compared with April "
        "to June 2025."
    )
    level = next(row for row in watch.rows if row.issue.title == "Reducing re-offending")
    assert (level.change.change.baseline, level.change.change.current) == (60, 60)
    assert not level.flags


def test_without_new_months_nothing_is_flagged(review, issues):
    watch = review_selectors.watchlist(review.year, data_to=date(2026, 6, 1))
    assert not watch.flagged
    assert watch.changes.comparison.note.startswith("No police data after June 2026")


def test_the_default_end_of_the_assessment_data_is_the_last_month_before_the_board_agreed(
    agreed, police_counts
):
    # The board agreed on 20 January 2027: the data held then ends in June 2026.
    available = review_selectors.police_counts(agreed.year.cycle.partnership_id).available
    assert review_selectors.default_data_to(agreed.year, available) == date(2026, 6, 1)


def _scored_round(year, name, order, scorer):
    """A closed round over `order`, scored by one scorer so that each place down the
    order scores one criterion lower: no two totals tie."""
    from scoring import services as scoring
    from scoring.matrix_files import load_shipped_matrices
    from scoring.models import Matrix, ScoreSheet

    load_shipped_matrices()
    matrix = Matrix.objects.get(partnership=None, key="csp-16", version=1)
    round_ = scoring.create_round(
        year=year, name=name, matrix=matrix, deadline=date(2026, 12, 1), issues=order
    )
    for issue in order:
        scoring.assign_scorers(round_=round_, issue=issue, scorers=[scorer])
    scoring.open_round(round_=round_)
    criteria = list(matrix.criteria.all())
    cells = {
        (issue.pk, c.pk): (5 if j < len(order) - position else 1, False)
        for position, issue in enumerate(order)
        for j, c in enumerate(criteria)
    }
    sheet = ScoreSheet.objects.get(round=round_)
    scoring.save_scores(sheet=sheet, cells=cells)
    scoring.submit_sheet(sheet=sheet)
    return scoring.close_round(round_=round_)


def test_a_rank_that_moves_five_places_between_rounds_is_flagged(
    year, issues, closed_round, agreed, member, cast
):
    from cycles.services import save_issue

    more = [save_issue(year=year, title=f"Issue {n}") for n in range(1, 5)]
    everything = [*issues, *more]
    vehicle = issues[3]
    # First round: vehicle crime last of eight; second: second of eight.
    others = [i for i in everything if i != vehicle]
    scorer = member(cast["theme_specialist"])
    _scored_round(year, "Spring", [*others, vehicle], scorer)
    _scored_round(year, "Autumn", [others[0], vehicle, *others[1:]], scorer)
    watch = review_selectors.watchlist(year)
    row = next(r for r in watch.rows if r.issue == vehicle)
    assert [f.kind for f in row.flags] == ["rank"]
    assert row.flags[0].reason.startswith("Rose ")
    assert "since the Spring round" in row.flags[0].reason
    assert watch.moves.before[vehicle.pk] - watch.moves.after[vehicle.pk] >= 5
    small = next(r for r in watch.rows if r.issue == others[1])
    assert not small.flags, "moved one place: not a key change"


def test_without_an_earlier_round_this_year_last_years_round_is_compared(
    year, last_year, member, cast
):
    from cycles.services import carry_over_issues, save_issue

    old = [save_issue(year=last_year, title=f"Issue {n}") for n in range(1, 9)]
    scorer = member(cast["theme_specialist"])
    _scored_round(last_year, "Autumn 2025", old, scorer)  # Issue 8 last
    carried = {issue.carried_from_id: issue for issue in carry_over_issues(year=year)}
    new = [carried[issue.pk] for issue in old]
    _scored_round(year, "Autumn 2026", [new[7], *new[:7]], scorer)  # Issue 8 first
    watch = review_selectors.watchlist(year)
    assert watch.moves.compared == "last year's Autumn 2025 round"
    row = next(r for r in watch.rows if r.issue == new[7])
    assert [f.reason for f in row.flags] == [
        "Rose 7 places in the ranking, from 8 to 1, since last year's Autumn 2025 round."
    ]


def test_the_watchlist_page_says_why_each_issue_is_flagged(client_as, cast, review):
    response = client_as(cast["board_member"]).get(_url("watchlist", review.year))
    assert response.status_code == 200
    body = response.content.decode()
    assert "1 issue flagged." in body
    assert "Vehicle crime rose from 30 to 90" in body


def test_an_issue_not_flagged_shows_a_dash_for_its_key_change(client_as, cast, review):
    body = client_as(cast["board_member"]).get(_url("watchlist", review.year)).content.decode()
    table = body[body.index('data-testid="watchlist"') :]
    table = table[: table.index("</table>")]
    rows = [r for r in table.split("<tr")[2:] if 'data-testid="flagged"' not in r]
    assert rows, "the review has issues that are not flagged"
    for row in rows:
        last_cell = row.rsplit("<td", 1)[1]
        assert re.search(r">\s*–\s*</td>", last_cell), last_cell
    assert not re.search(r">\s*None\s*<", table)


def test_the_watchlist_says_once_when_there_is_no_later_data(
    client_as, cast, agreed, police_counts
):
    save_review(year=agreed.year, data_to=date(2026, 6, 1), data_summary="", verdicts={})
    body = client_as(cast["analyst"]).get(_url("watchlist", agreed.year)).content.decode()
    assert "No police data after June 2026 yet, so nothing to compare with the assessment." in body
    assert ".." not in body


def test_the_watchlist_of_another_partnership_is_not_found(client_as, cast, review):
    response = client_as(cast["outsider"]).get(_url("watchlist", review.year))
    assert response.status_code == 404


def test_the_watchlist_page_runs_the_same_queries_however_many_issues(client_as, cast, review):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cycles.services import save_issue

    client = client_as(cast["analyst"])
    url = _url("watchlist", review.year)
    client.get(url)  # the session and the first request's lookups, once
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(6):
        issue = save_issue(year=review.year, title=f"Extra issue {n}")
        set_issue_crime_types(issue=issue, crime_types=["Burglary"])
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.content.decode().count("Extra issue") == 6
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_analyst_is_told_on_the_dashboard_and_the_board_member_is_not(review, member, cast):
    items = watchlist_flags(member(cast["analyst"]), date(2026, 11, 29))
    assert [item.title for item in items] == ["Vehicle crime"]
    assert items[0].kind == "Key changes on the watchlist"
    assert items[0].url.endswith(f"/watchlist/#issue-{items[0].url.split('-')[-1]}")
    assert "unlikely to be chance" in items[0].detail
    assert watchlist_flags(member(cast["board_member"]), date(2026, 11, 29)) == []


# Writing the review ----------------------------------------------------------------


def test_the_draft_keeps_the_summary_and_a_verdict_on_each_agreed_priority(written, agreed):
    assert written.data_summary == "Vehicle crime has tripled since March."
    verdict = ReviewPriority.objects.get(review=written)
    assert (verdict.priority, verdict.verdict) == (agreed, "holds")
    assert written.history.count() >= 2, "django-simple-history keeps each save"


def test_needs_change_without_a_note_is_refused_and_nothing_changes(written, agreed):
    with pytest.raises(ValidationError) as error:
        save_review(
            year=agreed.year,
            data_to=ASSESSMENT_ENDS,
            data_summary="Changed words.",
            verdicts={agreed.pk: ("change", " ")},
        )
    assert error.value.message_dict == {f"note_{agreed.pk}": ["Say what should change."]}
    written.refresh_from_db()
    assert written.data_summary == "Vehicle crime has tripled since March."
    assert ReviewPriority.objects.get(review=written).verdict == "holds"


def test_a_verdict_on_a_priority_not_agreed_is_refused(written, agreed, year, issues):
    from priorities.services.proposals import propose_priority

    proposed = propose_priority(year=year, title="Vehicle crime", issues=[issues[3]])
    with pytest.raises(ValidationError, match="only on the cycle's agreed priorities"):
        save_review(
            year=year,
            data_to=ASSESSMENT_ENDS,
            data_summary="x",
            verdicts={proposed.pk: ("holds", "")},
        )
    assert not ReviewPriority.objects.filter(priority=proposed).exists()


def test_the_write_page_saves_for_the_analyst(client_as, cast, review, agreed):
    response = client_as(cast["analyst"]).post(
        _url("review_write", review.year),
        {
            "data_to": "2026-03-01",
            "data_summary": "Vehicle crime is up.",
            f"verdict_{agreed.pk}": "retire",
            f"note_{agreed.pk}": "Repeat victims have halved.",
        },
    )
    assert response.status_code == 302
    verdict = ReviewPriority.objects.get(review=review)
    assert (verdict.verdict, verdict.note) == ("retire", "Repeat victims have halved.")


def test_the_write_page_shows_why_a_verdict_is_refused(client_as, cast, review, agreed):
    response = client_as(cast["analyst"]).post(
        _url("review_write", review.year),
        {"data_to": "2026-03-01", "data_summary": "Up.", f"verdict_{agreed.pk}": "retire"},
    )
    assert response.status_code == 200
    assert "Say why it should retire." in response.content.decode()
    assert not ReviewPriority.objects.exists()
    review.refresh_from_db()
    assert review.data_summary == ""


def test_a_month_not_in_the_list_is_refused(client_as, cast, review):
    response = client_as(cast["analyst"]).post(
        _url("review_write", review.year), {"data_to": "2031-01-01", "data_summary": "Up."}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


@pytest.mark.parametrize(("who", "status"), [("board_member", 403), ("outsider", 404)])
def test_only_the_partnerships_analysts_write_the_review(client_as, cast, review, who, status):
    response = client_as(cast[who]).get(_url("review_write", review.year))
    assert response.status_code == status


# Taking it to the board ------------------------------------------------------------


def test_it_goes_to_the_board_only_with_a_summary_and_every_verdict(
    review, board_item_today, agreed
):
    with pytest.raises(ValidationError, match="Write what changed in the data"):
        take_review_to_board(review=review, item=board_item_today)
    save_review(year=agreed.year, data_to=ASSESSMENT_ENDS, data_summary="Up.", verdicts={})
    with pytest.raises(ValidationError, match="Give a verdict on every agreed priority"):
        take_review_to_board(review=review, item=board_item_today)
    review.refresh_from_db()
    assert review.is_draft() and review.board_item is None


def test_a_groups_meeting_is_refused(written, partnership):
    group = create_group(partnership=partnership, kind="operational_delivery", name="Delivery")
    meeting = create_group_meeting(group=group, held_on=timezone.localdate())
    item = add_item(meeting=meeting, title="Review")
    with pytest.raises(ValidationError, match="Choose an item of a board meeting"):
        take_review_to_board(review=written, item=item)


def test_once_with_the_board_the_review_cannot_change(written, board_item_today, agreed):
    take_review_to_board(review=written, item=board_item_today)
    with pytest.raises(ValidationError, match="taken to the board"):
        save_review(year=agreed.year, data_to=None, data_summary="Other.", verdicts={})
    written.refresh_from_db()
    assert written.status == Review.Status.WITH_BOARD
    assert written.data_summary == "Vehicle crime has tripled since March."


def test_the_take_page_puts_it_on_the_agenda(client_as, cast, written, board_item_today):
    response = client_as(cast["analyst"]).post(
        _url("review_take", written.year), {"item": board_item_today.pk}
    )
    assert response.status_code == 302
    written.refresh_from_db()
    assert written.board_item == board_item_today


@pytest.mark.parametrize(("who", "status"), [("board_member", 403), ("outsider", 404)])
def test_only_the_analysts_take_it_to_the_board(client_as, cast, written, who, status):
    response = client_as(cast[who]).get(_url("review_take", written.year))
    assert response.status_code == status


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
    from datetime import timedelta

    from priorities.services.meetings import update_meeting

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
