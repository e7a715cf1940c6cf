"""The watchlist's flag rules, without a database: the months compared since the
assessment, the Poisson flag and the rank-move flag, and bad input."""

from datetime import date

import pytest

from analysis.rules import poisson_change
from priorities import review_rules
from priorities.rules import RANK_MOVE_PLACES

MONTHS = [date(2025, m, 1) for m in range(1, 13)] + [date(2026, m, 1) for m in range(1, 4)]


def test_the_months_since_the_assessment_are_paired_with_the_same_months_a_year_earlier():
    comparison = review_rules.compare_since(MONTHS, date(2025, 12, 1))
    assert comparison.pairs == (
        (date(2026, 1, 1), date(2025, 1, 1)),
        (date(2026, 2, 1), date(2025, 2, 1)),
        (date(2026, 3, 1), date(2025, 3, 1)),
    )
    assert comparison.description == "January to March 2026 compared with January to March 2025"


def test_a_month_missing_a_year_earlier_is_left_out_of_both_sides():
    held = [m for m in MONTHS if m != date(2025, 2, 1)]
    comparison = review_rules.compare_since(held, date(2025, 12, 1))
    assert comparison.current_months == (date(2026, 1, 1), date(2026, 3, 1))
    assert comparison.baseline_months == (date(2025, 1, 1), date(2025, 3, 1))


def test_no_data_after_the_assessment_says_so_and_compares_nothing():
    comparison = review_rules.compare_since(MONTHS, date(2026, 3, 1))
    assert comparison.pairs == ()
    assert comparison.note.startswith("No police data after March 2026 yet")


def test_a_month_with_no_year_earlier_compares_nothing():
    comparison = review_rules.compare_since([date(2026, 1, 1), date(2026, 2, 1)], date(2026, 1, 1))
    assert comparison.pairs == ()
    assert "no month a year earlier" in comparison.note


def test_a_change_the_poisson_test_marks_is_flagged_with_its_figures():
    flag = review_rules.data_flag(poisson_change(60, 30), label="Vehicle crime", compared="X")
    assert flag.kind == review_rules.DATA
    assert flag.reason.startswith("Vehicle crime rose from 30 to 60 (+100%), X.")
    assert "p = 0.00" in flag.reason


def test_a_fall_is_flagged_as_a_fall():
    flag = review_rules.data_flag(poisson_change(10, 40), label="Burglary", compared="X")
    assert "Burglary fell from 40 to 10 (-75%)" in flag.reason


def test_a_change_within_normal_variation_is_not_flagged():
    assert review_rules.data_flag(poisson_change(33, 30), label="Burglary", compared="X") is None
    assert review_rules.data_flag(poisson_change(0, 0), label="Burglary", compared="X") is None


def test_the_distance_is_five_places():
    assert RANK_MOVE_PLACES == 5


@pytest.mark.parametrize(
    ("before", "after", "flagged"),
    [(9, 4, True), (9, 5, False), (2, 7, True), (2, 6, False), (3, 3, False), (12, 1, True)],
)
def test_a_rank_moving_the_set_distance_either_way_is_flagged(before, after, flagged):
    flag = review_rules.rank_flag(before=before, after=after, compared="the spring round")
    assert (flag is not None) is flagged
    if flag:
        word = "Rose" if after < before else "Fell"
        assert flag.reason == (
            f"{word} {abs(before - after)} places in the ranking, from {before} to {after}, "
            "since the spring round."
        )


def test_another_distance_can_be_asked_for():
    assert review_rules.rank_flag(before=4, after=2, compared="x", places=2) is not None


@pytest.mark.parametrize(("before", "after", "places"), [(0, 3, 5), (3, -1, 5), (3, 9, 0)])
def test_bad_ranks_or_distances_are_refused(before, after, places):
    with pytest.raises(ValueError, match="place|rank"):
        review_rules.rank_flag(before=before, after=after, compared="x", places=places)
