"""Who may do what in scoring: role rules (`can_<verb>(membership)`) for views and
templates, and object rules (`can_<verb>_<thing>(membership, obj)`) for one round or
matrix. Views, templates and tests all ask these, so a page offers only what its view
allows.
"""

from partnerships.models import Membership
from partnerships.permissions import anyone, is_admin, runs_the_cycle

from .models import Matrix, Round, ScoreSheet

# Role rules ------------------------------------------------------------------------

can_view = anyone
# Set up and run rounds: choose scorers, open and close, moderate, and handle other
# people's workbooks.
can_run_rounds = runs_the_cycle
can_moderate = runs_the_cycle
# Matrices are part of the partnership's set-up, so only admins copy and edit them.
can_edit_matrices = is_admin


# Object rules ----------------------------------------------------------------------


def can_see_round(membership: Membership, round_: Round, *, is_scorer: bool) -> bool:
    """Listed for the person: those who run rounds see them all, others see the rounds
    they score in and every closed round."""
    return can_run_rounds(membership) or is_scorer or round_.status == Round.Status.CLOSED


def can_see_results(membership: Membership, round_: Round, *, unsubmitted: bool) -> bool:
    """The ranking and the round's workbook. Scoring is blind: nobody reads the results
    until the round has closed, and a scorer whose own sheet is not submitted
    (`unsubmitted`: scoring.selectors.has_unsubmitted_sheet) does not read them at all,
    so a round reopened for them cannot anchor their scores. Those who run rounds see
    everything."""
    return round_.status == Round.Status.CLOSED and (can_run_rounds(membership) or not unsubmitted)


def can_read_scores_of(membership: Membership, round_: Round) -> bool:
    """Another scorer's values. While the round is open even those who run it get a
    blank copy of a sheet, never its values."""
    return can_run_rounds(membership) and round_.status == Round.Status.CLOSED


def can_edit_matrix(membership: Membership, matrix: Matrix, *, in_use: bool) -> bool:
    """Only the partnership's own copies change, and only until a round uses them."""
    return can_edit_matrices(membership) and matrix.partnership_id is not None and not in_use


def can_edit_sheet(membership: Membership, sheet: ScoreSheet) -> bool:
    """A scorer changes only their own sheet, while the round is open and until they
    submit it (they can reopen it to change it again)."""
    return (
        sheet.scorer_id == membership.pk
        and sheet.round.status == Round.Status.OPEN
        and sheet.status == ScoreSheet.Status.DRAFT
    )


def can_reopen_round(membership: Membership, round_: Round, *, board_decided: bool) -> bool:
    """Those who run rounds reopen a closed one, until the board has decided on
    priorities from it (`board_decided`: scoring.selectors.board_has_decided)."""
    return can_run_rounds(membership) and round_.status == Round.Status.CLOSED and not board_decided
