"""Suggested scores in the score sheet: the grid marks the data-driven cells of issues
linked to crime types and embeds the suggestion for the descriptor box; the per-issue
page shows it with its evidence and rule, and the scorer accepts or overrides it."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from analysis import services as analysis_services
from cycles.services import save_issue
from scoring import services
from scoring.grid import cell_name
from scoring.models import Score, ScoreSheet
from tests.analysis.conftest import BEDS_2016, BEDS_2017, extract


@pytest.fixture
def police_counts(partnership, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    upload = analysis_services.start_upload(
        dataset=analysis_services.police_dataset(partnership=partnership),
        uploaded_by=None,
        files=[(name, extract(name)) for name in (BEDS_2016, BEDS_2017)],
        enqueue=False,
    )
    analysis_services.run_import(upload_id=upload.pk)


@pytest.fixture
def asb(issues, police_counts):
    issue = next(i for i in issues if i.title == "Anti-social behaviour")
    analysis_services.set_issue_crime_types(issue=issue, crime_types=["Anti-social behaviour"])
    return issue


def _criterion(round_, key):
    return round_.matrix.criteria.get(key=key)


def _sheet_url(round_):
    return reverse("scoring:sheet", kwargs={"slug": "central-bedfordshire", "round_id": round_.pk})


def _issue_url(round_, issue):
    return reverse(
        "scoring:sheet_issue",
        kwargs={"slug": "central-bedfordshire", "round_id": round_.pk, "issue_id": issue.pk},
    )


def _embedded(page):
    found = re.search(r'<script id="descriptors" type="application/json">(.*?)</script>', page)
    return json.loads(found.group(1))


def test_the_grid_marks_suggested_cells_and_embeds_the_suggestion(
    client_as, cast, open_round, asb, issues
):
    page = client_as(cast["theme_specialist"]).get(_sheet_url(open_round)).content.decode()
    demand = _criterion(open_round, "proportion_of_demand")
    key = cell_name(asb.pk, demand.pk)
    assert f'aria-describedby="{key}-s"' in page
    assert f'id="{key}-s">Suggestion from the crime data: 5</span>' in page
    # Demand, deteriorating performance; risk of increase has too little data to mark.
    assert page.count('class="badge text-bg-dark ms-1 suggestion-mark"') == 2
    suggestion = _embedded(page)["suggestions"][key]
    assert suggestion["value"] == 5
    assert suggestion["evidence"].startswith("Anti-social behaviour: 43 of 142")
    assert "5 from 20.0%" in suggestion["rule"]
    risk = _criterion(open_round, "risk_of_increase")
    assert _embedded(page)["suggestions"][cell_name(asb.pk, risk.pk)]["value"] is None


def test_an_issue_with_no_crime_types_shows_no_suggestion(client_as, cast, open_round, asb, issues):
    other = next(i for i in issues if i.title == "Domestic abuse")
    client = client_as(cast["theme_specialist"])
    page = client.get(_sheet_url(open_round)).content.decode()
    assert not [k for k in _embedded(page)["suggestions"] if k.startswith(f"c{other.pk}_")]
    assert f"c{other.pk}_" in page and f'id="c{other.pk}_' in page
    assert f'aria-describedby="c{other.pk}_' not in page
    issue_page = client.get(_issue_url(open_round, other)).content.decode()
    assert "Suggested from the crime data" not in issue_page
    assert "Use the suggested score" not in issue_page


def test_the_issue_page_shows_the_suggestion_with_its_evidence_and_rule(
    client_as, cast, open_round, asb
):
    page = client_as(cast["theme_specialist"]).get(_issue_url(open_round, asb)).content.decode()
    assert "Suggested from the crime data: 5</strong> (Over 20%)." in page
    assert "Evidence: Anti-social behaviour: 43 of 142 recorded crimes" in page
    assert "Rule: Score by share of all recorded crime" in page
    assert page.count('name="accept"') == 2  # demand and deteriorating; risk has no value
    assert "No suggestion from the crime data." in page


def _form(round_, criteria, **values):
    data = {f"value-{c.pk}": "" for c in criteria}
    data.update({f"note-{c.pk}": "" for c in criteria})
    data.update(values)
    return data


def test_the_scorer_accepts_a_suggestion(client_as, cast, open_round, asb):
    criteria = list(open_round.matrix.criteria.all())
    demand = _criterion(open_round, "proportion_of_demand")
    gap = _criterion(open_round, "gap_in_picture")
    client = client_as(cast["theme_specialist"])
    response = client.post(
        _issue_url(open_round, asb),
        _form(open_round, criteria, **{f"value-{gap.pk}": "3", "accept": str(demand.pk)}),
    )
    assert response.status_code == 302
    assert response["Location"] == _issue_url(open_round, asb)
    jo_sheet = ScoreSheet.objects.get(round=open_round, scorer__user=cast["theme_specialist"])
    values = dict(
        Score.objects.filter(sheet=jo_sheet, issue=asb).values_list("criterion__key", "value")
    )
    assert values["proportion_of_demand"] == 5
    assert values["gap_in_picture"] == 3  # the rest of the form is saved with it
    page = client.get(_issue_url(open_round, asb)).content.decode()
    assert "Suggested score 5 used for Proportion of total demand (volume)." in page


def test_the_scorer_overrides_a_suggestion(client_as, cast, open_round, asb):
    criteria = list(open_round.matrix.criteria.all())
    demand = _criterion(open_round, "proportion_of_demand")
    client = client_as(cast["theme_specialist"])
    response = client.post(
        _issue_url(open_round, asb), _form(open_round, criteria, **{f"value-{demand.pk}": "2"})
    )
    assert response.status_code == 302
    score = Score.objects.get(
        sheet__scorer__user=cast["theme_specialist"], issue=asb, criterion=demand
    )
    assert score.value == 2
    page = client.get(_issue_url(open_round, asb)).content.decode()
    assert "Suggested from the crime data: 5</strong> (Over 20%). Your score differs." in page


def test_a_suggestion_without_a_value_cannot_be_accepted(client_as, cast, open_round, asb):
    criteria = list(open_round.matrix.criteria.all())
    risk = _criterion(open_round, "risk_of_increase")
    client_as(cast["theme_specialist"]).post(
        _issue_url(open_round, asb), _form(open_round, criteria, accept=str(risk.pk))
    )
    assert not Score.objects.filter(criterion=risk, value__isnull=False).exists()


@pytest.mark.parametrize("issue_count", [4, 40])
def test_the_grid_with_suggestions_costs_the_same_queries_for_4_or_40_issues(
    client_as, cast, open_round, asb, scorer_of, issue_count
):
    jo = scorer_of(cast["theme_specialist"])
    for i in range(issue_count - 4):
        issue = save_issue(year=open_round.year, title=f"Issue {i}")
        open_round.issues.add(issue)
        services.assign_scorers(round_=open_round, issue=issue, scorers=[jo])
        analysis_services.set_issue_crime_types(issue=issue, crime_types=["Drugs"])
    client = client_as(cast["theme_specialist"])
    client.get(_sheet_url(open_round))
    with CaptureQueriesContext(connection) as queries:
        page = client.get(_sheet_url(open_round)).content.decode()
    assert page.count("suggestion-mark") == 2 * (issue_count - 3)
    assert len(queries) <= 18  # as the grid without suggestions: test_sheet.py
