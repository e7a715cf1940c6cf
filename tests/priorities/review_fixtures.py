"""The six-month review's shared fixtures: police counts in which vehicle crime triples
after the assessment's data ends, the empty review, the written one and a board agenda
item today. The review modules request them by name."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from analysis.models import MonthlyCount
from analysis.rules import add_months
from analysis.services import police_dataset, set_issue_crime_types
from priorities.review_services import save_review
from priorities.services.meetings import add_item, create_meeting

SLUG = "central-bedfordshire"
ASSESSMENT_ENDS = date(2026, 3, 1)


@pytest.fixture
def police_counts(partnership, issues):
    """April 2025 to June 2026. Vehicle crime triples after the assessment's data ends
    in March 2026; burglary stays level. Re-offending is linked to burglary."""
    dataset = police_dataset(partnership=partnership)
    district = partnership.districts.get()
    rows, month = [], date(2025, 4, 1)
    while month <= date(2026, 6, 1):
        vehicles = 30 if month > ASSESSMENT_ENDS else 10
        rows += [
            MonthlyCount(dataset=dataset, district=district, month=month, category=c, count=n)
            for c, n in (("Vehicle crime", vehicles), ("Burglary", 20))
        ]
        month = add_months(month, 1)
    MonthlyCount.objects.bulk_create(rows)
    set_issue_crime_types(issue=issues[3], crime_types=["Vehicle crime"])
    set_issue_crime_types(issue=issues[1], crime_types=["Burglary"])
    return dataset


@pytest.fixture
def review(agreed, police_counts):
    return save_review(year=agreed.year, data_to=ASSESSMENT_ENDS, data_summary="", verdicts={})


@pytest.fixture
def written(review, agreed):
    return save_review(
        year=agreed.year,
        data_to=ASSESSMENT_ENDS,
        data_summary="Vehicle crime has tripled since March.",
        verdicts={agreed.pk: ("holds", "Repeat victims are still falling slowly.")},
    )


@pytest.fixture
def board_item_today(partnership):
    meeting = create_meeting(partnership=partnership, held_on=timezone.localdate())
    return add_item(meeting=meeting, title="Six-month review of the assessment")


def _url(name, year):
    return reverse(f"priorities:{name}", kwargs={"slug": SLUG, "year_id": year.pk})
