"""The pure calculations: periods, change statistics, patterns and suggested scores."""

from datetime import date

import pytest

from analysis import rules


def months(*labels):
    return [date(int(label[:4]), int(label[5:]), 1) for label in labels]


def test_the_default_period_is_the_last_twelve_months_against_the_twelve_before():
    available = rules.months_between(date(2022, 1, 1), date(2024, 12, 1))
    choice = rules.choose_periods(available, end=None, length=12)
    assert (choice.current.first, choice.current.last) == (date(2024, 1, 1), date(2024, 12, 1))
    assert choice.current.is_complete
    previous = choice.previous
    assert previous.baseline_months[0] == date(2023, 1, 1)
    assert len(previous.pairs) == 12
    # With twelve-month periods the previous period is the same period a year earlier.
    assert choice.comparisons == (previous,)


def test_sparse_months_are_paired_and_only_pairs_with_data_are_compared():
    choice = rules.choose_periods(months("2016-11", "2017-11"), end=None, length=12)
    assert choice.current.months_with_data == (date(2017, 11, 1),)
    assert not choice.current.is_complete
    assert choice.previous.pairs == ((date(2017, 11, 1), date(2016, 11, 1)),)


def test_a_three_month_period_is_compared_with_the_quarter_before_and_a_year_earlier():
    available = rules.months_between(date(2023, 1, 1), date(2024, 6, 1))
    choice = rules.choose_periods(available, end=date(2024, 6, 1), length=3)
    previous, year_earlier = choice.comparisons
    assert previous.baseline_months == tuple(months("2024-01", "2024-02", "2024-03"))
    assert year_earlier.baseline_months == tuple(months("2023-04", "2023-05", "2023-06"))


def test_a_period_without_a_matching_earlier_month_has_nothing_to_compare():
    choice = rules.choose_periods(months("2024-06"), end=None, length=12)
    assert choice.previous.pairs == ()


def test_no_months_gives_no_periods():
    assert rules.choose_periods([], end=None, length=12) is None


def test_months_are_described_in_words():
    assert rules.describe_months(months("2017-11")) == "November 2017"
    assert rules.describe_months(months("2024-01", "2024-02", "2024-03")) == (
        "January to March 2024"
    )
    assert rules.describe_months(months("2016-11", "2017-11")) == (
        "November 2016 and November 2017"
    )


def test_equal_counts_are_not_flagged():
    change = rules.poisson_change(141, 142)
    assert change.absolute == -1
    assert not change.significant
    assert change.verdict == "Within normal variation"


def test_a_doubling_of_a_large_count_is_flagged_as_unlikely_to_be_chance():
    change = rules.poisson_change(200, 100)
    assert change.percent == pytest.approx(100)
    assert change.p_value < 0.001
    assert change.verdict == "Increase unlikely to be chance"


def test_the_exact_test_matches_hand_worked_binomial_tails():
    # 10 against 2: P(X >= 10 or X <= 2 | n=12, p=1/2) = 2 * 79 / 4096.
    assert rules.poisson_change(10, 2).p_value == pytest.approx(2 * 79 / 4096)
    assert rules.poisson_change(10, 2).significant
    # 7 against 3 is within normal variation: p = 2 * 176 / 1024.
    assert rules.poisson_change(7, 3).p_value == pytest.approx(2 * 176 / 1024)


def test_the_normal_approximation_agrees_with_the_exact_test_at_the_switch():
    exact = rules._binomial_two_sided_p(1050, 2100)
    approximate = rules.poisson_change(1050 + 1, 1050 - 1 + 0)  # n = 2100 > limit
    assert approximate.p_value == pytest.approx(exact, abs=0.02)


def test_a_fall_from_zero_to_zero_has_no_percentage():
    assert rules.poisson_change(3, 0).percent is None
    assert rules.poisson_change(0, 0).p_value == 1.0


def test_concentration_counts_areas_with_no_events_in_the_ten_per_cent():
    result = rules.concentration([50, 20, 10, 10, 5, 5], areas=20)
    assert result.top_areas == 2
    assert result.top_share == pytest.approx(70 / 100)


def test_seasonality_averages_each_calendar_month():
    seasons = rules.seasonality({date(2022, 1, 1): 10, date(2023, 1, 1): 20, date(2023, 7, 1): 45})
    assert [(s.calendar_month, s.average, s.years) for s in seasons] == [(1, 15, 2), (7, 45, 1)]
    assert seasons[1].index == pytest.approx(45 / 30)


def test_rates_are_per_thousand_residents():
    assert rules.rate_per_thousand(588, 294200) == pytest.approx(1.998, abs=0.001)
    assert rules.rate_per_thousand(5, None) is None


def test_a_large_share_of_demand_scores_five_and_says_why():
    score = rules.suggest_demand_score(
        category="Anti-social behaviour", count=43, total=142, months="November 2017"
    )
    assert score.value == 5
    assert "43 of 142" in score.evidence and "30.3%" in score.evidence
    assert "5 from 20.0%" in score.rule


@pytest.mark.parametrize(
    "count,total,expected", [(1, 142, 1), (5, 142, 2), (13, 142, 3), (27, 142, 4), (0, 142, 0)]
)
def test_demand_scores_follow_the_bands(count, total, expected):
    score = rules.suggest_demand_score(category="X", count=count, total=total, months="m")
    assert score.value == expected


def test_no_events_at_all_gives_no_demand_score():
    assert rules.suggest_demand_score(category="X", count=0, total=0, months="m").value is None


def test_deterioration_bands_follow_the_matrix_descriptors():
    def score(current, baseline):
        change = rules.poisson_change(current, baseline)
        return rules.suggest_deterioration_score(category="B", change=change, compared="x").value

    assert score(160, 100) == 5  # +60%, unlikely to be chance: much worse
    assert score(260, 200) == 5  # +30%
    assert score(2300, 2000) == 4  # +15%
    assert score(2150, 2000) == 3  # +7.5%, p < 0.05: slightly worse
    # +30% on small numbers is within normal variation: stable.
    assert not rules.poisson_change(13, 10).significant
    assert score(13, 10) == 2
    assert score(10, 13) == 2
    assert score(50, 100) == 0  # a fall of half, unlikely to be chance: improving clearly
    assert score(1850, 2000) == 1  # -7.5%: improving slightly


def test_deterioration_evidence_states_the_counts_and_the_test():
    score = rules.suggest_deterioration_score(
        category="Burglary", change=rules.poisson_change(13, 23), compared="November 2016"
    )
    assert score.evidence.startswith("Burglary: 13 against 23 in November 2016")
    assert "p = 0.132" in score.evidence
    assert "Poisson" in score.rule


def test_a_steady_rise_scores_for_risk_of_increase():
    rising = [100 + 5 * i for i in range(12)]  # +55 over a mean of 127.5: +43%
    score = rules.suggest_risk_of_increase_score(category="Drugs", series=rising, months="2024")
    assert score.value == 5
    flat = [100] * 12
    assert rules.suggest_risk_of_increase_score(category="D", series=flat, months="m").value == 1
    falling = [200 - 5 * i for i in range(12)]
    assert rules.suggest_risk_of_increase_score(category="D", series=falling, months="m").value == 0
    gentle = [100 + i for i in range(12)]  # +11 over 105.5: about +10.4%
    assert rules.suggest_risk_of_increase_score(category="D", series=gentle, months="m").value == 3


def test_too_few_months_gives_no_risk_score():
    score = rules.suggest_risk_of_increase_score(category="D", series=[1, 2, 3], months="m")
    assert score.value is None
    assert "needs 6" in score.evidence
    one = rules.suggest_risk_of_increase_score(category="D", series=[4], months="m")
    assert one.evidence == "D: 1 consecutive month of data; the rule needs 6."
    assert "3 consecutive months of data" in score.evidence


def test_nothing_recorded_says_so_and_suggests_no_risk_score():
    score = rules.suggest_risk_of_increase_score(
        category="Bicycle theft", series=[0] * 12, months="April 2018 to March 2019"
    )
    # It said "12 consecutive month(s) of data; the rule needs 6": enough data, refused.
    assert score.evidence == (
        "Bicycle theft: none recorded in the 12 months April 2018 to March 2019, so there is "
        "no trend to score."
    )
    # No trend to measure against an average of nothing, and a crime type the data may
    # not hold is not called unlikely to grow: the scorer judges, as for deterioration.
    assert score.value is None
    assert (
        rules.suggest_deterioration_score(
            category="Bicycle theft", change=rules.poisson_change(0, 0), compared="2017"
        ).value
        is None
    )
    # One crime in the window is a trend: it scores.
    assert (
        rules.suggest_risk_of_increase_score(
            category="Bicycle theft", series=[0] * 11 + [1], months="m"
        ).value
        == 5
    )


def test_every_rule_states_its_thresholds_in_one_place():
    assert set(rules.SCORE_RULES) == {
        "proportion_of_total_demand",
        "performance_deteriorating",
        "risk_of_increase",
    }
    for rule in rules.SCORE_RULES.values():
        assert rule["bands"] == sorted(rule["bands"], reverse=True)
