"""The board's pages say how much of the ranking is still unmoderated and which ties the
threshold splits; once the board decides, the round behind the ranking cannot reopen."""

import pytest
from django.urls import reverse

from partnerships.models import Membership, Role
from priorities.services.proposals import propose_priority
from scoring import selectors as scoring_selectors
from scoring import services as scoring
from scoring.matrix_files import load_shipped_matrices
from scoring.models import Round
from tests.conftest import make_user
from tests.scoring.test_readiness import build_tied_round

SLUG = "central-bedfordshire"


@pytest.fixture
def tied(year, issues, cast, member, partnership, fire_lead):
    load_shipped_matrices()
    return build_tied_round(year, issues, member(cast["theme_specialist"]), fire_lead)


@pytest.fixture
def fire_lead(partnership):
    user = make_user("mark@example.org", "Mark", "Reed")
    return Membership.objects.create(user=user, partnership=partnership, role=Role.ANALYST)


@pytest.fixture
def tied_proposal(tied, year, issues):
    return propose_priority(year=year, title="Domestic abuse", issues=[issues[2]])


TIE = (
    "“Domestic abuse” and “Anti-social behaviour” both total 54. Only “Domestic abuse” is "
    "inside the threshold"
)


@pytest.mark.parametrize("role", ["board_member", "analyst"])
def test_the_year_page_counts_unmoderated_issues_and_names_the_tie(
    client_as, cast, year, tied_proposal, role
):
    url = reverse("priorities:year", kwargs={"slug": SLUG, "year_id": year.pk})
    page = client_as(cast[role]).get(url).content.decode()
    assert "1 issue still needs moderation." in page
    assert "Reducing re-offending" in page.split("still needs moderation")[1]
    assert TIE in page
    moderation = reverse(
        "scoring:moderation", kwargs={"slug": SLUG, "round_id": tied_proposal.year.rounds.get().pk}
    )
    assert (f'href="{moderation}"' in page) == (role == "analyst")


def test_the_proposal_page_shows_the_same_to_the_board(client_as, cast, tied_proposal):
    page = client_as(cast["board_member"]).get(tied_proposal.get_absolute_url()).content.decode()
    assert "1 issue still needs moderation." in page
    assert TIE in page


def test_the_propose_form_shows_it_beside_the_ranking(client_as, cast, year, tied):
    url = reverse("priorities:propose", kwargs={"slug": SLUG, "year_id": year.pk})
    page = client_as(cast["analyst"]).get(url).content.decode()
    assert "1 issue still needs moderation." in page
    assert TIE in page


def test_a_finished_ranking_says_nothing(client_as, cast, year, proposal):
    """The shared closed round: one scorer, no divergence, no tie."""
    url = reverse("priorities:year", kwargs={"slug": SLUG, "year_id": year.pk})
    page = client_as(cast["board_member"]).get(url).content.decode()
    assert "still need" not in page
    assert "Tie across the threshold" not in page


def test_the_round_reopens_until_the_board_decides(closed_round, proposal):
    assert not scoring_selectors.board_has_decided(closed_round)
    scoring.reopen_round(round_=closed_round)
    assert Round.objects.get(pk=closed_round.pk).status == Round.Status.OPEN


def test_after_a_board_decision_the_round_is_not_reopened(client_as, cast, closed_round, agreed):
    assert scoring_selectors.board_has_decided(closed_round)
    url = reverse("scoring:reopen", kwargs={"slug": SLUG, "round_id": closed_round.pk})
    response = client_as(cast["analyst"]).post(url, {"confirm": "yes"}, follow=True)
    assert "so the round cannot be reopened" in response.content.decode()
    assert Round.objects.get(pk=closed_round.pk).status == Round.Status.CLOSED
    round_page = client_as(cast["analyst"]).get(closed_round.get_absolute_url()).content.decode()
    assert "Reopen the round" not in round_page
