# ruff: noqa: F811 - shared fixtures are requested by name
"""The six-month review as a record and the watchlist of non-priorities: the flags
from real counts, the draft, taking it to the board, and every page for an allowed
role, a forbidden role (403) and another partnership (404). The board's decision on it
is in test_review_decision."""

import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from analysis.services import set_issue_crime_types
from priorities import review_selectors
from priorities.review_dashboard import watchlist_flags
from priorities.review_models import Review, ReviewPriority
from priorities.review_services import save_review, take_review_to_board
from priorities.services.groups import create_group, create_group_meeting
from priorities.services.meetings import add_item
from tests.priorities.review_fixtures import (  # noqa: F401 - shared fixtures
    ASSESSMENT_ENDS,
    _url,
    board_item_today,
    police_counts,
    review,
    written,
)

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
    assert "Choose one of the options listed." in response.content.decode()


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


def test_taking_it_to_the_board_is_offered_only_once_there_is_a_draft(client_as, cast, agreed):
    """With no review yet, the record page offers writing one, not taking it to the
    board (which would send the analyst straight back with a refusal)."""
    Review.objects.filter(year=agreed.year).delete()  # as in a year with nothing agreed
    client = client_as(cast["analyst"])
    page = client.get(_url("review_record", agreed.year)).content.decode()
    assert "No review yet." in page
    assert "Write the review" in page
    assert _url("review_take", agreed.year) not in page
    save_review(year=agreed.year, data_to=ASSESSMENT_ENDS, data_summary="", verdicts={})
    page = client.get(_url("review_record", agreed.year)).content.decode()
    assert "Write the review" in page
    assert f'href="{_url("review_take", agreed.year)}">Take it to the board</a>' in page


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
