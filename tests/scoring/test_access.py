"""Every scoring page for every role, and for a member of another partnership (404)."""

import pytest
from django.urls import reverse

from scoring import services
from scoring.models import Criterion, ScoreSheet

MANAGERS = {"admin", "analyst"}
ADMIN = {"admin"}
EVERYONE = {"admin", "analyst", "theme_specialist", "board_member"}
SCORER = {"theme_specialist"}  # jo is the scorer in these fixtures
# Scoring is blind: jo has not submitted, so the results stay hidden from her.
RESULTS = {"admin", "analyst", "board_member"}
ROLES = ["admin", "analyst", "theme_specialist", "board_member", "outsider"]


@pytest.fixture
def objects(open_round, csp16, partnership, issues):
    sheet = ScoreSheet.objects.filter(round=open_round).first()
    copy = services.copy_matrix(matrix=csp16, partnership=partnership)
    return {
        "round_id": open_round.pk,
        "year_id": open_round.year_id,
        "issue_id": issues[0].pk,
        "sheet_id": sheet.pk,
        "matrix_id": csp16.pk,
        "copy_id": copy.pk,
        "criterion_id": Criterion.objects.filter(matrix=copy).first().pk,
    }


# (url name, kwargs, method, roles allowed while the round is open)
OPEN_PAGES = [
    ("scoring:rounds", {}, "get", EVERYONE),
    ("scoring:round_new", {"year_id": "year_id"}, "get", MANAGERS),
    ("scoring:scorers", {"round_id": "round_id"}, "get", MANAGERS),
    ("scoring:sheet", {"round_id": "round_id"}, "get", SCORER),
    ("scoring:sheet_issue", {"round_id": "round_id", "issue_id": "issue_id"}, "get", SCORER),
    ("scoring:sheet_interest", {"round_id": "round_id", "issue_id": "issue_id"}, "get", SCORER),
    ("scoring:sheet_export", {"round_id": "round_id"}, "get", SCORER),
    ("scoring:sheet_export_for", {"round_id": "round_id", "sheet_id": "sheet_id"}, "get", MANAGERS),
    ("scoring:ranking", {"round_id": "round_id"}, "get", MANAGERS),  # managers are redirected
    ("scoring:matrices", {}, "get", EVERYONE),
    ("scoring:matrix", {"matrix_id": "matrix_id"}, "get", EVERYONE),
    ("scoring:matrix_copy", {"matrix_id": "matrix_id"}, "post", ADMIN),
    ("scoring:matrix_edit", {"matrix_id": "copy_id"}, "get", ADMIN),
    ("scoring:criterion_edit", {"criterion_id": "criterion_id"}, "get", ADMIN),
    ("scoring:close", {"round_id": "round_id"}, "post", MANAGERS),
    ("scoring:close", {"round_id": "round_id"}, "get", MANAGERS),
]
CLOSED_PAGES = [
    ("scoring:round", {"round_id": "round_id"}, "get", EVERYONE),
    ("scoring:moderation", {"round_id": "round_id"}, "get", MANAGERS),
    ("scoring:moderate_issue", {"round_id": "round_id", "issue_id": "issue_id"}, "get", MANAGERS),
    # jo is sent to her own sheet instead (tests/scoring/test_blind_scoring.py).
    ("scoring:ranking", {"round_id": "round_id"}, "get", EVERYONE),
    ("scoring:round_export", {"round_id": "round_id"}, "get", RESULTS),
    ("scoring:reopen", {"round_id": "round_id"}, "post", MANAGERS),
    ("scoring:reopen", {"round_id": "round_id"}, "get", MANAGERS),
]


def _url(name, kwargs, objects, slug="central-bedfordshire"):
    return reverse(name, kwargs={"slug": slug, **{k: objects[v] for k, v in kwargs.items()}})


def _check(client, role, method, url, allowed):
    response = getattr(client, method)(url)
    if role == "outsider":
        assert response.status_code == 404, url
    elif role in allowed:
        assert response.status_code in (200, 302), (role, url, response.status_code)
    else:
        assert response.status_code == 403, (role, url, response.status_code)


@pytest.mark.parametrize(
    "name,kwargs,method,allowed", OPEN_PAGES, ids=[f"{p[0]}-{p[2]}" for p in OPEN_PAGES]
)
@pytest.mark.parametrize("role", ROLES)
def test_while_the_round_is_open(client_as, cast, objects, role, name, kwargs, method, allowed):
    _check(client_as(cast[role]), role, method, _url(name, kwargs, objects), allowed)


@pytest.mark.parametrize(
    "name,kwargs,method,allowed", CLOSED_PAGES, ids=[f"{p[0]}-{p[2]}" for p in CLOSED_PAGES]
)
@pytest.mark.parametrize("role", ROLES)
def test_after_the_round_closes(
    client_as, cast, objects, open_round, role, name, kwargs, method, allowed
):
    services.close_round(round_=open_round)
    _check(client_as(cast[role]), role, method, _url(name, kwargs, objects), allowed)


def test_another_partnerships_rounds_are_404_under_its_own_slug(
    client_as, cast, objects, other_partnership
):
    client = client_as(cast["outsider"])
    for name, kwargs, method, _ in OPEN_PAGES + CLOSED_PAGES:
        if not kwargs or kwargs == {"matrix_id": "matrix_id"}:
            continue  # lists, and the shipped matrices every partnership may read
        url = _url(name, kwargs, objects, slug=other_partnership.slug)
        assert getattr(client, method)(url).status_code == 404, name
