"""The demo's measures: each figure is for a quarter (ending March, June, September or
December), and a measure with fewer figures than quarters has them for the latest
quarters, so what a page shows as the latest figure is for the last quarter ended."""

from datetime import date


def quarter_ends(after: date, before: date) -> list[date]:
    """The ends of the quarters after `after` that ended before `before`."""
    ends = []
    for year in range(after.year, before.year + 1):
        for month, day in ((3, 31), (6, 30), (9, 30), (12, 31)):
            end = date(year, month, day)
            if after < end < before:
                ends.append(end)
    return ends


def latest_figures(ends: list[date], values: list) -> list[tuple[date, object]]:
    """The figures, in order, for the most recent of the quarters `ends`: with fewer
    figures than quarters the earliest quarters stay blank, never the latest; with
    more, the series starts at the first quarter and its later figures wait."""
    recent = ends[-len(values) :] if values else []
    return list(zip(recent, values, strict=False))
