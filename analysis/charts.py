"""SVG charts for the analysis pages, drawn as plain markup (no plotting library in the
request: a matplotlib chart costs half a second here). Each chart carries a text
alternative, and the page shows a table with the same figures next to it."""

from dataclasses import dataclass
from datetime import date

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from .rules import month_label

WIDTH = 720
LABEL_WIDTH = 230
BAR_HEIGHT = 20
GAP = 8
CURRENT_FILL = "#0b4f8a"
BASELINE_FILL = "#8a98a8"


@dataclass(frozen=True)
class Chart:
    svg: SafeString
    description: str


def _svg(width: int, height: int, description: str, body: str) -> SafeString:
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" xmlns="http://www.w3.org/2000/svg" role="img" '
        'aria-label="{}" focusable="false">{}</svg>',
        width,
        height,
        description,
        mark_safe(body),  # noqa: S308 - built below from escaped parts
    )


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def horizontal_bars(items: list[tuple[str, float]], *, description: str) -> Chart | None:
    """One bar per item, largest first as given, labelled with its value."""
    if not items:
        return None
    top = max(value for _, value in items) or 1
    plot = WIDTH - LABEL_WIDTH - 70
    parts = []
    for index, (label, value) in enumerate(items):
        y = GAP + index * (BAR_HEIGHT + GAP)
        width = max(plot * value / top, 1)
        parts.append(
            f'<text class="chart-label" x="{LABEL_WIDTH - 8}" y="{y + 15}" text-anchor="end">'
            f"{escape(label)}</text>"
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width:.1f}" height="{BAR_HEIGHT}" '
            f'fill="{CURRENT_FILL}"></rect>'
            f'<text class="chart-value" x="{LABEL_WIDTH + width + 6:.1f}" y="{y + 15}">'
            f"{_number(value)}</text>"
        )
    height = GAP + len(items) * (BAR_HEIGHT + GAP)
    return Chart(_svg(WIDTH, height, description, "".join(parts)), description)


def paired_bars(
    items: list[tuple[str, int, int]], *, current_label: str, baseline_label: str, description: str
) -> Chart | None:
    """Two bars per item: the current period (dark) above the baseline (grey)."""
    if not items:
        return None
    top = max(max(now, before) for _, now, before in items) or 1
    plot = WIDTH - LABEL_WIDTH - 70
    row = 2 * BAR_HEIGHT + GAP + 4
    legend = (
        f'<rect x="{LABEL_WIDTH}" y="4" width="14" height="14" fill="{CURRENT_FILL}"></rect>'
        f'<text class="chart-value" x="{LABEL_WIDTH + 20}" y="16">{escape(current_label)}</text>'
        f'<rect x="{LABEL_WIDTH + 250}" y="4" width="14" height="14" fill="{BASELINE_FILL}"></rect>'
        f'<text class="chart-value" x="{LABEL_WIDTH + 270}" y="16">{escape(baseline_label)}</text>'
    )
    parts = [legend]
    for index, (label, now, before) in enumerate(items):
        y = 28 + index * row
        parts.append(
            f'<text class="chart-label" x="{LABEL_WIDTH - 8}" y="{y + BAR_HEIGHT + 2}" '
            f'text-anchor="end">{escape(label)}</text>'
        )
        for offset, value, fill in ((0, now, CURRENT_FILL), (BAR_HEIGHT, before, BASELINE_FILL)):
            width = max(plot * value / top, 1)
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{y + offset}" width="{width:.1f}" '
                f'height="{BAR_HEIGHT - 2}" fill="{fill}"></rect>'
                f'<text class="chart-value" x="{LABEL_WIDTH + width + 6:.1f}" '
                f'y="{y + offset + 14}">{_number(value)}</text>'
            )
    height = 28 + len(items) * row
    return Chart(_svg(WIDTH, height, description, "".join(parts)), description)


def monthly_line(points: list[tuple[date, int | None]], *, description: str) -> Chart | None:
    """Counts by month as a line with a dot per month; months without data leave a gap."""
    if not points:
        return None
    height, left, right, top_pad, bottom = 260, 60, 20, 16, 40
    plot_w, plot_h = WIDTH - left - right, height - top_pad - bottom
    top = max((v for _, v in points if v is not None), default=0) or 1
    step = plot_w / max(len(points) - 1, 1)

    def xy(index: int, value: int) -> tuple[float, float]:
        return left + index * step, top_pad + plot_h * (1 - value / top)

    parts = [
        f'<line class="chart-axis" x1="{left}" y1="{top_pad + plot_h}" x2="{WIDTH - right}" '
        f'y2="{top_pad + plot_h}"></line>',
        f'<text class="chart-value" x="{left - 6}" y="{top_pad + 4}" text-anchor="end">'
        f"{_number(top)}</text>",
        f'<text class="chart-value" x="{left - 6}" y="{top_pad + plot_h + 4}" '
        f'text-anchor="end">0</text>',
    ]
    segment: list[str] = []
    segments = []
    for index, (month, value) in enumerate(points):
        if value is None:
            if segment:
                segments.append(segment)
            segment = []
            continue
        x, y = xy(index, value)
        segment.append(f"{x:.1f},{y:.1f}")
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{CURRENT_FILL}">'
            f"<title>{escape(month_label(month))}: {_number(value)}</title></circle>"
        )
    if segment:
        segments.append(segment)
    for run in segments:
        if len(run) > 1:
            parts.append(
                f'<polyline fill="none" stroke="{CURRENT_FILL}" stroke-width="2" '
                f'points="{" ".join(run)}"></polyline>'
            )
    every = max(1, len(points) // 6)
    for index, (month, _) in enumerate(points):
        if index % every == 0 or index == len(points) - 1:
            x = left + index * step
            parts.append(
                f'<text class="chart-value" x="{x:.1f}" y="{height - 14}" text-anchor="middle">'
                f"{month:%b %Y}</text>"
            )
    return Chart(_svg(WIDTH, height, description, "".join(parts)), description)
