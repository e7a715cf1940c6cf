"""Every chart the workbench shows, on a page or in a PDF, drawn with matplotlib as SVG.

A chart is embedded as an `<img>` data URL with alt text written from its data, so the
page and the printed report show the same drawing: an `<img>` keeps the chart vector in
the PDF, carries its alt text into the tagged PDF, and spares WeasyPrint the warnings
inline matplotlib SVG causes. Each drawing is cached under a key made from its data, so
a repeat view, or a render that follows an edit to the narrative, redraws nothing.

The report kinds (`line`, `bars`, `changes`, `columns`, `progress`) take the alt text
from the caller; the page kinds write it from the data, and each page shows a table
with the same figures next to its chart."""

from dataclasses import dataclass
from datetime import date

from csp_assessment.plurals import counted
from csp_assessment.text import shorten

from ..dates import day, month
from . import drawing
from .drawing import BLUE, GREEN, GREY, INK, LABEL_CHARS, LIGHT, PALE, RED, SERIES, WIDTH, Chart


@dataclass(frozen=True)
class Span:
    """A dated bar on the timeline."""

    label: str
    starts_on: date
    ends_on: date


# Report kinds: alt text from the caller ---------------------------------------------


def line(*, labels: list[str], values: list[int | None], y_label: str, alt: str) -> Chart:
    """A monthly series. Months without data are gaps, not zeros."""

    def draw():
        plt, figure, axes = drawing.new_figure(WIDTH, 2.6)
        xs = list(range(len(labels)))
        ys = [float("nan") if v is None else v for v in values]
        axes.plot(xs, ys, color=BLUE, linewidth=1.8, marker="o", markersize=2.5)
        step = max(1, len(labels) // 12)
        axes.set_xticks(xs[::step], [labels[i] for i in xs[::step]], rotation=45, ha="right")
        axes.set_ylabel(y_label)
        axes.set_ylim(bottom=0)
        axes.grid(axis="y", color=PALE, linewidth=0.5)
        return drawing.data_url(plt, figure)

    return drawing.cached("line", {"labels": labels, "values": values, "y": y_label}, alt, draw)


def _bars(axes, labels, values, colours, shown):
    """Horizontal bars, first at the top, each labelled with its value."""
    ys = list(range(len(labels)))[::-1]
    drawn = axes.barh(ys, values, color=colours, height=0.7)
    axes.bar_label(drawn, labels=shown, padding=3, color=INK, fontsize=7)
    axes.set_yticks(ys, [shorten(label, LABEL_CHARS) for label in labels])
    axes.set_xlim(0, (max(values, default=0) or 1) * 1.12)
    axes.grid(axis="x", color=PALE, linewidth=0.5)
    axes.set_axisbelow(True)
    return ys


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
        plt, figure, axes = drawing.new_figure(WIDTH, drawing.height_for(len(labels)))
        colours = [BLUE] * len(labels)
        if highlight is not None:
            colours = [BLUE if on else GREY for on in highlight]
        _bars(axes, labels, values, colours, [drawing.number(v) for v in values])
        axes.set_xlabel(x_label)
        if threshold is not None:
            axes.axvline(threshold, color=RED, linewidth=1, linestyle="--")
        return drawing.data_url(plt, figure)

    data = {"labels": labels, "values": values, "x": x_label, "t": threshold, "h": highlight}
    return drawing.cached("bars", data, alt, draw)


def changes(*, labels: list[str], percents: list[float], alt: str) -> Chart:
    """Percentage change per category: rises red, falls green, from a zero line."""

    def draw():
        plt, figure, axes = drawing.new_figure(WIDTH, drawing.height_for(len(labels)))
        ys = list(range(len(labels)))[::-1]
        colours = [RED if p > 0 else GREEN for p in percents]
        axes.barh(ys, percents, color=colours, height=0.7)
        axes.axvline(0, color=INK, linewidth=0.8)
        axes.set_yticks(ys, [shorten(label, LABEL_CHARS) for label in labels])
        axes.set_xlabel("Change (%)")
        axes.grid(axis="x", color=PALE, linewidth=0.5)
        axes.set_axisbelow(True)
        return drawing.data_url(plt, figure)

    return drawing.cached("changes", {"labels": labels, "p": percents}, alt, draw)


def columns(*, labels: list[str], values: list[float], y_label: str, alt: str) -> Chart:
    """Vertical columns for a short, ordered set (months of the year, ratings)."""

    def draw():
        plt, figure, axes = drawing.new_figure(WIDTH, 2.4)
        xs = list(range(len(labels)))
        axes.bar(xs, values, color=BLUE, width=0.7)
        axes.set_xticks(xs, labels)
        axes.set_ylabel(y_label)
        axes.grid(axis="y", color=PALE, linewidth=0.5)
        axes.set_axisbelow(True)
        return drawing.data_url(plt, figure)

    return drawing.cached("columns", {"labels": labels, "values": values, "y": y_label}, alt, draw)


def progress(
    *, labels: list[str], baseline: list[float], latest: list[float], target: list[float], alt: str
) -> Chart:
    """KPIs as percentage of the way from baseline to target (0 = baseline, 100 = met)."""

    def draw():
        shares = []
        for b, now, t in zip(baseline, latest, target, strict=True):
            span = t - b
            shares.append(0.0 if span == 0 else max(-50.0, min(150.0, 100 * (now - b) / span)))
        plt, figure, axes = drawing.new_figure(WIDTH, drawing.height_for(len(labels), 0.3))
        ys = list(range(len(labels)))[::-1]
        colours = [GREEN if s >= 100 else BLUE if s >= 0 else RED for s in shares]
        axes.barh(ys, shares, color=colours, height=0.6)
        axes.axvline(100, color=INK, linewidth=0.8, linestyle="--")
        axes.axvline(0, color=GREY, linewidth=0.6)
        axes.set_yticks(ys, [shorten(label, LABEL_CHARS) for label in labels])
        axes.set_xlabel("Progress from baseline to target (%)")
        axes.set_xlim(-50, 150)
        return drawing.data_url(plt, figure)

    data = {"labels": labels, "b": baseline, "l": latest, "t": target}
    return drawing.cached("progress", data, alt, draw)


# Page kinds: alt text written from the data ------------------------------------------


def horizontal_bars(
    items: list[tuple[str, float]], *, title: str, x_label: str = "Count", caption: str = ""
) -> Chart | None:
    """One bar per item, in the order given, each labelled with its value."""
    if not items:
        return None
    labels = [label for label, _ in items]
    values = [float(value) for _, value in items]
    alt = f"{title}: {drawing.listing([(label, drawing.number(value)) for label, value in items])}."
    drawn = bars(labels=labels, values=values, x_label=x_label, alt=alt)
    return Chart(drawn.image, alt, drawn.cached, caption)


def paired_bars(
    items: list[tuple[str, float, float]],
    *,
    current_label: str,
    baseline_label: str,
    title: str,
    caption: str = "",
) -> Chart | None:
    """Two bars per item: the current period (blue) above the baseline (grey)."""
    if not items:
        return None
    labels = [label for label, _, _ in items]
    now = [float(n) for _, n, _ in items]
    before = [float(b) for _, _, b in items]
    pairs = [(label, f"{drawing.number(n)} against {drawing.number(b)}") for label, n, b in items]
    alt = f"{title}, {current_label} against {baseline_label}: {drawing.listing(pairs)}."

    def draw():
        plt, figure, axes = drawing.new_figure(WIDTH, drawing.height_for(len(items), 0.4))
        ys = [3 * i for i in range(len(items))][::-1]
        for offset, values, colour, name in (
            (0.5, now, BLUE, current_label),
            (-0.5, before, GREY, baseline_label),
        ):
            drawn = axes.barh([y + offset for y in ys], values, height=1, color=colour, label=name)
            axes.bar_label(drawn, labels=[drawing.number(v) for v in values], padding=3, fontsize=7)
        axes.set_yticks(ys, [shorten(label, LABEL_CHARS) for label in labels])
        axes.set_xlim(0, (max(now + before) or 1) * 1.12)
        axes.set_xlabel("Count")
        axes.grid(axis="x", color=PALE, linewidth=0.5)
        axes.set_axisbelow(True)
        # Above the plot, so the key never covers a bar.
        axes.legend(loc="lower left", bbox_to_anchor=(0, 1), ncols=2, frameon=False)
        return drawing.data_url(plt, figure)

    data = {"labels": labels, "now": now, "before": before, "c": current_label, "b": baseline_label}
    return drawing.cached("paired", data, alt, draw, caption)


def monthly_line(
    points: list[tuple[date, int | None]], *, title: str, y_label: str = "Count", caption: str = ""
) -> Chart | None:
    """Counts by month; months without data leave a gap. The report's `line`, so the
    same figures draw the same picture on the page and in the PDF."""
    known = [(month, value) for month, value in points if value is not None]
    if not known:
        return None
    high = max(known, key=lambda point: point[1])
    latest = known[-1]
    months = counted(len(points), "month")
    alt = (
        f"{title}: {months} from {month(points[0][0])} to {month(points[-1][0])}, "
        f"{len(known)} with data. The highest is {drawing.number(high[1])} in {month(high[0])}; "
        f"the latest is {drawing.number(latest[1])} in {month(latest[0])}."
    )
    drawn = line(
        labels=[f"{month:%b %Y}" for month, _ in points],
        values=[value for _, value in points],
        y_label=y_label,
        alt=alt,
    )
    return Chart(drawn.image, alt, drawn.cached, caption)


def kpi_trend(
    *,
    name: str,
    periods: list[date],
    values: list[float],
    baseline: float,
    target: float,
    higher_is_better: bool,
) -> Chart:
    """A KPI's figures over time against its baseline and target lines."""
    better = "higher" if higher_is_better else "lower"
    guides = (
        f"Baseline {drawing.number(baseline)}, target {drawing.number(target)} "
        f"({better} is better)."
    )
    if values:
        alt = (
            f"{name}: {len(values)} figure{'' if len(values) == 1 else 's'} from "
            f"{day(periods[0])} to {day(periods[-1])}, "
            f"latest {drawing.number(values[-1])}. {guides} "
            "The table below gives every figure."
        )
    else:
        alt = f"{name}: no figures yet. {guides}"

    def draw():
        plt, figure, axes = drawing.new_figure(5.6, 2.2)
        xs = list(range(len(values)))
        axes.axhline(target, color=GREEN, linewidth=1, linestyle="--")
        axes.axhline(baseline, color=GREY, linewidth=1, linestyle=":")
        if values:
            axes.plot(xs, values, color=BLUE, linewidth=1.8, marker="o", markersize=4)
            for x, value in zip(xs, values, strict=True):
                axes.annotate(
                    drawing.number(value),
                    (x, value),
                    textcoords="offset points",
                    xytext=(0, 5),
                    ha="center",
                    fontsize=7,
                    color=INK,
                )
            axes.set_xticks(xs, [f"{day:%b %Y}" for day in periods])
            axes.set_xlim(-0.5, max(len(values) - 0.5, 0.5))
        else:
            axes.set_xticks([])
        transform = axes.get_yaxis_transform()  # x in axes fractions, y in data
        for value, text in ((target, "Target"), (baseline, "Baseline")):
            axes.text(
                1,
                value,
                f"{text} {drawing.number(value)}",
                transform=transform,
                ha="right",
                va="bottom",
                fontsize=7,
                color=INK,
            )
        low, high = min(values + [baseline, target]), max(values + [baseline, target])
        pad = (high - low) * 0.15 or 1
        axes.set_ylim(low - pad, high + pad)
        return drawing.data_url(plt, figure)

    data = {"p": periods, "v": values, "b": baseline, "t": target}
    return drawing.cached("kpi", data, alt, draw)


def ranking_bars(
    *,
    labels: list[str],
    totals: list[float | None],
    above_line: list[bool],
    maximum: float,
    threshold_score: float | None = None,
) -> Chart:
    """Issues by total score in rank order; those going forward in green, with the
    line drawn at the threshold score, or between the last issue above it and the rest."""
    forward = sum(above_line)
    pairs = [(label, drawing.number(total)) for label, total in zip(labels, totals, strict=True)]
    alt = (
        f"Bar chart of {counted(len(labels), 'issue')} by total score, highest first: "
        f"{drawing.listing(pairs)}. "
        f"The top {forward} go forward for deeper analysis."
        if labels
        else "Bar chart of issues by total score: no issues."
    )

    def draw():
        plt, figure, axes = drawing.new_figure(WIDTH, drawing.height_for(len(labels)))
        values = [total or 0.0 for total in totals]
        colours = [GREEN if above else GREY for above in above_line]
        ys = _bars(axes, labels, values, colours, [drawing.number(total) for total in totals])
        axes.set_xlim(0, (maximum or max(values, default=0) or 1) * 1.05)
        axes.set_xlabel(
            f"Total score (out of {drawing.number(maximum)})" if maximum else "Total score"
        )
        if threshold_score is not None:
            axes.axvline(threshold_score, color=RED, linewidth=1, linestyle="--")
        elif 0 < forward < len(labels):
            axes.axhline(ys[forward - 1] - 0.5, color=RED, linewidth=1, linestyle="--")
        return drawing.data_url(plt, figure)

    data = {"l": labels, "t": totals, "a": above_line, "m": maximum, "s": threshold_score}
    return drawing.cached("ranking", data, alt, draw)


def clip_spans(spans: list[Span], start: date, end: date) -> list[tuple[Span, date, date]]:
    """Each span with its dates clipped to the axis; a span wholly outside is left out."""
    return [
        (span, max(span.starts_on, start), min(span.ends_on, end))
        for span in spans
        if span.ends_on >= start and span.starts_on <= end
    ]


def half_years(start: date, end: date) -> list[date]:
    """The first of each January and July from start to end: the timeline's ticks."""
    year, month = start.year, 1 if start.month == 1 and start.day == 1 else 7
    if month == 7 and (start.month, start.day) > (7, 1):
        year, month = year + 1, 1
    ticks = []
    while (day := date(year, month, 1)) <= end:
        ticks.append(day)
        year, month = (year, 7) if month == 1 else (year + 1, 1)
    return ticks


def timeline(
    rows: list[tuple[str, list[Span]]], *, start: date, end: date, today: date, title: str
) -> Chart:
    """Rows of dated bars on one date axis, with today marked in red. The first row
    (the years) is drawn pale with its labels inside the bars."""
    inside = start <= today <= end
    now = [s.label for _, spans in rows for s in spans if s.starts_on <= today <= s.ends_on]
    counts = ", ".join(f"{label} {len(spans)}" for label, spans in rows)
    alt = f"{title}, from {day(start)} to {day(end)}. Bars in each row: {counts}. "
    if not inside:
        alt += f"Today, {day(today)}, is outside the cycle."
    else:
        alt += f"Today, {day(today)}, falls in: {', '.join(now) or 'no stage'}."

    def draw():
        plt, figure, axes = drawing.new_figure(WIDTH, drawing.height_for(len(rows), 0.4))
        for index, (_label, spans) in enumerate(rows):
            y = len(rows) - 1 - index
            colour = LIGHT if index == 0 else SERIES[(index - 1) % len(SERIES)]
            for number, (span, left, right) in enumerate(clip_spans(spans, start, end)):
                width = (right - left).days + 1
                (bar,) = axes.barh(
                    y,
                    width,
                    left=left.toordinal(),
                    height=0.7,
                    color=colour,
                    edgecolor=INK if index == 0 else colour,
                    linewidth=0.6,
                )
                bar.set_gid(f"bar-{index}-{number}")  # tests count the bars in each row
                if index == 0:
                    axes.text(
                        left.toordinal() + 4,
                        y,
                        shorten(span.label, 24),
                        va="center",
                        fontsize=7,
                        color=INK,
                        clip_on=True,
                    )
        ticks = half_years(start, end)
        axes.set_xticks([t.toordinal() for t in ticks], [f"{t:%b %Y}" for t in ticks])
        axes.set_xlim(start.toordinal(), end.toordinal() + 1)
        axes.set_yticks(range(len(rows))[::-1], [label for label, _ in rows])
        axes.grid(axis="x", color=PALE, linewidth=0.5, linestyle=":")
        axes.set_axisbelow(True)
        if inside:
            axes.axvline(today.toordinal(), color=RED, linewidth=1.5)
            axes.text(
                today.toordinal(),
                1.0,
                "Today",
                transform=axes.get_xaxis_transform(),
                ha="center",
                va="bottom",
                color=RED,
                fontsize=7,
            )
        return drawing.data_url(plt, figure)

    data = {
        "rows": [(label, [vars(s) for s in spans]) for label, spans in rows],
        "s": start,
        "e": end,
        "today": today,
    }
    return drawing.cached("timeline", data, alt, draw)
