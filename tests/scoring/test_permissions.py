"""The scoring rules as a table of role x object x answer (no database)."""

import pytest

from partnerships.models import Membership, Partnership
from scoring import permissions
from scoring.models import Matrix, Round, ScoreSheet

ROLES = ["admin", "analyst", "theme_specialist", "board_member"]
RUNS = {"admin", "analyst"}


def member(role: str, pk: int = 1) -> Membership:
    return Membership(pk=pk, role=role)


@pytest.mark.parametrize("role", ROLES)
def test_role_rules(role):
    m = member(role)
    assert permissions.can_view(m)
    assert permissions.can_run_rounds(m) is (role in RUNS)
    assert permissions.can_moderate(m) is (role in RUNS)
    assert permissions.can_edit_matrices(m) is (role == "admin")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("status", Round.Status.values)
@pytest.mark.parametrize("is_scorer", [True, False])
def test_who_sees_a_round_in_the_list(role, status, is_scorer):
    expected = role in RUNS or is_scorer or status == Round.Status.CLOSED
    seen = permissions.can_see_round(member(role), Round(status=status), is_scorer=is_scorer)
    assert seen is expected


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("status", Round.Status.values)
@pytest.mark.parametrize("unsubmitted", [True, False])
def test_results_and_others_scores_wait_for_the_round_to_close(role, status, unsubmitted):
    round_ = Round(status=status)
    closed = status == Round.Status.CLOSED
    # Blind scoring: a scorer whose own sheet is not submitted never sees the results;
    # those who run rounds always do once it closes.
    expected = closed and (role in RUNS or not unsubmitted)
    seen = permissions.can_see_results(member(role), round_, unsubmitted=unsubmitted)
    assert seen is expected
    assert permissions.can_read_scores_of(member(role), round_) is (closed and role in RUNS)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("owned", [True, False])
@pytest.mark.parametrize("in_use", [True, False])
def test_only_admins_edit_their_own_unused_matrices(role, owned, in_use):
    matrix = Matrix(partnership=Partnership(pk=1) if owned else None)
    allowed = permissions.can_edit_matrix(member(role), matrix, in_use=in_use)
    assert allowed is (role == "admin" and owned and not in_use)


@pytest.mark.parametrize("round_status", Round.Status.values)
@pytest.mark.parametrize("sheet_status", ScoreSheet.Status.values)
@pytest.mark.parametrize("own", [True, False])
def test_a_scorer_edits_only_their_own_draft_sheet_in_an_open_round(
    round_status, sheet_status, own
):
    scorer = member("theme_specialist", pk=7)
    sheet = ScoreSheet(
        round=Round(status=round_status), scorer_id=7 if own else 8, status=sheet_status
    )
    expected = own and round_status == Round.Status.OPEN and sheet_status == ScoreSheet.Status.DRAFT
    assert permissions.can_edit_sheet(scorer, sheet) is expected
