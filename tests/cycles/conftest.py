"""Cycles fixtures: one member of the partnership in each role, by what they do."""

import pytest


@pytest.fixture
def members(partnership, cast, membership_of):
    """The scorer, the board member, the analyst and the admin."""
    return {
        "scorer": membership_of(cast["theme_specialist"], partnership),
        "board": membership_of(cast["board_member"], partnership),
        "analyst": membership_of(cast["analyst"], partnership),
        "admin": membership_of(cast["admin"], partnership),
    }
