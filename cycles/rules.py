"""Pure calculations for cycles: the timeline chart's geometry. No ORM, no requests."""

from dataclasses import dataclass
from datetime import date

CHART_WIDTH = 1000
LABEL_WIDTH = 130
ROW_HEIGHT = 36
AXIS_HEIGHT = 28


@dataclass(frozen=True)
class Span:
    """Something with a date window, as the chart needs it."""

    label: str
    starts_on: date
    ends_on: date
    css_class: str


@dataclass(frozen=True)
class Bar:
    label: str
    x: float
    width: float
    css_class: str
    starts_on: date
    ends_on: date


@dataclass(frozen=True)
class Row:
    label: str
    y: float
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    label_width: int
    row_height: int
    rows: tuple[Row, ...]
    ticks: tuple[Tick, ...]
    today_x: float | None
    today: date


def _x(day: date, start: date, end: date) -> float:
    plot = CHART_WIDTH - LABEL_WIDTH
    total = (end - start).days + 1
    return LABEL_WIDTH + plot * (day - start).days / total


def timeline_layout(
    rows: list[tuple[str, list[Span]]], start: date, end: date, today: date
) -> Timeline:
    """Place each row's spans on a shared axis from start to end, with a today marker.

    Spans that fall partly outside the axis are clipped to it; a span wholly outside
    is left out. Ticks mark the first of each January and July (half-years).
    """
    laid_out = []
    for index, (label, spans) in enumerate(rows):
        bars = []
        for span in spans:
            if span.ends_on < start or span.starts_on > end:
                continue
            left = _x(max(span.starts_on, start), start, end)
            right = _x(min(span.ends_on, end), start, end) + _day_width(start, end)
            bars.append(
                Bar(
                    label=span.label,
                    x=round(left, 2),
                    width=round(max(right - left, 2.0), 2),
                    css_class=span.css_class,
                    starts_on=span.starts_on,
                    ends_on=span.ends_on,
                )
            )
        laid_out.append(Row(label=label, y=AXIS_HEIGHT + index * ROW_HEIGHT, bars=tuple(bars)))

    ticks = []
    year, month = start.year, 1 if start.month == 1 else (7 if start.month <= 7 else 13)
    if month == 13:
        year, month = year + 1, 1
    tick_day = date(year, month, 1)
    while tick_day <= end:
        label = f"Jan {tick_day.year}" if tick_day.month == 1 else f"Jul {tick_day.year}"
        ticks.append(Tick(x=round(_x(tick_day, start, end), 2), label=label))
        year, month = (tick_day.year, 7) if tick_day.month == 1 else (tick_day.year + 1, 1)
        tick_day = date(year, month, 1)

    today_x = round(_x(today, start, end), 2) if start <= today <= end else None
    return Timeline(
        width=CHART_WIDTH,
        height=AXIS_HEIGHT + len(rows) * ROW_HEIGHT + 8,
        label_width=LABEL_WIDTH,
        row_height=ROW_HEIGHT,
        rows=tuple(laid_out),
        ticks=tuple(ticks),
        today_x=today_x,
        today=today,
    )


def _day_width(start: date, end: date) -> float:
    return (CHART_WIDTH - LABEL_WIDTH) / ((end - start).days + 1)
