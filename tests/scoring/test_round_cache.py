"""The ranking's figures are cached per round state (scoring/round_cache.py): the cached
figures equal the computed ones, a saved score shows at once, and one round's cache is
untouched by what another round or partnership does."""

from datetime import date

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from cycles.services import create_cycle_from_template, save_issue
from partnerships.models import Membership, Partnership, Role
from scoring import round_cache, selectors, services
from scoring.grid import cell_name
from scoring.models import Round, Score, ScoreSheet
from tests.conftest import make_user

SLUG = "central-bedfordshire"


def _score(round_, membership, issue, values):
    sheet = ScoreSheet.objects.get(round=round_, scorer=membership)
    criteria = list(round_.matrix.criteria.all())
    services.save_scores(
        sheet=sheet,
        cells={(issue.pk, c.pk): (v, False) for c, v in zip(criteria, values, strict=True)},
    )


def _scored(round_, issues, scorers):
    for n, membership in enumerate(scorers):
        for i, issue in enumerate(issues):
            _score(round_, membership, issue, [(n + i + j) % 6 for j in range(16)])
    return round_


def _figures(ranking):
    return [
        (r.issue.pk, r.rank, r.total, r.rank_range, r.divergent, r.needs_moderation, r.cells)
        for r in ranking.rows
    ]


def _uncached(round_):
    with override_settings(
        CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    ):
        return _figures(selectors.ranking(round_))


def test_cached_figures_equal_the_computed_ones(open_round, issues, cast, mark, scorer_of):
    _scored(open_round, issues, [scorer_of(cast["theme_specialist"]), scorer_of(mark)])
    closed = services.close_round(round_=open_round)
    cache.clear()
    first = _figures(selectors.ranking(closed))  # computed, then stored
    with CaptureQueriesContext(connection) as cold:
        selectors.ranking(Round.objects.get(pk=closed.pk))
    second = _figures(selectors.ranking(closed))  # from the cache
    assert first == second == _uncached(closed)
    cache.clear()
    with CaptureQueriesContext(connection) as computed:
        selectors.ranking(closed)
    # Read from the cache, the scores, sheets and agreed values are not read again.
    assert len(cold) < len(computed)


def test_a_score_saved_through_the_sheet_changes_the_figures_at_once(
    client_as, cast, open_round, issues, mark, scorer_of
):
    jo = scorer_of(cast["theme_specialist"])
    _scored(open_round, issues, [jo, scorer_of(mark)])
    before = selectors.ranking(open_round)
    total = next(r.total for r in before.rows if r.issue == issues[0])
    criterion = open_round.matrix.criteria.first()
    response = client_as(cast["theme_specialist"]).post(
        reverse("scoring:sheet", kwargs={"slug": SLUG, "round_id": open_round.pk}),
        {cell_name(issues[0].pk, criterion.pk): "5"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    after = selectors.ranking(open_round)  # the same Round object, loaded before the save
    assert next(r.total for r in after.rows if r.issue == issues[0]) != total
    assert _figures(after) == _uncached(open_round)


def test_an_agreed_value_saved_through_moderation_shows_on_the_ranking_page(
    client_as, cast, open_round, issues, mark, scorer_of
):
    _scored(open_round, issues, [scorer_of(cast["theme_specialist"]), scorer_of(mark)])
    closed = services.close_round(round_=open_round)
    client = client_as(cast["analyst"])
    ranking_url = reverse("scoring:ranking", kwargs={"slug": SLUG, "round_id": closed.pk})
    assert client.get(ranking_url).status_code == 200  # figures now cached
    criteria = list(closed.matrix.criteria.all())
    data = {f"agreed-{c.pk}": "5" for c in criteria}
    data["rationale"] = "Agreed at the workshop."
    url = reverse(
        "scoring:moderate_issue",
        kwargs={"slug": SLUG, "round_id": closed.pk, "issue_id": issues[3].pk},
    )
    assert client.post(url, data).status_code == 302
    page = client.get(ranking_url)
    row = next(r for r in page.context["ranking"].rows if r.issue == issues[3])
    assert (row.total, row.moderated, row.rank) == (80, 16, 1)
    assert _figures(page.context["ranking"]) == _uncached(closed)


def test_another_partnerships_saves_leave_a_rounds_cache_alone(
    open_round, issues, cast, mark, scorer_of, county, csp16
):
    _scored(open_round, issues, [scorer_of(cast["theme_specialist"]), scorer_of(mark)])
    closed = services.close_round(round_=open_round)
    selectors.ranking(closed)
    version = Round.objects.get(pk=closed.pk).version
    cached = set(_keys_for(closed))
    assert cached

    other = Partnership.objects.create(
        name="Bedford CSP", slug="bedford", kind=Partnership.Kind.DISTRICT, parent=county
    )
    scorer = Membership.objects.create(
        user=make_user("ann@bedford.example.org", "Ann", "Lee"),
        partnership=other,
        role=Role.THEME_SPECIALIST,
    )
    year = create_cycle_from_template(
        partnership=other, template_key="annual", start_year=2026
    ).years.get()
    their_issue = save_issue(year=year, title="Knife crime")
    theirs = services.create_round(
        year=year, name="Bedford", matrix=csp16, deadline=date(2026, 12, 1), issues=[their_issue]
    )
    services.assign_scorers(round_=theirs, issue=their_issue, scorers=[scorer])
    services.open_round(round_=theirs)
    _score(theirs, scorer, their_issue, [4] * 16)
    assert Round.objects.get(pk=theirs.pk).version > 0

    assert Round.objects.get(pk=closed.pk).version == version
    assert set(_keys_for(closed)) == cached
    with CaptureQueriesContext(connection) as queries:
        selectors.ranking(Round.objects.get(pk=closed.pk))
    assert not any('scoring_score"' in q["sql"] and "COUNT" not in q["sql"] for q in queries)


def test_an_unreachable_cache_computes_the_figures(open_round, issues, cast, mark, scorer_of):
    _scored(open_round, issues, [scorer_of(cast["theme_specialist"]), scorer_of(mark)])
    closed = services.close_round(round_=open_round)
    down = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    with override_settings(CACHES=down):
        figures = _figures(selectors.ranking(closed))
    assert figures == _uncached(closed)


def _keys_for(round_):
    """The cache key of this round's figures as they stand, if an entry is stored."""
    round_ = Round.objects.get(pk=round_.pk)
    key = round_cache.key(
        round_,
        [i.pk for i in round_.issues.all()],
        [c.pk for c in round_.matrix.criteria.all()],
        Score.objects.filter(sheet__round=round_).count(),
    )
    return [key] if cache.get(key) is not None else []
