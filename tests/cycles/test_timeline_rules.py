"""The timeline chart's geometry (pure: no database)."""

from datetime import date

from cycles.rules import CHART_WIDTH, LABEL_WIDTH, Span, timeline_layout

START, END = date(2026, 4, 1), date(2030, 3, 31)


def test_bars_sit_in_proportion_along_the_axis():
    chart = timeline_layout(
        [("Years", [Span("Year 1", date(2026, 4, 1), date(2027, 3, 31), "year")])],
        START,
        END,
        date(2026, 11, 24),
    )
    bar = chart.rows[0].bars[0]
    assert bar.x == LABEL_WIDTH
    # One year of four is a quarter of the plot area, give or take a leap day.
    assert abs(bar.width - (CHART_WIDTH - LABEL_WIDTH) / 4) < 1


def test_today_is_marked_only_inside_the_cycle():
    inside = timeline_layout([], START, END, date(2028, 4, 1))
    assert inside.today_x is not None
    assert abs(inside.today_x - (LABEL_WIDTH + (CHART_WIDTH - LABEL_WIDTH) / 2)) < 1
    assert timeline_layout([], START, END, date(2031, 1, 1)).today_x is None


def test_spans_outside_the_axis_are_clipped_or_dropped():
    chart = timeline_layout(
        [
            (
                "Stage",
                [
                    Span("Before", date(2025, 1, 1), date(2025, 6, 1), "x"),
                    Span("Across the start", date(2026, 1, 1), date(2026, 5, 1), "x"),
                ],
            )
        ],
        START,
        END,
        date(2026, 4, 1),
    )
    (bar,) = chart.rows[0].bars
    assert bar.label == "Across the start"
    assert bar.x == LABEL_WIDTH


def test_ticks_mark_each_january_and_july():
    chart = timeline_layout([], START, END, START)
    labels = [t.label for t in chart.ticks]
    assert labels[:3] == ["Jul 2026", "Jan 2027", "Jul 2027"]
    assert labels[-1] == "Jan 2030"


def test_rows_stack_downwards():
    chart = timeline_layout([("A", []), ("B", []), ("C", [])], START, END, START)
    ys = [r.y for r in chart.rows]
    assert ys == sorted(ys) and len(set(ys)) == 3
    assert chart.height > ys[-1]
