"""Charts for reports, drawn with matplotlib as SVG and embedded as `<img>` data URLs.

An `<img>` keeps the chart vector in the PDF, carries alt text into the tagged PDF,
and spares WeasyPrint the thousands of warnings inline matplotlib SVG causes. Each
chart is cached under a key made from its data, so a render that follows an edit to
the narrative redraws nothing."""

import base64
import hashlib
import io
import json
import threading
from dataclasses import dataclass

from django.core.cache import cache

# Bump when the look of the charts changes, so cached drawings are not reused.
STYLE_VERSION = 5
CACHE_FOR = 60 * 60 * 24 * 30

# GOV.UK-like colours with enough contrast on white.
INK = "#0b0c0c"
BLUE = "#1d70b8"
GREY = "#505a5f"
RED = "#d4351c"
GREEN = "#00703c"
PALE = "#b1b4b6"

_lock = threading.Lock()  # pyplot's state is global; one drawing at a time per process


@dataclass(frozen=True)
class Chart:
    image: str  # data:image/svg+xml;base64,...
    alt: str
    cached: bool


def _key(kind: str, data: dict) -> str:
    payload = json.dumps([STYLE_VERSION, kind, data], sort_keys=True, default=str)
    return "report-chart:" + hashlib.sha256(payload.encode()).hexdigest()


def _figure(width: float, height: float):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update(
        {
            # Text stays text, in DejaVu Sans: the report's own @font-face supplies it
            # to WeasyPrint, so a chart never depends on the printing machine's fonts.
            # Three times smaller than letters drawn as paths, and twice as fast to print.
            "svg.fonttype": "none",
            "svg.hashsalt": "csp-report",  # the same data draws the same bytes
            "font.family": "DejaVu Sans",
            "font.size": 8,
            "axes.edgecolor": GREY,
            "axes.labelcolor": INK,
            "xtick.color": INK,
            "ytick.color": INK,
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    )
    figure, axes = plt.subplots(figsize=(width, height))
    return plt, figure, axes


def _svg(plt, figure) -> str:
    buffer = io.BytesIO()
    figure.tight_layout()
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    plt.close(figure)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _cached(kind: str, data: dict, alt: str, draw) -> Chart:
    key = _key(kind, data)
    image = cache.get(key)
    if image:
        return Chart(image, alt, cached=True)
    with _lock:
        image = draw()
    cache.set(key, image, CACHE_FOR)
    return Chart(image, alt, cached=False)


def _short(label: str, limit: int = 38) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def line(*, labels: list[str], values: list[int | None], y_label: str, alt: str) -> Chart:
    """A monthly series. Months without data are gaps, not zeros."""

    def draw():
        plt, figure, axes = _figure(6.6, 2.6)
        xs = list(range(len(labels)))
        ys = [float("nan") if v is None else v for v in values]
        axes.plot(xs, ys, color=BLUE, linewidth=1.8, marker="o", markersize=2.5)
        step = max(1, len(labels) // 12)
        axes.set_xticks(xs[::step], [labels[i] for i in xs[::step]], rotation=45, ha="right")
        axes.set_ylabel(y_label)
        axes.set_ylim(bottom=0)
        axes.grid(axis="y", color=PALE, linewidth=0.5)
        return _svg(plt, figure)

    return _cached("line", {"labels": labels, "values": values, "y": y_label}, alt, draw)


def bars(
    *,
    labels: list[str],
    values: list[float],
    x_label: str,
    alt: str,
    threshold: float | None = None,
    highlight: list[bool] | None = None,
) -> Chart:
    """Horizontal bars, largest first as given; an optional threshold line."""

    def draw():
        height = max(1.6, 0.26 * len(labels) + 0.8)
        plt, figure, axes = _figure(6.6, height)
        ys = list(range(len(labels)))[::-1]
        colours = [
            BLUE if (highlight is None or highlight[i]) else PALE for i in range(len(labels))
        ]
        axes.barh(ys, values, color=colours, height=0.7)
        axes.set_yticks(ys, [_short(label) for label in labels])
        axes.set_xlabel(x_label)
        if threshold is not None:
            axes.axvline(threshold, color=RED, linewidth=1, linestyle="--")
        axes.grid(axis="x", color=PALE, linewidth=0.5)
        axes.set_axisbelow(True)
        return _svg(plt, figure)

    data = {"labels": labels, "values": values, "x": x_label, "t": threshold, "h": highlight}
    return _cached("bars", data, alt, draw)


def changes(*, labels: list[str], percents: list[float], alt: str) -> Chart:
    """Percentage change per category: rises red, falls green, from a zero line."""

    def draw():
        height = max(1.6, 0.26 * len(labels) + 0.8)
        plt, figure, axes = _figure(6.6, height)
        ys = list(range(len(labels)))[::-1]
        colours = [RED if p > 0 else GREEN for p in percents]
        axes.barh(ys, percents, color=colours, height=0.7)
        axes.axvline(0, color=INK, linewidth=0.8)
        axes.set_yticks(ys, [_short(label) for label in labels])
        axes.set_xlabel("Change (%)")
        axes.grid(axis="x", color=PALE, linewidth=0.5)
        axes.set_axisbelow(True)
        return _svg(plt, figure)

    return _cached("changes", {"labels": labels, "p": percents}, alt, draw)


def columns(*, labels: list[str], values: list[float], y_label: str, alt: str) -> Chart:
    """Vertical columns for a short, ordered set (months of the year, ratings)."""

    def draw():
        plt, figure, axes = _figure(6.6, 2.4)
        xs = list(range(len(labels)))
        axes.bar(xs, values, color=BLUE, width=0.7)
        axes.set_xticks(xs, labels)
        axes.set_ylabel(y_label)
        axes.grid(axis="y", color=PALE, linewidth=0.5)
        axes.set_axisbelow(True)
        return _svg(plt, figure)

    return _cached("columns", {"labels": labels, "values": values, "y": y_label}, alt, draw)


def progress(
    *, labels: list[str], baseline: list[float], latest: list[float], target: list[float], alt: str
) -> Chart:
    """KPIs as percentage of the way from baseline to target (0 = baseline, 100 = met)."""

    def draw():
        shares = []
        for b, now, t in zip(baseline, latest, target, strict=True):
            span = t - b
            shares.append(0.0 if span == 0 else max(-50.0, min(150.0, 100 * (now - b) / span)))
        height = max(1.6, 0.3 * len(labels) + 0.8)
        plt, figure, axes = _figure(6.6, height)
        ys = list(range(len(labels)))[::-1]
        colours = [GREEN if s >= 100 else BLUE if s >= 0 else RED for s in shares]
        axes.barh(ys, shares, color=colours, height=0.6)
        axes.axvline(100, color=INK, linewidth=0.8, linestyle="--")
        axes.axvline(0, color=GREY, linewidth=0.6)
        axes.set_yticks(ys, [_short(label) for label in labels])
        axes.set_xlabel("Progress from baseline to target (%)")
        axes.set_xlim(-50, 150)
        return _svg(plt, figure)

    data = {"labels": labels, "b": baseline, "l": latest, "t": target}
    return _cached("progress", data, alt, draw)
