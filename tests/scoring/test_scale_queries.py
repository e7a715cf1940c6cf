"""The queries a page costs do not grow with the number of partnerships the service
holds: the ranking, moderation, the score sheet and the dashboard cost the same with
one other partnership or six, each with its own scored round."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cycles.services import create_cycle_from_template, save_issue
from partnerships.models import Membership, Partnership, Role
from scoring import services
from scoring.models import ScoreSheet
from tests.conftest import make_user

SLUG = "central-bedfordshire"


def _scored_round(year, matrix, issues, scorers, *, close: bool):
    round_ = services.create_round(
        year=year, name="Scoring", matrix=matrix, deadline=date(2026, 12, 1), issues=issues
    )
    for issue in issues:
        services.assign_scorers(round_=round_, issue=issue, scorers=scorers)
    services.open_round(round_=round_)
    criteria = list(matrix.criteria.all())
    for n, sheet in enumerate(ScoreSheet.objects.filter(round=round_)):
        services.save_scores(
            sheet=sheet,
            cells={
                (issue.pk, c.pk): ((n + i + j) % 6, False)
                for i, issue in enumerate(issues)
                for j, c in enumerate(criteria)
            },
        )
    return services.close_round(round_=round_) if close else round_


def _add_partnerships(count, start, county, csp16):
    """`count` more partnerships, each with a cycle, two issues, two scorers, an analyst
    and a closed, scored round."""
    for n in range(start, start + count):
        other = Partnership.objects.create(
            name=f"Other CSP {n}", slug=f"other-{n}", kind=Partnership.Kind.DISTRICT, parent=county
        )
        Membership.objects.create(
            user=make_user(f"analyst{n}@other.example.org", "Ana", f"Lyst {n}"),
            partnership=other,
            role=Role.ANALYST,
        )
        scorers = [
            Membership.objects.create(
                user=make_user(f"s{n}-{k}@other.example.org", "Scorer", f"{n}-{k}"),
                partnership=other,
                role=Role.THEME_SPECIALIST,
            )
            for k in range(2)
        ]
        year = create_cycle_from_template(
            partnership=other, template_key="annual", start_year=2026
        ).years.get()
        issues = [save_issue(year=year, title=f"Issue {i}") for i in range(2)]
        _scored_round(year, csp16, issues, scorers, close=True)


def _queries(client, url) -> int:
    client.get(url)  # warm up per-process caches first
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.fixture
def pages(open_round, year, issues, csp16, cast, mark, scorer_of):
    """The pages measured, each with the member who reads it."""
    closed = _scored_round(
        year, csp16, issues, [scorer_of(cast["theme_specialist"]), scorer_of(mark)], close=True
    )
    closed_kwargs = {"slug": SLUG, "round_id": closed.pk}
    dashboard = reverse("cycles:dashboard", kwargs={"slug": SLUG})
    return {
        "ranking": (cast["analyst"], reverse("scoring:ranking", kwargs=closed_kwargs)),
        "moderation": (cast["analyst"], reverse("scoring:moderation", kwargs=closed_kwargs)),
        "moderate one issue": (
            cast["analyst"],
            reverse("scoring:moderate_issue", kwargs={**closed_kwargs, "issue_id": issues[0].pk}),
        ),
        "round": (cast["analyst"], reverse("scoring:round", kwargs=closed_kwargs)),
        "score sheet": (
            cast["theme_specialist"],
            reverse("scoring:sheet", kwargs={"slug": SLUG, "round_id": open_round.pk}),
        ),
        "dashboard (analyst)": (cast["analyst"], dashboard),
        "dashboard (scorer)": (cast["theme_specialist"], dashboard),
    }


def test_queries_per_page_do_not_grow_with_the_number_of_partnerships(
    client_as, pages, county, csp16
):
    def measure() -> dict[str, int]:
        return {name: _queries(client_as(user), url) for name, (user, url) in pages.items()}

    _add_partnerships(1, 0, county, csp16)
    with_one = measure()
    _add_partnerships(5, 1, county, csp16)
    with_six = measure()
    assert with_six == with_one
