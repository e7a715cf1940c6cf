"""Reports fixtures: a full assessment for the 2026-27 year, and a little crime data, so
the report's analysis has months to show. A module needing another report defines its own."""

from datetime import date

import pytest

from analysis.models import Dataset, MonthlyCount
from analysis.rules import add_months
from cycles.services import create_cycle_from_template
from partnerships.models import District
from reports import services
from reports.models import Report

FIRST_MONTH = date(2018, 1, 1)
LAST_MONTH = date(2019, 3, 1)


@pytest.fixture
def crime_data(partnership):
    """Police data for January 2018 to March 2019, two categories, one district;
    each month's count is its position, so any window's total is easy to work out."""
    district = partnership.districts.first() or District.objects.create(
        partnership=partnership, name="Central Bedfordshire", code="E06000056"
    )
    dataset = Dataset.objects.create(
        partnership=partnership, kind=Dataset.Kind.POLICE_STREET, name="Police recorded crime"
    )
    month, n = FIRST_MONTH, 1
    rows = []
    while month <= LAST_MONTH:
        for category in ("Burglary", "Vehicle crime"):
            rows.append(
                MonthlyCount(
                    dataset=dataset, district=district, month=month, category=category, count=n
                )
            )
        month, n = add_months(month, 1), n + 1
    MonthlyCount.objects.bulk_create(rows)
    return dataset


@pytest.fixture
def report(partnership, cast):
    year = create_cycle_from_template(
        partnership=partnership, template_key="annual", start_year=2026
    ).years.get()
    return services.create_report(year=year, kind=Report.Kind.FULL, authors="Sam Taylor")
