"""Issue 17, point 6 (the report's half): the analyst chooses the month the report's
analysis ends, from the months with data; the choice is stored on the report, used by
the PDF and the preview, shown on the report page, and a month without data is refused."""

import re
from datetime import date
from html import unescape

import pytest
from django.urls import reverse

from analysis.models import Dataset, MonthlyCount
from analysis.rules import months_between
from reports import content, period, services

SLUG = "central-bedfordshire"


def _url(report):
    return reverse("reports:period", kwargs={"slug": SLUG, "report_id": report.pk})


def test_by_default_the_report_analyses_the_twelve_months_to_the_latest_month(report, crime_data):
    chosen = period.analysis_period(report)
    assert chosen.end == date(2019, 3, 1) and not chosen.chosen
    html = services.build_html(report)
    assert "Analysis period: The 12 months from April 2018 to March 2019" in html
    assert "Police recorded crime: April 2018 to March 2019" in html


def test_the_analyst_chooses_the_period_and_the_report_uses_it(client_as, cast, report, crime_data):
    client = client_as(cast["analyst"])
    page = client.get(report.get_absolute_url()).content.decode()
    assert '<option value="2018-12">December 2018</option>' in page
    assert "The latest month with data (March 2019)" in page

    response = client.post(_url(report), {"end": "2018-12"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.analysis_end == date(2018, 12, 1)

    page = client.get(report.get_absolute_url()).content.decode()
    assert "Analysis period saved: the 12 months from January to December 2018." in page
    assert "The 12 months from January to December 2018, as chosen." in page

    html = services.build_html(report)
    assert "Analysis period: The 12 months from January to December 2018" in html
    assert "Police recorded crime: January to December 2018" in html
    assert "March 2019" not in html.split("Police recorded crime: ", 1)[1][:40]
    # The preview beside the editor prints the same period.
    preview = content.section_html(report.sections.get(key="analysis"))
    assert "January to December 2018" in preview


def test_choosing_the_latest_again_clears_the_choice(client_as, cast, report, crime_data):
    services.set_analysis_period(report=report, end=date(2018, 12, 1))
    response = client_as(cast["analyst"]).post(_url(report), {"end": ""})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.analysis_end is None


def test_a_month_without_data_is_refused(client_as, cast, report, crime_data):
    response = client_as(cast["analyst"]).post(_url(report), {"end": "2020-05"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "May 2020 has no crime or partner data." in page
    assert "the latest is March 2019" in page
    report.refresh_from_db()
    assert report.analysis_end is None


def test_a_month_that_is_not_a_month_is_refused(client_as, cast, report, crime_data):
    response = client_as(cast["analyst"]).post(_url(report), {"end": "last week"})
    assert response.status_code == 400
    assert "Choose a month from the list." in response.content.decode()
    report.refresh_from_db()
    assert report.analysis_end is None


def test_without_any_data_there_is_no_month_to_choose(report):
    with pytest.raises(Exception, match="no month to choose"):
        services.set_analysis_period(report=report, end=date(2019, 3, 1))


@pytest.mark.parametrize(
    "role,status",
    [("admin", 302), ("analyst", 302), ("theme_specialist", 403), ("board_member", 403)],
)
def test_who_may_choose_the_period(client_as, cast, report, crime_data, role, status):
    response = client_as(cast[role]).post(_url(report), {"end": "2018-12"})
    assert response.status_code == status
    report.refresh_from_db()
    assert (report.analysis_end is not None) is (status == 302)


def test_another_partnership_gets_404_for_the_period(client_as, cast, report, crime_data):
    response = client_as(cast["outsider"]).post(_url(report), {"end": "2018-12"})
    assert response.status_code == 404
    report.refresh_from_db()
    assert report.analysis_end is None


def test_a_period_with_months_missing_says_how_many_have_data(client_as, cast, report, crime_data):
    first = period.months_with_data(report.year.cycle.partnership)[0]
    services.set_analysis_period(report=report, end=first)
    report.refresh_from_db()
    chosen = period.analysis_period(report)
    assert chosen.with_data == 1
    assert chosen.description.endswith("(1 of them has data)")
    page = client_as(cast["board_member"]).get(report.get_absolute_url()).content.decode()
    assert "(1 of them has data), as chosen." in page
    assert "(1 of them has data)" in services.build_html(report)


def _partner_data(partnership, first, last):
    dataset = Dataset.objects.create(
        partnership=partnership, kind=Dataset.Kind.PARTNER, name="Fire service deliberate fires"
    )
    district = partnership.districts.first()
    MonthlyCount.objects.bulk_create(
        MonthlyCount(
            dataset=dataset, district=district, month=month, category="Deliberate fires", count=5
        )
        for month in months_between(first, last)
    )


def _text(html):
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def test_every_dataset_is_analysed_over_the_period_the_front_page_states(
    partnership, report, crime_data
):
    # Police data runs to March 2019, the fire service's to December 2018. Before, the
    # fire figures were for January to December 2018, partly outside the period stated.
    _partner_data(partnership, date(2018, 1, 1), date(2018, 12, 1))
    text = _text(services.build_html(report))
    assert "Analysis period: The 12 months from April 2018 to March 2019" in text
    assert "Fire service deliberate fires: April to December 2018" in text
    assert "Fire service deliberate fires 45 recorded in April to December 2018" in text
    assert "recorded in January to December 2018" not in text


def test_a_dataset_with_no_figures_in_the_period_says_so_in_words(partnership, report, crime_data):
    _partner_data(partnership, date(2017, 1, 1), date(2017, 12, 1))
    text = _text(services.build_html(report))
    assert "Analysis period: The 12 months from April 2018 to March 2019" in text
    assert (
        "Fire service deliberate fires No figures for the analysis period, April 2018 to "
        "March 2019: this dataset's figures are for January to December 2017, so it is not "
        "analysed here."
    ) in text
    # No table, chart or headline of zeros for it, and its 2017 figures are not shown.
    assert "Fire service deliberate fires: " not in text
    assert "Fire service deliberate fires 0" not in text
    assert "60 recorded" not in text
