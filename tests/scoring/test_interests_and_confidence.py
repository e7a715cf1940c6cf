"""A scorer declares an interest in an issue and is left out of its moderation and the
ranking; a scorer marks each score's confidence and moderation shows it."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cycles.services import save_issue
from partnerships.models import Membership, Role
from scoring import grid, selectors, services
from scoring.models import Interest, Score, ScoreSheet
from tests.conftest import make_user

SLUG = "central-bedfordshire"
REASON = "My agency runs the night-time economy service"


def _sheet(round_, membership):
    return ScoreSheet.objects.select_related("round").get(round=round_, scorer=membership)


def _score_all(round_, membership, issue, value, confidence=""):
    criteria = list(round_.matrix.criteria.all())
    services.save_scores(
        sheet=_sheet(round_, membership),
        cells={(issue.pk, c.pk): (value, False) for c in criteria},
        confidence={(issue.pk, c.pk): confidence for c in criteria},
    )


@pytest.fixture
def jos(cast, scorer_of):
    return scorer_of(cast["theme_specialist"])


@pytest.fixture
def mk(mark, scorer_of):
    return scorer_of(mark)


# The rules, through the services and selectors ------------------------------------


def test_an_interest_leaves_the_scorer_out_of_the_range_suggestion_and_ranking(
    open_round, issues, jos, mk
):
    _score_all(open_round, jos, issues[0], 5)
    _score_all(open_round, mk, issues[0], 1)
    _score_all(open_round, jos, issues[1], 3)
    _score_all(open_round, mk, issues[1], 3)
    services.declare_interest(sheet=_sheet(open_round, jos), issue=issues[0], reason=REASON)
    closed = services.close_round(round_=open_round)
    criteria = list(closed.matrix.criteria.all())

    moderation = selectors.moderation_for_issue(closed, issues[0], criteria)
    assert [s.scorer_id for s in moderation.sheets] == [mk.pk]
    assert [i.reason for i in moderation.interests] == [REASON]
    first = moderation.rows[0]
    assert (first.spread.low, first.spread.high, first.spread.count) == (1, 1, 1)
    assert first.suggested == 1  # Jo's 5 would have made the median 3
    assert set(services.suggested_agreed_values(closed, issues[0]).values()) == {1}

    ranking = selectors.ranking(closed)
    rows = {row.issue.pk: row for row in ranking.rows}
    assert rows[issues[0].pk].total == 16  # mark's sixteen 1s only
    assert [i.scorer_id for i in rows[issues[0].pk].interests] == [jos.pk]
    assert rows[issues[1].pk].interests == []
    # With only mark counted for issue 0, leaving a partner out never lifts it above
    # issue 1 (sixteen 3s from both), so its rank never changes.
    assert rows[issues[0].pk].rank_range == (2, 2)


def test_scores_already_given_come_back_when_the_interest_is_withdrawn(open_round, issues, jos, mk):
    _score_all(open_round, jos, issues[0], 5)
    _score_all(open_round, mk, issues[0], 1)
    sheet = _sheet(open_round, jos)
    services.declare_interest(sheet=sheet, issue=issues[0], reason=REASON)
    services.withdraw_interest(sheet=sheet, issue=issues[0])
    assert not Interest.objects.exists()
    history = Interest.history.filter(issue_id=issues[0].pk).order_by("history_date")
    assert [h.history_type for h in history] == ["+", "-"]
    assert history[0].reason == REASON
    closed = services.close_round(round_=open_round)
    criteria = list(closed.matrix.criteria.all())
    moderation = selectors.moderation_for_issue(closed, issues[0], criteria)
    assert moderation.rows[0].suggested == 3  # the median of 5 and 1, both counted


def test_an_interest_needs_a_reason_an_assigned_issue_and_a_sheet_that_can_change(
    open_round, issues, year, jos
):
    sheet = _sheet(open_round, jos)
    with pytest.raises(ValidationError, match="Say briefly why"):
        services.declare_interest(sheet=sheet, issue=issues[0], reason="  ")
    other = save_issue(year=year, title="Not in the round")
    with pytest.raises(ValidationError, match="not been asked to score"):
        services.declare_interest(sheet=sheet, issue=other, reason=REASON)
    services.declare_interest(sheet=sheet, issue=issues[0], reason=REASON)
    with pytest.raises(ValidationError, match="already declared"):
        services.declare_interest(sheet=sheet, issue=issues[0], reason=REASON)
    with pytest.raises(ValidationError, match="not declared an interest"):
        services.withdraw_interest(sheet=sheet, issue=issues[1])
    services.submit_sheet(sheet=sheet, allow_empty=True)
    with pytest.raises(ValidationError, match="submitted this sheet"):
        services.withdraw_interest(sheet=sheet, issue=issues[0])
    with pytest.raises(ValidationError, match="submitted this sheet"):
        services.declare_interest(sheet=sheet, issue=issues[1], reason=REASON)
    assert Interest.objects.count() == 1


def test_an_interest_issue_takes_no_scores_and_is_not_counted_as_empty(open_round, issues, jos):
    sheet = _sheet(open_round, jos)
    criteria = list(open_round.matrix.criteria.all())
    for issue in issues[1:]:
        _score_all(open_round, jos, issue, 2)
    assert services.empty_cell_count(sheet) == len(criteria)
    services.declare_interest(sheet=sheet, issue=issues[0], reason=REASON)
    assert services.empty_cell_count(sheet) == 0
    with pytest.raises(ValidationError, match="declared an interest"):
        services.save_scores(sheet=sheet, cells={(issues[0].pk, criteria[0].pk): (4, False)})
    assert not Score.objects.filter(sheet=sheet, issue=issues[0]).exists()
    # A complete sheet apart from the interest submits without asking.
    services.submit_sheet(sheet=sheet)
    sheet.refresh_from_db()
    assert sheet.status == ScoreSheet.Status.SUBMITTED


def test_confidence_is_saved_kept_in_history_and_checked(open_round, issues, jos):
    sheet = _sheet(open_round, jos)
    c = list(open_round.matrix.criteria.all())[0]
    cell = (issues[0].pk, c.pk)
    services.save_scores(sheet=sheet, cells={cell: (4, False)}, confidence={cell: "low"})
    score = Score.objects.get(sheet=sheet, issue=issues[0], criterion=c)
    assert (score.value, score.confidence) == (4, "low")
    services.save_scores(sheet=sheet, cells={}, confidence={cell: "high"})
    score.refresh_from_db()
    assert (score.value, score.confidence) == (4, "high")
    assert [h.confidence for h in score.history.order_by("history_date")] == ["low", "high"]
    with pytest.raises(ValidationError, match="high, medium or low"):
        services.save_scores(sheet=sheet, cells={}, confidence={cell: "maybe"})
    score.refresh_from_db()
    assert score.confidence == "high"


def test_low_confidence_values_are_counted_per_issue(open_round, issues, jos, mk):
    _score_all(open_round, jos, issues[0], 4, confidence="low")
    _score_all(open_round, mk, issues[0], 4, confidence="medium")
    _score_all(open_round, mk, issues[1], 2, confidence="low")
    services.declare_interest(sheet=_sheet(open_round, mk), issue=issues[1], reason=REASON)
    closed = services.close_round(round_=open_round)
    rows = {row.issue.pk: row for row in selectors.ranking(closed).rows}
    assert rows[issues[0].pk].low_confidence == 16
    assert rows[issues[1].pk].low_confidence == 0  # mark's are left out with his interest
    criteria = list(closed.matrix.criteria.all())
    assert selectors.moderation_for_issue(closed, issues[0], criteria).low_confidence == 16


# The pages ------------------------------------------------------------------------


def _grid_post(round_, issue, criterion, value, confidence):
    return {
        grid.cell_name(issue.pk, criterion.pk): value,
        grid.confidence_name(issue.pk, criterion.pk): confidence,
        "action": "save",
    }


@pytest.mark.parametrize("htmx", [False, True])
def test_the_grid_saves_confidence_with_and_without_javascript(
    client_as, cast, open_round, issues, jos, htmx
):
    c = list(open_round.matrix.criteria.all())[2]
    url = reverse("scoring:sheet", kwargs={"slug": SLUG, "round_id": open_round.pk})
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = client_as(cast["theme_specialist"]).post(
        url, _grid_post(open_round, issues[1], c, "3", "medium"), **headers
    )
    assert response.status_code == (200 if htmx else 302)
    score = Score.objects.get(sheet__scorer=jos, issue=issues[1], criterion=c)
    assert (score.value, score.confidence) == (3, "medium")
    page = client_as(cast["theme_specialist"]).get(url).content.decode()
    name = grid.confidence_name(issues[1].pk, c.pk)
    assert f'<select name="{name}"' in page
    assert '<option value="medium" selected>' in page
    assert f'aria-label="{issues[1].title}: {c.name}, confidence"' in page


def test_the_grid_shows_the_interest_and_its_reason_instead_of_cells(
    client_as, cast, open_round, issues, jos
):
    services.declare_interest(sheet=_sheet(open_round, jos), issue=issues[0], reason=REASON)
    url = reverse("scoring:sheet", kwargs={"slug": SLUG, "round_id": open_round.pk})
    page = client_as(cast["theme_specialist"]).get(url).content.decode()
    assert f'name="c{issues[0].pk}_' not in page
    assert f'name="c{issues[1].pk}_' in page
    assert REASON in page
    assert f'data-testid="interest-{issues[0].pk}"' in page


def test_declaring_and_withdrawing_an_interest_from_its_page(
    client_as, cast, open_round, issues, jos
):
    client = client_as(cast["theme_specialist"])
    url = reverse(
        "scoring:sheet_interest",
        kwargs={"slug": SLUG, "round_id": open_round.pk, "issue_id": issues[0].pk},
    )
    response = client.post(url, {"reason": ""})
    assert response.status_code == 400
    assert "Say briefly why you have an interest in this issue." in response.content.decode()
    assert not Interest.objects.exists()

    response = client.post(url, {"reason": REASON}, follow=True)
    assert response.redirect_chain[-1][0].endswith(f"/rounds/{open_round.pk}/sheet/")
    assert "Interest in “Anti-social behaviour” declared." in response.content.decode()
    assert Interest.objects.get().reason == REASON

    page = client.get(url).content.decode()
    assert "Withdraw the interest" in page and REASON in page
    assert "Interest declared: " + REASON in page  # the history

    response = client.post(url, {})  # no confirmation: nothing changes
    assert response.status_code == 400
    assert "Confirm that you want to withdraw the interest." in response.content.decode()
    assert Interest.objects.count() == 1
    response = client.post(url, {"confirm": "yes"})
    assert response.status_code == 302
    assert not Interest.objects.exists()


def test_the_interest_page_is_only_for_the_issues_scorer(
    client_as, cast, open_round, issues, other_partnership
):
    kwargs = {"round_id": open_round.pk, "issue_id": issues[0].pk}
    url = reverse("scoring:sheet_interest", kwargs={"slug": SLUG, **kwargs})
    for role in ("board_member", "analyst"):
        assert client_as(cast[role]).post(url, {"reason": REASON}).status_code == 403
    outsider = reverse("scoring:sheet_interest", kwargs={"slug": other_partnership.slug, **kwargs})
    assert client_as(cast["outsider"]).post(outsider, {"reason": REASON}).status_code == 404
    assert client_as(cast["outsider"]).post(url, {"reason": REASON}).status_code == 404
    assert not Interest.objects.exists()


def test_moderation_shows_the_interest_and_each_values_confidence(
    client_as, cast, open_round, issues, jos, mk
):
    _score_all(open_round, jos, issues[0], 5)
    _score_all(open_round, mk, issues[0], 2, confidence="low")
    _score_all(open_round, jos, issues[1], 4)
    services.declare_interest(sheet=_sheet(open_round, jos), issue=issues[0], reason=REASON)
    closed = services.close_round(round_=open_round)
    client = client_as(cast["analyst"])
    url = reverse(
        "scoring:moderate_issue",
        kwargs={"slug": SLUG, "round_id": closed.pk, "issue_id": issues[0].pk},
    )
    page = client.get(url).content.decode()
    assert "1 interest declared" in page
    assert "Jo" in page and REASON in page
    assert page.count("low confidence</span>") == 16
    assert "16 values are marked low confidence" in page
    assert 'value="2"' in page and 'value="5"' not in page  # the suggestion ignores jos's 5s
    listing = client.get(
        reverse("scoring:moderation", kwargs={"slug": SLUG, "round_id": closed.pk})
    ).content.decode()
    assert "1 interest declared: Jo" in listing
    assert '<td data-testid="low-confidence">16</td>' in listing


def _queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _round_with(year, csp16, partnership, name, count):
    """A closed round on one issue with `count` scorers, each with low-confidence values
    and every other one with a declared interest."""
    issue = save_issue(year=year, title=f"{name} issue")
    round_ = services.create_round(
        year=year, name=name, matrix=csp16, deadline=date(2026, 10, 1), issues=[issue]
    )
    scorers = [
        Membership.objects.create(
            user=make_user(f"{name}{i}@example.org", "Scorer", f"{name} {i}"),
            partnership=partnership,
            role=Role.THEME_SPECIALIST,
        )
        for i in range(count)
    ]
    services.assign_scorers(round_=round_, issue=issue, scorers=scorers)
    services.open_round(round_=round_)
    for n, scorer in enumerate(scorers):
        _score_all(round_, scorer, issue, n % 6, confidence="low")
        if n % 2:
            services.declare_interest(sheet=_sheet(round_, scorer), issue=issue, reason=REASON)
    return services.close_round(round_=round_), issue


def test_moderation_queries_do_not_grow_with_scorers_or_interests(
    client_as, cast, year, csp16, partnership
):
    small, small_issue = _round_with(year, csp16, partnership, "small", 2)
    large, large_issue = _round_with(year, csp16, partnership, "large", 10)
    client = client_as(cast["analyst"])
    assert Interest.objects.filter(round=small).count() == 1
    assert Interest.objects.filter(round=large).count() == 5
    counts = []
    for round_, issue in ((small, small_issue), (large, large_issue)):
        counts.append(
            (
                _queries(
                    client,
                    reverse(
                        "scoring:moderate_issue",
                        kwargs={"slug": SLUG, "round_id": round_.pk, "issue_id": issue.pk},
                    ),
                ),
                _queries(
                    client,
                    reverse("scoring:moderation", kwargs={"slug": SLUG, "round_id": round_.pk}),
                ),
            )
        )
    assert counts[0] == counts[1]


def test_the_autosave_shows_no_total_for_an_issue_with_an_interest(
    client_as, cast, open_round, issues, jos
):
    _score_all(open_round, jos, issues[0], 4)
    _score_all(open_round, jos, issues[1], 2)
    services.declare_interest(sheet=_sheet(open_round, jos), issue=issues[0], reason=REASON)
    c = list(open_round.matrix.criteria.all())[0]
    url = reverse("scoring:sheet", kwargs={"slug": SLUG, "round_id": open_round.pk})
    fragment = (
        client_as(cast["theme_specialist"])
        .post(url, _grid_post(open_round, issues[1], c, "2", ""), HTTP_HX_REQUEST="true")
        .content.decode()
    )
    assert f'<span id="total-{issues[0].pk}" hx-swap-oob="true">–</span>' in fragment
    assert f'<span id="total-{issues[1].pk}" hx-swap-oob="true">32</span>' in fragment
    assert "16 of 48 scores entered." in fragment  # the interest's 16 cells are not asked for
