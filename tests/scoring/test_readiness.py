"""What the board should know before deciding: issues still to moderate and ties the
threshold splits, counted by scoring.selectors and shown on the ranking."""

from datetime import date

import pytest
from django.urls import reverse

from scoring import selectors, services
from scoring.models import Matrix, ScoreSheet

SLUG = "central-bedfordshire"


def _score(round_, membership, issue, values):
    sheet = ScoreSheet.objects.get(round=round_, scorer=membership)
    criteria = list(round_.matrix.criteria.all())
    services.save_scores(
        sheet=sheet,
        cells={(issue.pk, c.pk): (v, v is None) for c, v in zip(criteria, values, strict=True)},
    )


def build_tied_round(year, issues, first, second):
    """A closed round on the 16-criterion sum matrix, the top 2 going forward:
    issues[1] ranks first (63) but its scorers differ by 4 on one criterion;
    issues[2] and issues[0] both total 54, and the tie-break (the median of the scorers'
    own totals, 54 against 52.5) puts issues[2] inside the threshold and issues[0]
    outside; issues[3] is not scored."""
    matrix = Matrix.objects.get(partnership=None, key="csp-16", version=1)
    round_ = services.create_round(
        year=year,
        name="Autumn scoring",
        matrix=matrix,
        deadline=date(2026, 10, 24),
        issues=issues,
        threshold_value=2,
    )
    for issue in issues:
        services.assign_scorers(round_=round_, issue=issue, scorers=[first, second])
    services.open_round(round_=round_)
    _score(round_, first, issues[1], [1] + [4] * 15)
    _score(round_, second, issues[1], [5] + [4] * 15)
    _score(round_, first, issues[2], [5] * 6 + [3] * 10)
    _score(round_, second, issues[2], [3] * 16)
    _score(round_, first, issues[0], [4] * 6 + [3] * 10)
    _score(round_, second, issues[0], [4] * 6 + [3] * 9 + [None])
    return services.close_round(round_=round_)


@pytest.fixture
def tied(csp16, year, issues, cast, mark, scorer_of):
    return build_tied_round(year, issues, scorer_of(cast["theme_specialist"]), scorer_of(mark))


def test_the_tie_on_the_threshold_is_found_with_both_issues(tied, year, issues):
    [tie] = selectors.ties_across_threshold(year)
    assert tie.total == 54
    assert [r.issue_id for r in tie.inside] == [issues[2].pk]
    assert [r.issue_id for r in tie.outside] == [issues[0].pk]


def test_issues_still_to_moderate_are_counted_until_agreed(tied, year, issues):
    assert selectors.unmoderated_count(year) == 1
    assert [row.issue for row in selectors.readiness(year).unmoderated] == [issues[1]]
    criteria = list(tied.matrix.criteria.all())
    services.moderate_issue(
        round_=tied,
        issue=issues[1],
        agreed={c.pk: (3 if i == 0 else 4, False) for i, c in enumerate(criteria)},
        rationale="Agreed at the moderation meeting.",
    )
    assert selectors.unmoderated_count(year) == 0


def test_a_year_without_a_closed_round_has_nothing_to_report(open_round, year):
    assert selectors.unmoderated_count(year) == 0
    assert selectors.ties_across_threshold(year) == []
    assert selectors.readiness(year).round is None


def test_the_ranking_names_the_tie_and_counts_what_needs_moderation(client_as, cast, tied, issues):
    url = reverse("scoring:ranking", kwargs={"slug": SLUG, "round_id": tied.pk})
    moderation = reverse("scoring:moderation", kwargs={"slug": SLUG, "round_id": tied.pk})
    analyst_page = client_as(cast["analyst"]).get(url).content.decode()
    assert "1 issue still needs moderation." in analyst_page
    assert f'href="{moderation}"' in analyst_page
    assert (
        f"“{issues[2].title}” and “{issues[0].title}” both total 54. Only “{issues[2].title}” "
        "is inside the threshold"
    ) in analyst_page
    board_page = client_as(cast["board_member"]).get(url).content.decode()
    assert "1 issue still needs moderation." in board_page
    assert f'href="{moderation}"' not in board_page  # board members do not moderate


def test_the_moderation_page_marks_the_issues_still_to_moderate(client_as, cast, tied, issues):
    url = reverse("scoring:moderation", kwargs={"slug": SLUG, "round_id": tied.pk})
    page = client_as(cast["analyst"]).get(url).content.decode()
    assert "1 issue still needs moderation" in page
