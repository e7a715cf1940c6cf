"""The rule for when a final version may be made, as a table of facts and verdicts.
No database: the rule takes the facts the selector gathers."""

import pytest

from reports.rules import BOARD_NOT_AGREED, MISSING_COMPONENTS, final_verdict

LEVELS = "Levels and patterns of crime, disorder and substance misuse"


@pytest.mark.parametrize(
    ("agreed", "proposed", "missing", "confirmed", "offered", "allowed", "reasons"),
    [
        # The board has agreed the priorities and the report covers everything.
        (1, 0, [], False, True, True, ()),
        (3, 0, [], True, True, True, ()),
        # Nothing agreed yet, or a proposal still waiting: every version is a draft.
        (0, 0, [], False, False, False, (BOARD_NOT_AGREED,)),
        (0, 2, [], False, False, False, (BOARD_NOT_AGREED,)),
        (2, 1, [], True, False, False, (BOARD_NOT_AGREED,)),
        # Confirming the missing components does not lift the board's rule.
        (0, 0, [LEVELS], True, False, False, (BOARD_NOT_AGREED,)),
        (0, 1, [LEVELS], False, False, False, (BOARD_NOT_AGREED, MISSING_COMPONENTS)),
        # Agreed, but components missing: offered, allowed only once confirmed.
        (1, 0, [LEVELS], False, True, False, (MISSING_COMPONENTS,)),
        (1, 0, [LEVELS], True, True, True, ()),
    ],
)
def test_when_a_final_version_may_be_made(
    agreed, proposed, missing, confirmed, offered, allowed, reasons
):
    verdict = final_verdict(agreed=agreed, proposed=proposed, missing=missing, confirmed=confirmed)
    assert verdict.offered is offered
    assert verdict.allowed is allowed
    assert verdict.reasons == reasons
    assert verdict.missing == tuple(missing)
