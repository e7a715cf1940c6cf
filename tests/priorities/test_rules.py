"""The pure rules: no database."""

from datetime import date
from decimal import Decimal

import pytest

from csp_assessment.text import and_list
from priorities import rules
from priorities.rules import PriorityRef


def test_seed_001_three_new_priorities_against_six_old_ones():
    previous = [
        PriorityRef(1, "Serious acquisitive crime"),
        PriorityRef(2, "Domestic violence", frozenset({12})),
        PriorityRef(3, "Anti-social behaviour"),
        PriorityRef(4, "Re-offending"),
        PriorityRef(5, "Substance misuse (drugs and alcohol)"),
        PriorityRef(6, "Casualty reduction"),
    ]
    current = [
        PriorityRef(10, "Anti-Social Behaviour"),
        PriorityRef(11, "Reduce reoffending", continues_id=4),
        PriorityRef(12, "Domestic abuse", origin_issue_ids=frozenset({12})),
    ]
    rows = rules.compare_with_previous(previous, current)
    changes = {
        (r.current.id if r.current else None, r.previous.id if r.previous else None): r.change
        for r in rows
    }
    assert changes == {
        (10, 3): "continued",
        (11, 4): "continued",
        (12, 2): "continued",
        (None, 1): "dropped",
        (None, 5): "dropped",
        (None, 6): "dropped",
    }


def test_a_priority_with_no_match_is_new_and_each_old_one_matches_once():
    rows = rules.compare_with_previous(
        [PriorityRef(1, "Hate crime")], [PriorityRef(2, "Hate crime"), PriorityRef(3, "Hate crime")]
    )
    assert [r.change for r in rows] == ["continued", "new"]


def test_snapshot_differences_name_the_changed_fields_only():
    decided = {
        "title": "ASB",
        "emphasis": "Repeat victims",
        "issues": [{"title": "ASB"}],
        "lead": "Chris",
    }
    now = {
        "title": "ASB",
        "emphasis": "Young people",
        "issues": [{"title": "ASB"}, {"title": "Hate"}],
        "lead": "Chris",
    }
    diffs = rules.snapshot_differences(decided, now)
    assert [(d.label, d.then, d.now) for d in diffs] == [
        ("Emphasis", "Repeat victims", "Young people"),
        ("Issues", "ASB", "ASB, Hate"),
    ]


def test_no_differences_when_nothing_changed():
    snap = {"title": "ASB", "issues": [{"title": "B"}, {"title": "A"}]}
    assert (
        rules.snapshot_differences(
            snap, {"title": "ASB", "issues": [{"title": "A"}, {"title": "B"}]}
        )
        == []
    )


def _status(latest, direction="down", baseline=120, target=90):
    return rules.kpi_status(
        baseline=Decimal(baseline),
        target=Decimal(target),
        direction=direction,
        latest=None if latest is None else Decimal(latest),
    )


def test_kpi_status_follows_the_stated_rule_when_lower_is_better():
    assert _status(None) == rules.NO_DATA
    assert _status(125) == rules.OFF_TRACK
    assert _status(120) == rules.OFF_TRACK
    assert _status(110) == rules.AT_RISK
    assert _status(105) == rules.ON_TRACK  # exactly half way
    assert _status(80) == rules.ON_TRACK


def test_kpi_status_when_higher_is_better():
    assert _status(50, "up", 40, 60) == rules.ON_TRACK
    assert _status(45, "up", 40, 60) == rules.AT_RISK
    assert _status(39, "up", 40, 60) == rules.OFF_TRACK


def test_six_months_after_keeps_the_day_or_uses_the_months_last_day():
    assert rules.months_after(date(2027, 1, 20), 6) == date(2027, 7, 20)
    assert rules.months_after(date(2026, 8, 31), 6) == date(2027, 2, 28)


def test_the_reminder_is_due_two_weeks_before_the_review():
    assert not rules.reminder_due(review_on=date(2027, 7, 20), today=date(2027, 7, 5))
    assert rules.reminder_due(review_on=date(2027, 7, 20), today=date(2027, 7, 6))


def test_checklist_progress_counts_green_as_complete():
    progress = rules.checklist_progress(["green", "amber", "green", "not_assessed"])
    assert (progress.complete, progress.total, progress.percent) == (2, 4, 50)
    assert progress.by_rag["amber"] == 1


@pytest.mark.parametrize(
    ("words", "written"),
    [
        (["Dwelling burglary"], "Dwelling burglary"),
        (["Dwelling burglary", "Road safety"], "Dwelling burglary and Road safety"),
        (
            ["Anti-social behaviour", "Dwelling burglary", "Road safety and casualty reduction"],
            "Anti-social behaviour, Dwelling burglary and Road safety and casualty reduction",
        ),
    ],
)
def test_a_list_is_written_with_and_before_its_last_item(words, written):
    assert and_list(words) == written
