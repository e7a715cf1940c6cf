"""The rules for when the final version and the agreed assessment may be made, as
tables of facts and verdicts. No database: the rules take the facts the selectors
gather. Issue 13 turned the order round to seed 000's: the final version proposes the
priorities and goes to the board, so it no longer waits for the board's agreement; the
agreed assessment does, and needs a final version sent to the board first."""

import pytest

from reports.rules import (
    BOARD_NOT_AGREED,
    MISSING_COMPONENTS,
    NOT_SENT,
    PROPOSALS_WAITING,
    agreed_verdict,
    final_verdict,
    version_label,
)

LEVELS = "Levels and patterns of crime, disorder and substance misuse"


@pytest.mark.parametrize(
    ("missing", "confirmed", "allowed", "reasons"),
    [
        ([], False, True, ()),
        ([], True, True, ()),
        # Components missing: offered, allowed only once confirmed.
        ([LEVELS], False, False, (MISSING_COMPONENTS,)),
        ([LEVELS], True, True, ()),
    ],
)
def test_when_a_final_version_may_be_made(missing, confirmed, allowed, reasons):
    verdict = final_verdict(missing=missing, confirmed=confirmed)
    assert verdict.offered is True  # nothing about the board blocks the final
    assert verdict.allowed is allowed
    assert verdict.reasons == reasons
    assert verdict.missing == tuple(missing)


WAITING_1 = PROPOSALS_WAITING.format(count=1)


@pytest.mark.parametrize(
    ("agreed", "proposed", "sent", "missing", "confirmed", "offered", "allowed", "reasons"),
    [
        # Sent to the board, which agreed the priorities; the report covers everything.
        (1, 0, 1, [], False, True, True, ()),
        (3, 0, 2, [], True, True, True, ()),
        # Never sent to the board.
        (1, 0, 0, [], True, False, False, (NOT_SENT,)),
        # Sent, but nothing agreed yet, or a proposal still waiting.
        (0, 0, 1, [], True, False, False, (BOARD_NOT_AGREED,)),
        (2, 1, 1, [], True, False, False, (WAITING_1,)),
        (
            0,
            2,
            0,
            [],
            True,
            False,
            False,
            (
                NOT_SENT,
                BOARD_NOT_AGREED,
                "The board has still to decide on 2 of this year's proposed priorities. The "
                "agreed version can be made once the board has decided on every one.",
            ),
        ),
        # Confirming the missing components does not lift the board's rules.
        (0, 0, 1, [LEVELS], True, False, False, (BOARD_NOT_AGREED,)),
        (0, 0, 1, [LEVELS], False, False, False, (BOARD_NOT_AGREED, MISSING_COMPONENTS)),
        # Agreed and sent, but components missing: offered, allowed only once confirmed.
        (1, 0, 1, [LEVELS], False, True, False, (MISSING_COMPONENTS,)),
        (1, 0, 1, [LEVELS], True, True, True, ()),
    ],
)
def test_when_the_agreed_assessment_may_be_made(
    agreed, proposed, sent, missing, confirmed, offered, allowed, reasons
):
    verdict = agreed_verdict(
        agreed=agreed, proposed=proposed, sent=sent, missing=missing, confirmed=confirmed
    )
    assert verdict.offered is offered
    assert verdict.allowed is allowed
    assert verdict.reasons == reasons


@pytest.mark.parametrize(
    ("state", "label"),
    [
        ("draft", "Full strategic assessment, version 1 (draft)"),
        ("final", "Full strategic assessment, version 1 (final version for the board)"),
        ("agreed", "Full strategic assessment, version 1 (agreed assessment)"),
    ],
)
def test_each_state_names_the_version(state, label):
    assert version_label("Full strategic assessment", 1, state) == label
