"""The KPI trend chart, drawn as plain SVG markup. It carries a text alternative, and
the page shows a table with the same figures next to it."""

from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

WIDTH, HEIGHT = 560, 220
LEFT, RIGHT, TOP, BOTTOM = 60, 20, 20, 40


@dataclass(frozen=True)
class Chart:
    svg: SafeString
    description: str


def _number(value) -> str:
    value = float(value)
    return f"{value:,.0f}" if value.is_integer() else f"{value:,.1f}"


def describe(kpi, values) -> str:
    better = "higher" if kpi.direction == "up" else "lower"
    if not values:
        return (
            f"{kpi.name}: no figures yet. Baseline {_number(kpi.baseline)}, "
            f"target {_number(kpi.target)} ({better} is better)."
        )
    first, last = values[0], values[-1]
    return (
        f"{kpi.name}: {len(values)} figures from {first.period_ending:%-d %B %Y} to "
        f"{last.period_ending:%-d %B %Y}, latest {_number(last.value)}. Baseline "
        f"{_number(kpi.baseline)}, target {_number(kpi.target)} ({better} is better). "
        "The table below gives every figure."
    )


def kpi_trend(kpi, values) -> Chart:
    description = describe(kpi, values)
    numbers = [float(v.value) for v in values] + [float(kpi.baseline), float(kpi.target)]
    low, high = min(numbers), max(numbers)
    if low == high:
        low, high = low - 1, high + 1
    pad = (high - low) * 0.1
    low, high = low - pad, high + pad
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def y(value) -> float:
        return round(TOP + plot_h * (high - float(value)) / (high - low), 1)

    step = plot_w / max(len(values) - 1, 1)
    points = [(round(LEFT + i * step, 1), y(v.value)) for i, v in enumerate(values)]
    if len(values) == 1:
        points = [(LEFT + plot_w / 2, points[0][1])]
    guides = format_html(
        '<line class="kpi-target" x1="{l}" x2="{r}" y1="{t}" y2="{t}"></line>'
        '<text class="kpi-guide-label" x="{tx}" y="{tl}" text-anchor="end">Target {tv}</text>'
        '<line class="kpi-baseline" x1="{l}" x2="{r}" y1="{b}" y2="{b}"></line>'
        '<text class="kpi-guide-label" x="{tx}" y="{bl}" text-anchor="end">Baseline {bv}</text>',
        l=LEFT,
        r=WIDTH - RIGHT,
        t=y(kpi.target),
        tl=y(kpi.target) - 4,
        tv=_number(kpi.target),
        b=y(kpi.baseline),
        bl=y(kpi.baseline) - 4,
        bv=_number(kpi.baseline),
        tx=WIDTH - RIGHT,
    )
    line = ""
    if len(points) > 1:
        line = format_html(
            '<polyline class="kpi-line" points="{}"></polyline>',
            " ".join(f"{x},{y_}" for x, y_ in points),
        )
    dots = format_html_join(
        "",
        '<circle class="kpi-point" cx="{}" cy="{}" r="4"></circle>'
        '<text class="kpi-value" x="{}" y="{}" text-anchor="middle">{}</text>'
        '<text class="kpi-axis-label" x="{}" y="{}" text-anchor="middle">{}</text>',
        (
            (x, y_, x, y_ - 8, _number(v.value), x, HEIGHT - 14, f"{v.period_ending:%b %Y}")
            for (x, y_), v in zip(points, values, strict=True)
        ),
    )
    axis = format_html(
        '<line class="kpi-axis" x1="{}" x2="{}" y1="{}" y2="{}"></line>',
        LEFT,
        WIDTH - RIGHT,
        HEIGHT - BOTTOM,
        HEIGHT - BOTTOM,
    )
    svg = format_html(
        '<svg class="kpi-chart" viewBox="0 0 {} {}" xmlns="http://www.w3.org/2000/svg" '
        'role="img" aria-label="{}" focusable="false">{}{}{}{}</svg>',
        WIDTH,
        HEIGHT,
        description,
        axis,
        guides,
        line,
        dots,
    )
    return Chart(svg=svg, description=description)
