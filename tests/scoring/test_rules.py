"""Pure scoring rules: totals per method, spread, suggestion, ranking, sensitivity."""

import pytest

from scoring import rules
from scoring.rules import CriterionSpec

SIXTEEN = [CriterionSpec(key=f"c{i}", name=f"C{i}") for i in range(16)]
SEED_ROW = [3, 5, 4, 4, 5, 0, 4, 4, 4, 4, 3, 5, 3, 4, 3, 4]


def test_seed_001s_example_row_adds_up_to_59_not_64():
    values = {c.key: v for c, v in zip(SIXTEEN, SEED_ROW, strict=True)}
    outcome = rules.score_issue("sum", {}, SIXTEEN, values)
    assert (outcome.total, outcome.maximum) == (59, 80)


def test_not_known_is_left_out_of_the_total_and_counted():
    values = {c.key: 5 for c in SIXTEEN}
    values["c0"] = None
    outcome = rules.score_issue("sum", {}, SIXTEEN, values)
    assert outcome.total == 75
    assert outcome.qualifier == "15 of 16 criteria known"


def test_weights_multiply_their_criterion():
    criteria = [CriterionSpec("a", "A", weight=2), CriterionSpec("b", "B")]
    assert rules.score_issue("sum", {}, criteria, {"a": 3, "b": 1}).total == 7


MORILE = [
    *[CriterionSpec(k, k, group="harm", scale_max=4) for k in ("h1", "h2", "h3")],
    CriterionSpec("likelihood", "Likelihood", group="likelihood", scale_max=4),
    CriterionSpec("confidence", "Confidence", group="confidence", scale_max=4),
    CriterionSpec("capacity", "Capacity", group="organisation", scale_max=4),
    CriterionSpec("capability", "Capability", group="organisation", scale_max=4),
]
CONFIG = {
    "bands": [
        {"min": 0, "label": "Low"},
        {"min": 20, "label": "Medium"},
        {"min": 30, "label": "High"},
    ],
    "position_shift": [
        {"max": 2, "shift": 1, "reason": "Weak"},
        {"min": 6, "shift": -1, "reason": "Strong"},
    ],
    "confidence_labels": {"3": "High confidence"},
}


def test_morile_risk_is_harm_total_times_likelihood_with_confidence_beside_it():
    values = {
        "h1": 3,
        "h2": 2,
        "h3": 2,
        "likelihood": 3,
        "confidence": 3,
        "capacity": 2,
        "capability": 2,
    }
    outcome = rules.score_issue("morile", CONFIG, MORILE, values)
    assert outcome.total == 21
    assert outcome.band == "Medium"
    assert outcome.qualifier == "High confidence"


@pytest.mark.parametrize(
    "capacity,capability,band", [(1, 1, "High"), (2, 2, "Medium"), (3, 4, "Low")]
)
def test_organisational_position_moves_the_band(capacity, capability, band):
    values = {
        "h1": 3,
        "h2": 2,
        "h3": 2,
        "likelihood": 3,
        "confidence": 3,
        "capacity": capacity,
        "capability": capability,
    }
    assert rules.score_issue("morile", CONFIG, MORILE, values).band == band


def test_morile_needs_a_likelihood():
    outcome = rules.score_issue("morile", CONFIG, MORILE, {"h1": 4, "likelihood": None})
    assert outcome.total is None and outcome.qualifier == "Likelihood not known"


def test_grid_grade_is_impact_times_likelihood():
    grid = [
        CriterionSpec("impact", "Impact", group="impact", scale_min=1, scale_max=4),
        CriterionSpec("likelihood", "Likelihood", group="likelihood", scale_min=1, scale_max=4),
    ]
    config = {"bands": [{"min": 1, "label": "Low"}, {"min": 9, "label": "High"}]}
    outcome = rules.score_issue("grid", config, grid, {"impact": 3, "likelihood": 4})
    assert (outcome.total, outcome.maximum, outcome.band) == (12, 16, "High")


def test_spread_flags_a_range_at_or_above_the_rule():
    assert rules.spread([1, 4, 2], 3).divergent
    assert not rules.spread([1, 3, 2], 3).divergent
    assert rules.spread([None, 2], 3) == rules.Spread(2, 2, 2, 1, False)
    assert rules.spread([None], 3).count == 0


def test_the_suggestion_is_the_median_with_halves_rounded_up():
    assert rules.suggested_value([1, 2, 4, 5]) == 3  # median 3.0
    assert rules.suggested_value([2, 3]) == 3  # median 2.5
    assert rules.suggested_value([None, None]) is None


def test_ranking_orders_by_total_then_scorers_median_then_title():
    ranked = rules.rank_issues(
        [(1, "Burglary", 50, 40), (2, "Arson", 50, 45), (3, "Zebra", 60, 1), (4, "Alpha", 50, 45)],
        "top_n",
        2,
    )
    assert [r.issue_id for r in ranked] == [3, 4, 2, 1]
    assert [r.rank for r in ranked] == [1, 2, 2, 4]
    assert [r.above_line for r in ranked] == [True, True, True, False]


def test_a_minimum_score_threshold():
    ranked = rules.rank_issues([(1, "A", 50, 0), (2, "B", 49, 0)], "min_score", 50)
    assert [r.above_line for r in ranked] == [True, False]


def test_rank_ranges_show_how_one_partner_can_move_an_issue():
    criteria = [CriterionSpec("x", "X")]
    values = {
        1: {"Police": {"x": 5}, "Council": {"x": 1}, "Fire": {"x": 3}},
        2: {"Police": {"x": 2}, "Council": {"x": 2}, "Fire": {"x": 2}},
        3: {"Police": {"x": 4}, "Council": {"x": 4}, "Fire": {"x": 4}},
    }
    ranges = rules.rank_ranges(values, criteria)
    assert ranges[3] == (1, 1)  # robustly top whoever is left out
    # Without the council it ties for top; without the police it ties with issue 2.
    assert ranges[1] == (1, 2)
    assert ranges[2] == (2, 3)


def test_two_scorers_from_one_agency_are_left_out_together():
    criteria = [CriterionSpec("x", "X")]
    values = {
        1: {"a1": {"x": 5}, "a2": {"x": 5}, "b": {"x": 1}},
        2: {"a1": {"x": 2}, "a2": {"x": 2}, "b": {"x": 4}},
    }
    partner_of = {"a1": "Police", "a2": "Police", "b": "Council"}
    ranges = rules.rank_ranges(values, criteria, partner_of=partner_of)
    # With everyone in, issue 1 leads (median 5); without the police, issue 2 does.
    assert ranges == {1: (1, 2), 2: (1, 2)}


def test_matrix_settings_default_to_nothing():
    settings = rules.MatrixSettings.parse({})
    assert settings == rules.MatrixSettings() == rules.MatrixSettings.parse(None)
    assert settings.bands == () and settings.confidence_label(2) == "Confidence 2"


def test_matrix_settings_keep_bands_in_order_and_read_labels_by_text():
    settings = rules.MatrixSettings.parse(
        {
            "bands": [{"min": 9, "label": "High"}, {"min": 1, "label": "Low"}],
            "position_shift": [{"max": 2, "shift": 1, "reason": "Limited"}],
            "confidence_labels": {3: "High confidence"},
        }
    )
    assert [band.label for band in settings.bands] == ["Low", "High"]
    assert settings.band_index(12) == 1 and settings.band_index(0) == 0
    assert settings.position_shift[0].applies(2) and not settings.position_shift[0].applies(3)
    assert settings.confidence_label(3) == "High confidence"


@pytest.mark.parametrize(
    "config",
    [
        {"bands": [{"label": "Low"}]},
        {"position_shift": [{"shift": 1}]},
        {"band": []},
        ["not", "a", "mapping"],
    ],
)
def test_matrix_settings_refuse_a_config_they_cannot_read(config):
    with pytest.raises(ValueError):
        rules.MatrixSettings.parse(config)


def test_a_score_with_typed_settings_matches_one_with_the_raw_config():
    grid = [
        CriterionSpec("impact", "Impact", group="impact", scale_min=1, scale_max=4),
        CriterionSpec("likelihood", "Likelihood", group="likelihood", scale_min=1, scale_max=4),
    ]
    config = {"bands": [{"min": 1, "label": "Low"}, {"min": 9, "label": "High"}]}
    values = {"impact": 2, "likelihood": 2}
    typed = rules.score_issue("grid", rules.MatrixSettings.parse(config), grid, values)
    assert typed == rules.score_issue("grid", config, grid, values)
    assert typed.band == "Low"


# Guard rails --------------------------------------------------------------------------


def test_closing_before_the_deadline_is_early_by_the_days_left():
    from datetime import date

    check = rules.close_check(
        today=date(2026, 10, 12), deadline=date(2026, 10, 24), outstanding=["Mark Reed"]
    )
    assert check.days_early == 12
    assert check.outstanding == ("Mark Reed",)
    assert check.needs_confirmation


def test_closing_on_the_deadline_day_is_early_the_day_belongs_to_the_scorers():
    from datetime import date

    on_the_day = rules.close_check(
        today=date(2026, 10, 24), deadline=date(2026, 10, 24), outstanding=[]
    )
    assert on_the_day.deadline_today and on_the_day.needs_confirmation
    assert on_the_day.days_early == 0


def test_closing_after_the_deadline_with_every_sheet_in_needs_no_confirmation():
    from datetime import date

    day_after = rules.close_check(
        today=date(2026, 10, 25), deadline=date(2026, 10, 24), outstanding=[]
    )
    late = rules.close_check(today=date(2026, 11, 1), deadline=date(2026, 10, 24), outstanding=[])
    assert not day_after.needs_confirmation and not late.needs_confirmation
    assert late.days_early == 0 and not late.deadline_today


def test_a_sheet_out_needs_confirmation_even_after_the_deadline():
    from datetime import date

    check = rules.close_check(
        today=date(2026, 11, 1), deadline=date(2026, 10, 24), outstanding=["Mark", "Jo"]
    )
    assert check.needs_confirmation
    assert check.outstanding == ("Jo", "Mark")


def test_an_issue_needs_moderation_while_a_divergent_criterion_is_not_agreed():
    assert rules.needs_moderation([True, False], [False, False])
    assert not rules.needs_moderation([True, False], [True, False])
    assert not rules.needs_moderation([False, False], [False, False])
    assert rules.needs_moderation([True, True], [True, False])


def test_a_54_54_tie_on_the_threshold_is_flagged_with_both_issues():
    ranked = rules.rank_issues(
        [(1, "Burglary", 60, 60), (2, "Domestic abuse", 54, 54), (3, "ASB", 54, 52.5)],
        "top_n",
        2,
    )
    assert [r.above_line for r in ranked] == [True, True, False]
    [tie] = rules.ties_across_threshold(ranked)
    assert tie.total == 54
    assert [r.title for r in tie.inside] == ["Domestic abuse"]
    assert [r.title for r in tie.outside] == ["ASB"]
    assert tie.describe() == (
        "“Domestic abuse” and “ASB” both total 54. Only “Domestic abuse” is inside the "
        "threshold: the tie-break decided it."
    )


def test_a_tie_wholly_inside_or_outside_the_cut_is_not_flagged():
    inside = rules.rank_issues([(1, "A", 54, 54), (2, "B", 54, 54), (3, "C", 40, 40)], "top_n", 2)
    outside = rules.rank_issues([(1, "A", 60, 60), (2, "B", 54, 54), (3, "C", 54, 50)], "top_n", 1)
    by_score = rules.rank_issues([(1, "A", 54, 54), (2, "B", 54, 50)], "min_score", 54)
    assert rules.ties_across_threshold(inside) == []
    assert rules.ties_across_threshold(outside) == []
    assert rules.ties_across_threshold(by_score) == []


def test_a_three_way_tie_names_every_issue():
    ranked = rules.rank_issues([(1, "A", 54, 56), (2, "B", 54, 55), (3, "C", 54, 50)], "top_n", 1)
    [tie] = rules.ties_across_threshold(ranked)
    assert tie.titles == ("A", "B", "C")
    assert tie.describe().startswith("“A”, “B” and “C” all total 54. Only “A” is inside")


def test_an_agreed_value_stands_when_a_partner_is_left_out():
    criteria = [CriterionSpec("x", "X")]
    values = {
        1: {"Police": {"x": 1}, "Council": {"x": 1}},
        2: {"Police": {"x": 3}, "Council": {"x": 3}},
    }
    # Moderated up to 5, issue 1 tops the ranking; no partner's 1 can pull it down.
    assert rules.rank_ranges(values, criteria, agreed={1: {"x": 5}}) == {1: (1, 1), 2: (2, 2)}
    assert rules.rank_ranges(values, criteria) == {1: (2, 2), 2: (1, 1)}


def test_rank_ranges_break_ties_as_the_ranking_does():
    criteria = [CriterionSpec("x", "X"), CriterionSpec("y", "Y")]
    values = {
        # Medians 3 and 3, total 6; the scorers' own totals 5, 6 and 5 (median 5).
        1: {"a": {"x": 5, "y": 0}, "b": {"x": 3, "y": 3}, "c": {"x": 0, "y": 5}},
        # Total 6 and scorers' totals 6: ahead of issue 1 on the tie-break.
        2: {"a": {"x": 3, "y": 3}, "b": {"x": 3, "y": 3}, "c": {"x": 3, "y": 3}},
    }
    ranked = rules.rank_issues([(1, "A", 6, 5), (2, "B", 6, 6)], "rank", 1)
    assert [(r.issue_id, r.rank) for r in ranked] == [(2, 1), (1, 2)]
    # Whoever is left out, issue 1 totals 6 with a lower median of scorers' totals: it
    # read "1 to 2", as if the tie were shared.
    assert rules.rank_ranges(values, criteria) == {1: (2, 2), 2: (1, 1)}
    assert rules.median_scorer_total(values[1], criteria) == 5


def test_rank_ranges_round_halves_up_as_the_suggested_value_does():
    criteria = [CriterionSpec("x", "X")]
    # Issue 1's median is 4.5, taken as 5 in the ranking: level with issue 2, and
    # behind it on the tie-break (its scorers' totals have the median 4.5). Without a's
    # 4 it shares the top; without b's 5 it totals 4.
    values = {1: {"a": {"x": 4}, "b": {"x": 5}}, 2: {"a": {"x": 5}, "b": {"x": 5}}}
    assert rules.consensus_totals(values, criteria) == {1: (5, 4.5), 2: (5, 5)}
    assert rules.consensus_totals(values, criteria, leave_out="a") == {1: (5, 5), 2: (5, 5)}
    assert rules.rank_ranges(values, criteria) == {1: (1, 2), 2: (1, 1)}


def test_rank_ranges_include_issues_nobody_scored():
    criteria = [CriterionSpec("x", "X")]
    values = {1: {"a": {"x": 2}, "b": {"x": 4}}}
    ranges = rules.rank_ranges(values, criteria, agreed={3: {"x": 5}}, issue_ids=[1, 2, 3])
    # Issue 3 is agreed without scores, issue 2 has neither and comes last.
    assert ranges == {3: (1, 1), 1: (2, 2), 2: (3, 3)}
