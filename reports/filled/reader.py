"""What every filler of a report shares: the report being filled, whether it is the
public summary (and its small-number threshold), the blocks gathered so far, and
the number formats the PDF prints."""

import time

from cycles.models import CycleYear
from partnerships.disclosure import group_hidden, hidden, shown_count, shown_group

from ..blocks import Block, Gathered
from ..models import Report


def number(value, places: int = 0) -> str:
    if value is None:
        return "–"
    return f"{value:,.{places}f}"


def percent(share: float | None) -> str:
    return "–" if share is None else f"{100 * share:.1f}%"


class Reader:
    """One report's filling-in, built once per render and handed to each filler."""

    def __init__(self, report: Report, *, draw: bool, timings=None):
        self.report = report
        self.year: CycleYear = report.year
        self.partnership = self.year.cycle.partnership
        self.public = report.kind == Report.Kind.PUBLIC
        # The partnership's one small-number threshold (partnerships/disclosure.py).
        self.threshold = self.partnership.suppress_below
        self.draw = draw
        self.timings = timings
        self.out = Gathered()

    def hidden(self, value: int | None) -> bool:
        """Whether this report must not show the count exactly (nor chart it)."""
        return self.public and hidden(value, self.threshold)

    def count(self, value: int | None) -> str:
        if self.public:
            return shown_count(value, self.threshold)
        return number(value)

    def group_hidden(self, values: list[int | None]) -> list[bool]:
        """Which of a group of counts adding up to a total the report shows must not be
        shown exactly (nor charted): a small one, and one more with it
        (`disclosure.group_hidden`), so it is not the total minus the rest."""
        if self.public:
            return group_hidden(values, self.threshold)
        return [False] * len(values)

    def counts(self, values: list[int | None]) -> list[str]:
        """A group of counts adding up to a total the report shows, as printed: in the
        public summary a small one reads "fewer than N" and the one hidden with it
        "not shown"."""
        if self.public:
            return shown_group(values, self.threshold)
        return [number(value) for value in values]

    def chart(self, maker, **kwargs) -> Block | None:
        """A chart block drawn by `maker` (a `charts.` function), or nothing when the
        caller asked for content without charts (the statutory check)."""
        if not self.draw:
            return None
        started = time.perf_counter()
        drawn = maker(**kwargs)
        if self.timings is not None:
            self.timings.charts += time.perf_counter() - started
        self.out.charts += 1
        return Block(kind="chart", image=drawn.image, alt=drawn.alt, caption=kwargs.get("alt", ""))

    def add(self, key: str, *blocks: Block | None) -> None:
        self.out.add(key, *[b for b in blocks if b is not None])
