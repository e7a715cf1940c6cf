"""The plumbing behind every chart: matplotlib set up the same way each time, the SVG
turned into an `<img>` data URL, a cache keyed by the chart's data, the palette, and
the number formats alt texts share. The chart kinds themselves are in `charts`."""

import base64
import hashlib
import io
import json
import logging
import threading
from dataclasses import dataclass

from django.core.cache import cache

# Bump when the look of the charts changes, so cached drawings are not reused.
STYLE_VERSION = 6
CACHE_FOR = 60 * 60 * 24 * 30
# The longest label beside a bar; a longer one is cut short with an ellipsis.
LABEL_CHARS = 38

# GOV.UK-like colours. Text and bars are at least 3:1 against white (WCAG 1.4.11);
# PALE is only for grid lines and year backgrounds, which carry no information alone.
INK = "#0b0c0c"
BLUE = "#1d70b8"
GREY = "#505a5f"
RED = "#d4351c"
GREEN = "#00703c"
PURPLE = "#4c2c92"
PALE = "#b1b4b6"
LIGHT = "#f3f2f1"
SERIES = [BLUE, GREEN, PURPLE, GREY]  # timeline rows after the first

WIDTH = 6.6  # inches: the printed text width, and about 630 px on screen

_lock = threading.Lock()  # pyplot's state is global; one drawing at a time per process

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Chart:
    image: str  # data:image/svg+xml;base64,...
    alt: str
    cached: bool = False
    caption: str = ""  # shown under the chart on the page, where the page has one


def cache_key(kind: str, data: dict) -> str:
    payload = json.dumps([STYLE_VERSION, kind, data], sort_keys=True, default=str)
    return "chart:" + hashlib.sha256(payload.encode()).hexdigest()


def new_figure(width: float, height: float):
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
            # Titles, categories and KPI names are people's words: "$5 fines" is money,
            # not mathematics, and an odd number of $ must not stop the drawing.
            "text.parse_math": False,
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


def data_url(plt, figure) -> str:
    buffer = io.BytesIO()
    figure.tight_layout()
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    plt.close(figure)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def cached(kind: str, data: dict, alt: str, draw, caption: str = "") -> Chart:
    """The chart from the cache, or drawn and kept there. With the cache (Redis)
    unreachable the chart is drawn every time: slower, never an error."""
    key = cache_key(kind, data)
    try:
        image = cache.get(key)
    except Exception as error:  # noqa: BLE001 - a cache fault costs time, not the page
        log.warning("Chart cache unreachable, drawing without it: %s", error)
        image, reachable = None, False
    else:
        reachable = True
    if image:
        return Chart(image, alt, cached=True, caption=caption)
    with _lock:
        image = draw()
    if reachable:
        try:
            cache.set(key, image, CACHE_FOR)
        except Exception as error:  # noqa: BLE001
            log.warning("Chart cache unreachable, chart not kept: %s", error)
    return Chart(image, alt, cached=False, caption=caption)


def number(value: float | None) -> str:
    if value is None:
        return "–"
    value = float(value)
    return f"{value:,.0f}" if value.is_integer() else f"{value:,.1f}"


def listing(pairs: list[tuple[str, str]], limit: int = 10) -> str:
    """'A 3, B 2 and 4 more': the figures an alt text can carry before it tires."""
    shown = ", ".join(f"{label} {value}" for label, value in pairs[:limit])
    more = len(pairs) - limit
    return shown + (f", and {more} more" if more > 0 else "")


def height_for(rows: int, per_row: float = 0.26) -> float:
    return max(1.6, per_row * rows + 0.8)
