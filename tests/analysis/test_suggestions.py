"""Suggested scores for issues linked to crime types, from the real Bedfordshire counts:
the values, evidence and rules, issues with no link, and a fixed number of queries."""

import pytest

from analysis import services
from analysis.suggestions import DEMAND, DETERIORATING, RISK_OF_INCREASE, suggestions_for
from cycles.services import create_cycle_from_template, save_issue
from tests.analysis.conftest import BEDS_2016, BEDS_2017, extract


@pytest.fixture
def imported(import_files):
    return import_files([(BEDS_2016, extract(BEDS_2016)), (BEDS_2017, extract(BEDS_2017))])


def test_an_issue_linked_to_one_crime_type_gets_three_suggestions(year, imported):
    asb = save_issue(year=year, title="Anti-social behaviour")
    services.set_issue_crime_types(issue=asb, crime_types=["Anti-social behaviour"])
    suggested = suggestions_for(year, [asb])

    demand = suggested[asb.pk, DEMAND]
    assert demand.value == 5
    assert demand.evidence == (
        "Anti-social behaviour: 43 of 142 recorded crimes and anti-social behaviour "
        "incidents in November 2017 (30.3%)."
    )
    assert "5 from 20.0%" in demand.rule

    worse = suggested[asb.pk, DETERIORATING]
    assert worse.value == 2  # 43 against 38 is within normal variation: stable
    assert worse.evidence.startswith("Anti-social behaviour: 43 against 38 in November 2016")
    assert "within normal variation" in worse.evidence

    risk = suggested[asb.pk, RISK_OF_INCREASE]
    assert risk.value is None  # one month in a row; the trend needs six
    assert "needs 6" in risk.evidence


def test_several_crime_types_are_counted_together(year, imported):
    acquisitive = save_issue(year=year, title="Burglary and robbery")
    services.set_issue_crime_types(issue=acquisitive, crime_types=["Robbery", "Burglary"])
    demand = suggestions_for(year, [acquisitive])[acquisitive.pk, DEMAND]
    assert demand.evidence.startswith("Burglary and Robbery: 16 of 142")  # 13 + 3
    assert demand.value == 4  # 11.3%


def test_an_issue_with_no_crime_types_gets_no_suggestion(year, imported):
    linked = save_issue(year=year, title="Anti-social behaviour")
    unlinked = save_issue(year=year, title="Reducing re-offending")
    services.set_issue_crime_types(issue=linked, crime_types=["Anti-social behaviour"])
    suggested = suggestions_for(year, [linked, unlinked])
    assert {issue_id for issue_id, _ in suggested} == {linked.pk}


def test_removing_every_crime_type_removes_the_suggestions(year, imported):
    issue = save_issue(year=year, title="Anti-social behaviour")
    services.set_issue_crime_types(issue=issue, crime_types=["Anti-social behaviour"])
    services.set_issue_crime_types(issue=issue, crime_types=[])
    assert suggestions_for(year, [issue]) == {}


def test_without_police_data_there_is_nothing_to_suggest(year):
    issue = save_issue(year=year, title="Anti-social behaviour")
    services.set_issue_crime_types(issue=issue, crime_types=["Anti-social behaviour"])
    assert suggestions_for(year, [issue]) == {}


def test_data_after_the_year_ends_is_not_used(partnership, imported):
    cycle = create_cycle_from_template(
        partnership=partnership, template_key="four-year", start_year=2016
    )
    first = cycle.years.get(number=1)  # ends before November 2017
    assert first.ends_on.year == 2017 and first.ends_on.month < 11
    issue = save_issue(year=first, title="Anti-social behaviour")
    services.set_issue_crime_types(issue=issue, crime_types=["Anti-social behaviour"])
    demand = suggestions_for(first, [issue])[issue.pk, DEMAND]
    assert demand.evidence.endswith("in November 2016 (27.0%).")  # 38 of 141


def test_the_queries_do_not_grow_with_the_issues(year, imported, django_assert_num_queries):
    issues = [save_issue(year=year, title=f"Issue {i}") for i in range(30)]
    for issue in issues:
        services.set_issue_crime_types(issue=issue, crime_types=["Drugs", "Burglary"])
    with django_assert_num_queries(3):
        suggested = suggestions_for(year, issues)
    assert len(suggested) == 30 * 3


def test_an_unknown_crime_type_is_refused(year):
    from django.core.exceptions import ValidationError

    issue = save_issue(year=year, title="Cyber crime")
    with pytest.raises(ValidationError, match="no crime type called 'Cyber crime'"):
        services.set_issue_crime_types(issue=issue, crime_types=["Cyber crime"])
