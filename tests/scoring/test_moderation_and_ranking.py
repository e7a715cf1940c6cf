"""Moderation shows every scorer's values with the spread, flags divergence, and keeps
history; the ranking orders by agreed totals with a threshold and a sensitivity range.
Both pages cost the same queries however many issues and scorers."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cycles.services import save_issue
from partnerships.models import Membership, Role
from scoring import selectors, services
from scoring.models import AgreedScore, Matrix, Round, ScoreSheet
from tests.conftest import make_user

SLUG = "central-bedfordshire"


def _score(round_, user_membership, issue, values):
    sheet = ScoreSheet.objects.get(round=round_, scorer=user_membership)
    criteria = list(round_.matrix.criteria.all())
    services.save_scores(
        sheet=sheet,
        cells={(issue.pk, c.pk): (v, v is None) for c, v in zip(criteria, values, strict=True)},
    )


@pytest.fixture
def scored(open_round, issues, cast, mark, scorer_of):
    jo, mk = scorer_of(cast["theme_specialist"]), scorer_of(mark)
    # Anti-social behaviour: the two scorers differ by 4 on the first criterion.
    _score(open_round, jo, issues[0], [1] + [3] * 15)
    _score(open_round, mk, issues[0], [5] + [3] * 15)
    _score(open_round, jo, issues[1], [4] * 16)
    _score(open_round, mk, issues[1], [4] * 15 + [None])
    _score(open_round, jo, issues[2], [2] * 16)
    _score(open_round, mk, issues[2], [2] * 16)
    return services.close_round(round_=open_round)


def test_moderation_shows_each_scorer_the_spread_and_the_divergence(
    client_as, cast, scored, issues
):
    url = reverse(
        "scoring:moderate_issue",
        kwargs={"slug": SLUG, "round_id": scored.pk, "issue_id": issues[0].pk},
    )
    page = client_as(cast["analyst"]).get(url).content.decode()
    assert "Bedfordshire Fire and Rescue Service" in page
    assert page.count("tag-overdue") == 1  # only the first criterion is divergent
    assert "differ by 3 or more" in page
    assert 'value="3"' in page  # the median of 1 and 5, suggested


def test_the_moderation_list_puts_the_issues_still_to_moderate_first(
    client_as, cast, scored, issues
):
    url = reverse("scoring:moderation", kwargs={"slug": SLUG, "round_id": scored.pk})
    client = client_as(cast["analyst"])

    def order():
        body = client.get(url).content.decode().split("<tbody>")[1]
        return sorted(issues[:3], key=lambda issue: body.index(f">{issue.title}</a>"))

    # Ranked by total the order is issues[1], [0], [2]; [0] alone has a divergent
    # criterion to agree, so it leads until it is moderated.
    assert [row.issue for row in selectors.ranking(scored).rows][:3] == [
        issues[1],
        issues[0],
        issues[2],
    ]
    assert order() == [issues[0], issues[1], issues[2]]
    moderate = reverse(
        "scoring:moderate_issue",
        kwargs={"slug": SLUG, "round_id": scored.pk, "issue_id": issues[0].pk},
    )
    data = {f"agreed-{c.pk}": "3" for c in scored.matrix.criteria.all()}
    data["rationale"] = "Agreed at the moderation meeting."
    assert client.post(moderate, data).status_code == 302
    # Agreed, it is still divergent but nothing is left to do: back to its rank.
    assert order() == [issues[1], issues[0], issues[2]]


def test_moderating_sets_agreed_values_and_recomputes_the_total(client_as, cast, scored, issues):
    criteria = list(scored.matrix.criteria.all())
    url = reverse(
        "scoring:moderate_issue",
        kwargs={"slug": SLUG, "round_id": scored.pk, "issue_id": issues[0].pk},
    )
    data = {f"agreed-{c.pk}": "3" for c in criteria}
    data[f"agreed-{criteria[0].pk}"] = "5"
    data["rationale"] = "The fire service's data shows the gap clearly."
    client = client_as(cast["analyst"])
    assert client.post(url, data).status_code == 302
    ranking = selectors.ranking(scored)
    row = next(r for r in ranking.rows if r.issue == issues[0])
    assert row.total == 5 + 15 * 3
    assert row.moderated == 16

    # A change is kept in history: who, when, old and new.
    data[f"agreed-{criteria[0].pk}"] = "4"
    client.post(url, data)
    page = client.get(url).content.decode()
    assert "<td>5</td><td>4</td>" in page
    assert "Sam Taylor" in page
    assert AgreedScore.history.filter(criterion_id=criteria[0].pk).count() == 2


def test_moderation_needs_a_rationale_and_valid_values(client_as, cast, scored, issues):
    criteria = list(scored.matrix.criteria.all())
    url = reverse(
        "scoring:moderate_issue",
        kwargs={"slug": SLUG, "round_id": scored.pk, "issue_id": issues[0].pk},
    )
    client = client_as(cast["analyst"])
    response = client.post(url, {**{f"agreed-{c.pk}": "3" for c in criteria}, "rationale": " "})
    assert "Say why these are the agreed values." in response.content.decode()
    response = client.post(
        url, {**{f"agreed-{c.pk}": "9" for c in criteria}, "rationale": "Because."}
    )
    assert "9 is outside the scale 0 to 5." in response.content.decode()
    assert not AgreedScore.objects.exists()


def test_moderation_waits_for_the_round_to_close(open_round, issues):
    with pytest.raises(Exception, match="cannot moderate scores while the round is open"):
        services.moderate_issue(round_=open_round, issue=issues[0], agreed={}, rationale="x")


def test_the_ranking_uses_agreed_values_then_medians_and_marks_the_line(scored, issues):
    ranking = selectors.ranking(scored)
    titles = [r.issue.title for r in ranking.rows]
    # Reducing re-offending: 64 (its not known is left out of the median); ASB: 3 x 16 = 48.
    assert titles[:3] == [
        "Reducing re-offending",
        "Anti-social behaviour",
        "Alcohol misuse and related crime and disorder",
    ]
    assert [r.above_line for r in ranking.rows] == [True, True, False, False]
    assert ranking.rows[-1].total is None  # Domestic abuse was never scored


def test_the_ranking_page_states_its_rules_and_draws_the_heatmap(client_as, cast, scored):
    url = reverse("scoring:ranking", kwargs={"slug": SLUG, "round_id": scored.pk})
    page = client_as(cast["board_member"]).get(url).content.decode()
    assert "Where totals are equal" in page
    assert "The top 2 issues" in page
    assert 'data-testid="heatmap"' in page and "heat-" in page
    # The totals chart is an image whose alt text gives each total and the line.
    assert '<img class="chart" src="data:image/svg+xml;base64,' in page
    assert 'alt="Bar chart of 4 issues by total score, highest first: ' in page
    assert "The top 2 go forward for deeper analysis." in page


def test_the_ranked_table_gives_each_issue_its_cells(client_as, cast, scored):
    url = reverse("scoring:ranking", kwargs={"slug": SLUG, "round_id": scored.pk})
    page = client_as(cast["analyst"]).get(url).content.decode()
    table = page[page.index('data-testid="ranking"') : page.index('data-testid="heatmap"')]
    rows = re.findall(r"<tr(?: class=\"above-line\")?>(.*?)</tr>", table, re.S)
    cells = [re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S) for row in rows[1:]]
    # Rank, issue, total, going forward, rank with each partner left out, agreed: the
    # CSP 16 matrix adds its criteria up, so it has no band column.
    assert '<th scope="col">Band</th>' not in table
    first = cells[0]
    assert first[:4] == ["1", "Reducing re-offending", "64", "Yes"]
    assert first[-1] == "0 of 16"
    assert cells[-1][2] == "–" and cells[-1][3] == "No"  # never scored
    assert table.count('class="above-line"') == 2


def test_a_banded_matrix_gives_the_ranked_table_its_band_column(
    client_as, cast, year, issues, csp16, scorer_of
):
    matrix = Matrix.objects.get(partnership=None, key="impact-likelihood-4x4")
    round_ = services.create_round(
        year=year, name="Grid", matrix=matrix, deadline=date(2026, 10, 24), issues=issues[:1]
    )
    jo = scorer_of(cast["theme_specialist"])
    services.assign_scorers(round_=round_, issue=issues[0], scorers=[jo])
    services.open_round(round_=round_)
    _score(round_, jo, issues[0], [3] * matrix.criteria.count())
    round_ = services.close_round(round_=round_)
    band = selectors.ranking(round_).rows[0].outcome.band
    assert band

    url = reverse("scoring:ranking", kwargs={"slug": SLUG, "round_id": round_.pk})
    page = client_as(cast["analyst"]).get(url).content.decode()
    table = page[page.index('data-testid="ranking"') : page.index('data-testid="heatmap"')]
    assert '<th scope="col">Band</th>' in table
    assert f"<td>{band}" in table


@pytest.fixture
def big_round(year, csp16, partnership):
    """40 issues, 12 scorers on every issue, fully scored and closed."""
    issues = [save_issue(year=year, title=f"Issue {i:02d}") for i in range(40)]
    round_ = services.create_round(
        year=year, name="Big", matrix=csp16, deadline=date(2026, 10, 1), issues=issues
    )
    scorers = [
        Membership.objects.create(
            user=make_user(f"s{i}@example.org", "Scorer", str(i)),
            partnership=partnership,
            role=Role.THEME_SPECIALIST,
        )
        for i in range(12)
    ]
    for issue in issues:
        services.assign_scorers(round_=round_, issue=issue, scorers=scorers)
    services.open_round(round_=round_)
    criteria = list(csp16.criteria.all())
    for n, sheet in enumerate(ScoreSheet.objects.filter(round=round_)):
        from scoring.models import Score

        Score.objects.bulk_create(
            Score(sheet=sheet, issue=issue, criterion=c, value=(n + i + j) % 6)
            for i, issue in enumerate(issues)
            for j, c in enumerate(criteria)
        )
    return services.close_round(round_=round_)


def _queries(client, url) -> int:
    client.get(url)  # warm up per-process caches first
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_ranking_and_moderation_queries_do_not_grow_with_issues_or_scorers(
    client_as, cast, scored, big_round
):
    client = client_as(cast["analyst"])
    for name in ("scoring:ranking", "scoring:moderation"):
        small = _queries(client, reverse(name, kwargs={"slug": SLUG, "round_id": scored.pk}))
        large = _queries(client, reverse(name, kwargs={"slug": SLUG, "round_id": big_round.pk}))
        assert large == small, name
    issue = big_round.issues.first()
    small_issue = scored.issues.first()
    url = "scoring:moderate_issue"
    small = _queries(
        client,
        reverse(url, kwargs={"slug": SLUG, "round_id": scored.pk, "issue_id": small_issue.pk}),
    )
    large = _queries(
        client, reverse(url, kwargs={"slug": SLUG, "round_id": big_round.pk, "issue_id": issue.pk})
    )
    assert large == small
    assert big_round.status == Round.Status.CLOSED
