"""The one chart module: every kind draws an SVG `<img>` data URL with alt text that
states its data, people's words print as typed, and the timeline's dates are right."""

import base64
from datetime import date

from csp_assessment import charts
from csp_assessment.charts import Span

START, END = date(2026, 4, 1), date(2030, 3, 31)


def _svg(chart: charts.Chart) -> str:
    prefix, encoded = chart.image.split(",", 1)
    assert prefix == "data:image/svg+xml;base64"
    return base64.b64decode(encoded).decode()


def test_a_dollar_in_a_label_prints_as_a_dollar_and_does_not_stop_the_drawing():
    label = "$5 $ and \\$"
    for chart in (
        charts.horizontal_bars([(label, 3), ("Other", 1)], title="Bar chart of fines"),
        charts.paired_bars(
            [(label, 3, 2)], current_label="This year", baseline_label="Last", title="Fines"
        ),
        charts.ranking_bars(labels=[label], totals=[12.0], above_line=[True], maximum=20),
        charts.changes(labels=[label], percents=[-12.5], alt="Change in fines"),
    ):
        assert label in _svg(chart)
    assert label in charts.horizontal_bars([(label, 3)], title="Fines").alt
    # The KPI's name is the heading above its chart, so only the alt text carries it.
    kpi = charts.kpi_trend(
        name=label,
        periods=[date(2026, 3, 31)],
        values=[5.0],
        baseline=4,
        target=6,
        higher_is_better=True,
    )
    assert kpi.alt.startswith(label) and "</svg>" in _svg(kpi)


def test_page_charts_state_their_figures_in_the_alt_text():
    shares = charts.horizontal_bars([("Burglary", 13), ("Robbery", 2.5)], title="Bar chart")
    assert shares.alt == "Bar chart: Burglary 13, Robbery 2.5."
    assert "Burglary" in _svg(shares) and ">13<" in _svg(shares)
    paired = charts.paired_bars(
        [("Burglary", 13, 23)], current_label="Nov 2017", baseline_label="Nov 2016", title="Bars"
    )
    assert paired.alt == "Bars, Nov 2017 against Nov 2016: Burglary 13 against 23."
    many = charts.horizontal_bars([(f"Category {i}", i) for i in range(14)], title="Many")
    assert many.alt.endswith("Category 9 9, and 4 more.")
    assert charts.horizontal_bars([], title="Nothing") is None


def test_the_monthly_line_is_the_report_line_with_gaps_for_missing_months():
    points = [(date(2017, m, 1), None if m == 3 else 10 * m) for m in range(1, 7)]
    chart = charts.monthly_line(points, title="Line chart", caption="Shown under it")
    assert chart.alt == (
        "Line chart: 6 months from January 2017 to June 2017, 5 with data. The highest is "
        "60 in June 2017; the latest is 60 in June 2017."
    )
    assert chart.caption == "Shown under it"
    report = charts.line(
        labels=[f"{m:%b %Y}" for m, _ in points],
        values=[v for _, v in points],
        y_label="Count",
        alt="anything",
    )
    assert report.image == chart.image  # the page and the PDF show the same drawing


def test_a_monthly_line_of_one_month_says_month_in_the_singular():
    chart = charts.monthly_line([(date(2017, 1, 1), 4)], title="Line chart")
    assert chart.alt.startswith("Line chart: 1 month from January 2017 to January 2017, ")
    assert charts.monthly_line([(date(2017, 1, 1), None)], title="Empty") is None


def test_the_kpi_trend_names_baseline_target_and_latest():
    chart = charts.kpi_trend(
        name="Repeat victims",
        periods=[date(2026, 3, 31), date(2026, 6, 30)],
        values=[120.0, 100.0],
        baseline=120,
        target=90,
        higher_is_better=False,
    )
    assert chart.alt.startswith("Repeat victims: 2 figures from 31 March 2026 to 30 June 2026")
    assert "latest 100. Baseline 120, target 90 (lower is better)." in chart.alt
    assert "Target 90" in _svg(chart) and "Baseline 120" in _svg(chart)


def test_the_ranking_marks_the_issues_going_forward():
    chart = charts.ranking_bars(
        labels=["Knife crime", "Burglary", "Fly-tipping"],
        totals=[30.0, 25.5, None],
        above_line=[True, True, False],
        maximum=50,
    )
    assert chart.alt == (
        "Bar chart of 3 issues by total score, highest first: Knife crime 30, Burglary 25.5, "
        "Fly-tipping –. The top 2 go forward for deeper analysis."
    )
    svg = _svg(chart)
    assert "Total score (out of 50)" in svg
    assert charts.drawing.GREEN in svg and charts.drawing.RED in svg  # bars and the line


def test_charts_are_cached_by_their_data_and_keep_the_page_caption():
    first = charts.horizontal_bars([("a", 1)], title="One", caption="First caption")
    again = charts.horizontal_bars([("a", 1)], title="One", caption="Second caption")
    assert again.cached and again.image == first.image and again.caption == "Second caption"


# The timeline --------------------------------------------------------------------------


def test_timeline_spans_outside_the_axis_are_clipped_or_dropped():
    spans = [
        Span("Before", date(2025, 1, 1), date(2025, 6, 1)),
        Span("Across the start", date(2026, 1, 1), date(2026, 5, 1)),
        Span("Inside", date(2026, 4, 1), date(2027, 3, 31)),
    ]
    clipped = charts.clip_spans(spans, START, END)
    assert [(s.label, left, right) for s, left, right in clipped] == [
        ("Across the start", START, date(2026, 5, 1)),
        ("Inside", date(2026, 4, 1), date(2027, 3, 31)),
    ]


def test_timeline_ticks_mark_each_january_and_july():
    ticks = charts.half_years(START, END)
    assert ticks[:3] == [date(2026, 7, 1), date(2027, 1, 1), date(2027, 7, 1)]
    assert ticks[-1] == date(2030, 1, 1)
    svg = _svg(_timeline(today=START))
    assert "Jul 2026" in svg and "Jan 2030" in svg


def _timeline(today: date) -> charts.Chart:
    years = [Span(f"Year {n}", date(2025 + n, 4, 1), date(2026 + n, 3, 31)) for n in (1, 2)]
    stages = [Span("Consultation, year 1", date(2026, 9, 1), date(2026, 10, 31))]
    return charts.timeline(
        [("Years", years), ("Consultation", stages), ("Reports", [])],
        start=START,
        end=END,
        today=today,
        title="Chart of the cycle",
    )


def test_timeline_draws_every_span_in_its_row_and_marks_today_only_inside_the_cycle():
    chart = _timeline(date(2026, 9, 15))
    svg = _svg(chart)
    assert svg.count('id="bar-0-') == 2 and svg.count('id="bar-1-') == 1
    assert "Today" in svg and "Year 1" in svg
    assert chart.alt == (
        "Chart of the cycle, from 1 April 2026 to 31 March 2030. Bars in each row: Years 2, "
        "Consultation 1, Reports 0. Today, 15 September 2026, falls in: Year 1, "
        "Consultation, year 1."
    )
    outside = _timeline(date(2031, 1, 1))
    assert "Today" not in _svg(outside)
    assert outside.alt.endswith("Today, 1 January 2031, is outside the cycle.")
