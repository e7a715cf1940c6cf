"""The analysis page: levels, patterns and changes for the partnership and per district,
the exports, and a query count that does not grow with the months stored."""

import base64
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from partnerships.models import District
from tests.analysis.conftest import BEDS_2016, BEDS_2017, extract, month_file

ATTRIBUTION = "Contains public sector information licensed under the Open Government Licence v3.0"


@pytest.fixture
def dataset_id(import_files):
    return import_files(
        [(BEDS_2016, extract(BEDS_2016)), (BEDS_2017, extract(BEDS_2017))]
    ).dataset_id


def _page(client, dataset_id, **params):
    url = reverse(
        "analysis:dataset", kwargs={"slug": "central-bedfordshire", "dataset_id": dataset_id}
    )
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def _text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_default_period_says_which_sparse_months_it_compares(client_as, cast, dataset_id):
    text = _text(_page(client_as(cast["board_member"]), dataset_id))
    assert "This period: 12 months to November 2017. 1 of them has data: November 2017." in text
    assert (
        "November 2017 compared with November 2016, the only months with data on both sides" in text
    )


def test_the_change_table_shows_counts_change_and_the_poisson_verdict(client_as, cast, dataset_id):
    text = _text(_page(client_as(cast["analyst"]), dataset_id))
    assert "Burglary 13 23 -10 -43.5% 0.132 Within normal variation" in text
    assert (
        "All crime and anti-social behaviour 142 141 +1 +0.7% 1.000 Within normal variation" in text
    )
    assert "conditional test" in text  # the method is stated


def test_levels_give_counts_shares_and_rates_per_thousand(client_as, cast, dataset_id):
    text = _text(_page(client_as(cast["theme_specialist"]), dataset_id))
    # 43 of 142 is 30.3%; 142 per 294,200 residents is 0.48 per 1,000.
    assert "Anti-social behaviour 43 30.3% 0.15 43.0" in text
    assert "All crime and anti-social behaviour 142 100.0% 0.48 142.0" in text


def test_hotspots_and_concentration_come_from_the_lsoa_detail(client_as, cast, dataset_id):
    text = _text(_page(client_as(cast["board_member"]), dataset_id))
    assert "The busiest 10% of LSOAs (3 of 28) hold 53.5% of the count." in text
    assert "1 Central Bedfordshire 030C E01017594 Central Bedfordshire 31 21.8%" in text


def test_the_page_shows_charts_with_text_alternatives_and_the_attribution(
    client_as, cast, dataset_id
):
    html = _page(client_as(cast["board_member"]), dataset_id)
    images = re.findall(
        r'<img class="chart" src="data:image/svg\+xml;base64,([^"]+)" alt="([^"]+)"', html
    )
    assert len(images) >= 3
    alts = [alt for _, alt in images]
    assert any(
        alt.startswith(
            "Bar chart of each category, November 2017 compared with November 2016, "
            "November 2017 against November 2016: "
        )
        and "Burglary 13 against 23" in alt
        for alt in alts
    )
    assert html.count("<figcaption") >= 3
    drawn = [base64.b64decode(data).decode() for data, _ in images]
    assert any("Burglary" in svg and ">23<" in svg for svg in drawn)  # the drawn figures
    assert ATTRIBUTION in html


def test_an_earlier_end_month_has_nothing_to_compare_with(client_as, cast, dataset_id):
    text = _text(_page(client_as(cast["board_member"]), dataset_id, end="2016-11", length=3))
    assert "no month of the previous period has data" in text


def test_a_district_is_analysed_on_its_own(client_as, cast, partnership, dataset_id):
    District.objects.create(
        partnership=partnership, name="Luton", code="E06000032", population=225300
    )
    client = client_as(cast["admin"])
    # Luton joined after the import, so it has no counts yet; the whole area still shows.
    assert "There is no data for this area yet." in _page(client, dataset_id, area="E06000032")
    text = _text(_page(client, dataset_id, area="E06000056"))
    assert "Police recorded crime and anti-social behaviour: Central Bedfordshire" in text
    whole = _text(_page(client, dataset_id))
    assert "By district" in whole and "Luton 0" in whole


def test_the_tab_title_names_the_partnership_once(client_as, cast, partnership, dataset_id):
    District.objects.create(
        partnership=partnership, name="Luton", code="E06000032", population=225300
    )
    client = client_as(cast["analyst"])

    def title(**params):
        return re.search(r"<title>(.*?)</title>", _page(client, dataset_id, **params)).group(1)

    # The whole area is the partnership: named once. A district: the partnership follows.
    assert title().count(partnership.name) == 1
    assert title(area="E06000032").endswith(f": Luton – {partnership.name}")


def test_the_changes_export_as_csv_carries_the_method_and_attribution(client_as, cast, dataset_id):
    url = reverse(
        "analysis:export",
        kwargs={
            "slug": "central-bedfordshire",
            "dataset_id": dataset_id,
            "table": "changes-1",
            "fmt": "csv",
        },
    )
    response = client_as(cast["board_member"]).get(url)
    body = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    assert body.splitlines()[0] == (
        "Category,This period,Compared with,Change,Change (%),p-value,Unlikely to be chance?"
    )
    assert "Burglary,13,23,-10,-43.4783,0.1325,Within normal variation" in body
    assert "Method: Each count is treated as a Poisson count" in body
    assert ATTRIBUTION in body


def test_the_levels_export_as_xlsx_has_numbers_and_the_attribution(client_as, cast, dataset_id):
    url = reverse(
        "analysis:export",
        kwargs={
            "slug": "central-bedfordshire",
            "dataset_id": dataset_id,
            "table": "levels",
            "fmt": "xlsx",
        },
    )
    response = client_as(cast["analyst"]).get(url)
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("Category", "Count")
    assert ("Anti-social behaviour", 43) == rows[1][:2]
    assert any(row[0] and ATTRIBUTION in row[0] for row in rows)


def test_an_unknown_table_is_404(client_as, cast, dataset_id):
    url = reverse(
        "analysis:export",
        kwargs={
            "slug": "central-bedfordshire",
            "dataset_id": dataset_id,
            "table": "secrets",
            "fmt": "csv",
        },
    )
    assert client_as(cast["analyst"]).get(url).status_code == 404


def _queries(client, dataset_id):
    _page(client, dataset_id)  # the first visit also saves the session's partnership
    with CaptureQueriesContext(connection) as captured:
        _page(client, dataset_id)
    return len(captured)


def test_the_query_count_does_not_grow_with_the_months_stored(import_files, client_as, cast):
    client = client_as(cast["board_member"])
    upload = import_files([month_file(m) for m in ("2020-01", "2020-02", "2020-03")])
    few = _queries(client, upload.dataset_id)
    import_files([month_file(f"{y}-{m:02d}") for y in (2021, 2022) for m in range(1, 13)])
    many = _queries(client, upload.dataset_id)
    assert many == few
    assert few <= 12


def test_the_period_form_shows_the_12_months_it_uses_by_default(client_as, cast, dataset_id):
    html = _page(client_as(cast["board_member"]), dataset_id)
    assert '<option value="12" selected>12 months</option>' in html
    assert '<option value="1" selected>' not in html


def test_the_trend_chart_counts_its_months_in_proper_english(client_as, cast, import_files):
    one = import_files([(BEDS_2017, extract(BEDS_2017))]).dataset_id
    text = _text(_page(client_as(cast["board_member"]), one))
    # It read "1 month(s) with data".
    assert "November 2017 to November 2017, 1 month with data. The highest is" in text
