"""Scoring fixtures: the shipped matrices, a year with a long list, and rounds."""

from datetime import date

import pytest

from cycles.services import save_issue
from partnerships.models import Agency, Membership, Role
from scoring import services
from scoring.matrix_files import load_shipped_matrices
from scoring.models import Matrix
from tests.conftest import make_user

TITLES = [
    "Anti-social behaviour",
    "Reducing re-offending",
    "Alcohol misuse and related crime and disorder",
    "Domestic abuse",
]


@pytest.fixture
def csp16(db):
    load_shipped_matrices()
    return Matrix.objects.get(partnership=None, key="csp-16", version=1)


@pytest.fixture
def issues(year):
    return [save_issue(year=year, title=title) for title in TITLES]


@pytest.fixture
def scorer_of(partnership, membership_of):
    def membership(user):
        return membership_of(user, partnership)

    return membership


@pytest.fixture
def fire(partnership):
    return Agency.objects.create(
        partnership=partnership,
        name="Bedfordshire Fire and Rescue Service",
        type=Agency.Type.FIRE_AND_RESCUE,
        is_responsible_authority=True,
    )


@pytest.fixture
def mark(partnership, fire):
    """A second scorer: the fire service's lead, a theme specialist."""
    user = make_user("mark@example.org", "Mark", "Reed")
    Membership.objects.create(
        user=user, partnership=partnership, role=Role.THEME_SPECIALIST, agency=fire
    )
    return user


@pytest.fixture
def open_round(year, issues, csp16, cast, mark, scorer_of):
    """An open round on the 16-criterion matrix: jo and mark score every issue."""
    round_ = services.create_round(
        year=year,
        name="Autumn scoring",
        matrix=csp16,
        deadline=date(2026, 10, 24),
        issues=issues,
        threshold_value=2,
    )
    for issue in issues:
        services.assign_scorers(
            round_=round_,
            issue=issue,
            scorers=[scorer_of(cast["theme_specialist"]), scorer_of(mark)],
        )
    return services.open_round(round_=round_)
