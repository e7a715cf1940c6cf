"""A dataset's headline in the report says how its total moved on the months it is
compared with, as printed to one decimal place: a change that rounds to 0.0% reads
"unchanged", not "down 0.0%"."""

import re
from datetime import date

import pytest

from analysis.models import Dataset, MonthlyCount
from reports import services
from reports.models import Report


def _headline(year, partnership, now, before):
    district = partnership.districts.first()
    dataset = Dataset.objects.create(
        partnership=partnership, kind=Dataset.Kind.POLICE_STREET, name="Police recorded crime"
    )
    MonthlyCount.objects.bulk_create(
        MonthlyCount(dataset=dataset, district=district, month=month, category=c, count=n)
        for month, counts in ((date(2017, 11, 1), now), (date(2016, 11, 1), before))
        for c, n in counts.items()
    )
    html = services.build_html(services.create_report(year=year, kind=Report.Kind.FULL))
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    return re.search(r"That is [^.]*\.[^.]*\.", text).group(0)


@pytest.mark.parametrize(
    ("now", "before", "said"),
    [
        # 90 against 90, by categories that moved both ways: "down 0.0%" before.
        (
            {"Burglary": 50, "Vehicle crime": 40},
            {"Burglary": 45, "Vehicle crime": 45},
            "That is unchanged on November 2016",
        ),
        # 20,001 against 20,000 is up 0.005%, which prints as 0.0%: unchanged too.
        ({"Burglary": 20001}, {"Burglary": 20000}, "That is unchanged on November 2016"),
        ({"Burglary": 93}, {"Burglary": 90}, "That is up 3.3% on November 2016"),
        ({"Burglary": 87}, {"Burglary": 90}, "That is down 3.3% on November 2016"),
    ],
)
def test_the_headline_says_unchanged_when_the_change_rounds_to_nothing(
    year, partnership, now, before, said
):
    assert _headline(year, partnership, now, before).startswith(said)
