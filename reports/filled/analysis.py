"""Fills a report from analysis: levels, trends, categories, changes, seasons,
hotspots and the data tables, and notes the levels and changes evidence."""

from datetime import date

from analysis import rules as analysis_rules
from analysis.models import Dataset
from analysis.selectors import Analysis, analysis_for
from analysis.tables import ATTRIBUTION, rate_shown
from csp_assessment import charts

from ..blocks import Block, empty
from ..models import Report
from ..period import analysis_period
from .reader import Reader, number, percent

TREND_LABEL = "Recorded each month"
ASB_CATEGORY = "Anti-social behaviour"  # as data.police.uk names it
# Categories with fewer than this many before are left out of the change chart, where
# 1 to 2 would stand as +100%. Its text alternative says so.
CHARTED_FROM = 10


def analyses(reader: Reader) -> list[Analysis]:
    """Every dataset of the partnership, analysed over the report's analysis period, the
    one its front page states (`period.analysis_period`): the twelve months to the month
    the analyst chose, or else to the latest month any dataset has data. A dataset with
    no data in those months says so (`_outside_the_period`); it is not analysed to a
    month of its own."""
    districts = list(reader.partnership.districts.all())
    end = analysis_period(reader.report).end
    return [
        analysis_for(dataset=d, districts=districts, area=None, end=end, length=12)
        for d in Dataset.objects.shown().filter(partnership=reader.partnership)
    ]


def levels_table(reader: Reader, result: Analysis) -> Block:
    if reader.public:
        # The categories add up to the total on the last row (and in the headline).
        *categories, total = result.levels
        shown = reader.counts([level.count for level in categories])
        return Block(
            kind="table",
            caption=f"{result.dataset.name}: {result.current_description}",
            headers=["Category", "Recorded"],
            numeric=[False, True],
            rows=[
                *([level.category, text] for level, text in zip(categories, shown, strict=True)),
                [total.category, reader.count(total.count)],
            ],
        )
    rate_known = result.population is not None
    headers = ["Category", "Recorded", "Share", "Monthly average"]
    if rate_known:
        headers.append("Per 1,000 residents")
    rows = []
    for level in result.levels:
        row = [
            level.category,
            number(level.count),
            percent(level.share),
            number(level.monthly_average, 1),
        ]
        if rate_known:
            row.append(rate_shown(level.rate))
        rows.append(row)
    return Block(
        kind="table",
        caption=f"{result.dataset.name}: {result.current_description}",
        headers=headers,
        numeric=[False, True, True, True, True],
        rows=rows,
    )


def trend_chart(reader: Reader, result: Analysis) -> Block | None:
    known = [count for _, count in result.trend if count is not None]
    if not known:
        return None
    if any(reader.hidden(count) for count in known):
        return None
    if len(known) < 3:
        # Too few months for a line: each month with data as a column instead.
        months = [(month, count) for month, count in result.trend if count is not None]
        return reader.chart(
            charts.columns,
            labels=[analysis_rules.month_label(month) for month, _ in months],
            values=[count for _, count in months],
            y_label=TREND_LABEL,
            alt=(
                f"Column chart of {result.dataset.name.lower()} recorded in each month "
                "with data: "
                + ", ".join(f"{analysis_rules.month_label(m)} {c:,}" for m, c in months)
                + "."
            ),
        )
    labels = [f"{month:%b %Y}" for month, _ in result.trend]
    first, last = result.trend[0][0], result.trend[-1][0]
    alt = (
        f"Line chart of {result.dataset.name.lower()} recorded each month from "
        f"{analysis_rules.month_label(first)} to {analysis_rules.month_label(last)}: "
        f"lowest {min(known):,}, highest {max(known):,}, latest {known[-1]:,}."
    )
    return reader.chart(
        charts.line,
        labels=labels,
        values=[count for _, count in result.trend],
        y_label=TREND_LABEL,
        alt=alt,
    )


def categories_chart(reader: Reader, result: Analysis) -> Block | None:
    categories = result.levels[:-1]
    hide = reader.group_hidden([level.count for level in categories])
    levels = [level for level, h in zip(categories, hide, strict=True) if level.count and not h]
    if not levels:
        return None
    levels.sort(key=lambda level: -level.count)
    top = levels[0]
    alt = (
        f"Bar chart of {len(levels)} {'category' if len(levels) == 1 else 'categories'} "
        f"recorded {result.current_description}. "
        f"The largest is {top.category.lower()} with {top.count:,}."
    )
    return reader.chart(
        charts.bars,
        labels=[level.category for level in levels],
        values=[level.count for level in levels],
        x_label="Recorded",
        alt=alt,
    )


def change_blocks(reader: Reader, result: Analysis) -> list[Block | None]:
    blocks: list[Block | None] = []
    for comparison in result.comparisons:
        if not comparison.rows:
            blocks.append(empty(f"{comparison.pairing.label}: no months to compare with."))
            continue
        reader.out.note("changes", f"{result.dataset.name}: {comparison.description}")
        blocks.append(
            Block(
                kind="table",
                caption=f"Change: {comparison.description}",
                headers=["Category", "Now", "Before", "Change", "Assessment"],
                numeric=[False, True, True, True, False],
                rows=[
                    [
                        row.category,
                        number(row.change.current),
                        number(row.change.baseline),
                        "–" if row.change.percent is None else f"{row.change.percent:+.1f}%",
                        row.change.verdict,
                    ]
                    for row in comparison.rows
                ],
            )
        )
    if result.comparisons and result.comparisons[0].rows:
        comparison = result.comparisons[0]
        rows = [
            r
            for r in comparison.rows[:-1]
            if r.change.percent is not None and r.change.baseline >= CHARTED_FROM
        ]
        if rows:
            biggest = max(rows, key=lambda r: abs(r.change.percent))
            alt = (
                f"Bar chart of the percentage change in each category with at least "
                f"{CHARTED_FROM} recorded before, {comparison.description}. Of those, the "
                f"largest change is {biggest.category.lower()} at "
                f"{biggest.change.percent:+.0f}%."
            )
            blocks.append(
                reader.chart(
                    charts.changes,
                    labels=[r.category for r in rows],
                    percents=[round(r.change.percent, 1) for r in rows],
                    alt=alt,
                )
            )
    return blocks


def seasons_chart(reader: Reader, result: Analysis) -> Block | None:
    if not result.seasons or len(result.seasons) < 12:
        return None
    busiest = max(result.seasons, key=lambda s: s.average)
    quietest = min(result.seasons, key=lambda s: s.average)
    labels = [date(2000, s.calendar_month, 1).strftime("%b") for s in result.seasons]
    alt = (
        "Column chart of the average recorded in each calendar month. The busiest "
        f"month is {date(2000, busiest.calendar_month, 1):%B} ({busiest.average:,.0f}); "
        f"the quietest is {date(2000, quietest.calendar_month, 1):%B} "
        f"({quietest.average:,.0f})."
    )
    return reader.chart(
        charts.columns,
        labels=labels,
        values=[round(s.average, 1) for s in result.seasons],
        y_label="Average recorded",
        alt=alt,
    )


def hotspot_blocks(reader: Reader, result: Analysis) -> list[Block | None]:
    if not result.hotspots:
        return []
    top = result.hotspots[:10]
    note = None
    if result.concentration and result.concentration.top_percent is not None:
        c = result.concentration
        note = Block(
            kind="note",
            text=(
                f"The busiest {c.top_areas} of {c.areas} neighbourhoods (LSOAs) account for "
                f"{c.top_percent:.0f}% of the recorded total."
            ),
        )
    table = Block(
        kind="table",
        caption=f"The busiest neighbourhoods, {result.current_description}",
        headers=["Neighbourhood (LSOA)", "District", "Recorded", "Share"],
        numeric=[False, False, True, True],
        rows=[[f"{h.name} ({h.code})", h.district, number(h.count), percent(h.share)] for h in top],
    )
    chart = reader.chart(
        charts.bars,
        labels=[h.name for h in top],
        values=[h.count for h in top],
        x_label="Recorded",
        alt=(
            f"Bar chart of the ten busiest neighbourhoods. The busiest, {top[0].name}, "
            f"recorded {top[0].count:,}."
        ),
    )
    return [note, table, chart]


def read_analysis(reader: Reader) -> None:
    results = [r for r in analyses(reader) if r.periods is not None]
    if not results:
        missing = empty(
            "No crime or partner data has been imported yet. Import data.police.uk "
            "extracts on the Analysis page and they will appear here."
        )
        for key in ("analysis", "appendix-data", "what-the-data-shows", "emerging-issues"):
            reader.add(key, missing)
        return
    for result in results:
        if not result.periods.current.months_with_data:
            _outside_the_period(reader, result)
            continue
        reader.out.note("levels", f"{result.dataset.name}, {result.current_description}")
        if result.dataset.is_police:
            # Police street-level data holds crime, and anti-social behaviour with it.
            reader.out.note("crime", f"{result.dataset.name}, {result.current_description}")
            if any(level.category == ASB_CATEGORY for level in result.levels):
                reader.out.note("asb", f"{result.dataset.name}, {result.current_description}")
        sources = [
            result.dataset.name,
            result.dataset.get_kind_display(),
            analysis_rules.describe_months(result.available) if result.available else "",
        ]
        reader.add("introduction-sources", Block(kind="row", items=sources))
        headline = Block(kind="note", title=result.dataset.name, text=_headline(reader, result))
        if reader.report.kind == Report.Kind.FULL:
            reader.add(
                "analysis",
                headline,
                levels_table(reader, result),
                trend_chart(reader, result),
                categories_chart(reader, result),
                *change_blocks(reader, result),
                seasons_chart(reader, result),
                credit(result),
            )
            if hotspots := hotspot_blocks(reader, result):
                reader.add("locations", *hotspots, credit(result))
            reader.add("appendix-data", *data_tables(reader, result), credit(result))
        elif reader.report.kind == Report.Kind.REFRESH:
            reader.add(
                "emerging-issues",
                headline,
                *change_blocks(reader, result),
                credit(result),
            )
        else:
            reader.add(
                "what-the-data-shows",
                headline,
                levels_table(reader, result),
                trend_chart(reader, result),
                categories_chart(reader, result),
                credit(result),
            )


SECTION = {Report.Kind.FULL: "analysis", Report.Kind.REFRESH: "emerging-issues"}


def credit(result: Analysis) -> Block | None:
    """The licence's attribution under a police dataset's figures, as on the analysis
    page: data.police.uk publishes under the Open Government Licence v3.0. A partner's
    own data carries no such licence, so none is claimed for it."""
    if not result.dataset.is_police:
        return None
    return Block(kind="note", text=f"Source: data.police.uk. {ATTRIBUTION}")


def _outside_the_period(reader: Reader, result: Analysis) -> None:
    """A dataset whose months all fall outside the report's analysis period: listed
    among the sources, and said in words where its figures would be, with no table or
    chart of zeros."""
    window = result.periods.current
    months = analysis_rules.describe_months(
        analysis_rules.months_between(window.first, window.last)
    )
    held = analysis_rules.describe_months(
        analysis_rules.months_between(result.available[0], result.available[-1])
    )
    sources = [
        result.dataset.name,
        result.dataset.get_kind_display(),
        analysis_rules.describe_months(result.available),
    ]
    reader.add("introduction-sources", Block(kind="row", items=sources))
    text = (
        f"No figures for the analysis period, {months}: this dataset's figures are for "
        f"{held}, so it is not analysed here."
    )
    reader.add(
        SECTION.get(reader.report.kind, "what-the-data-shows"),
        Block(kind="note", title=result.dataset.name, text=text),
    )


def _headline(reader: Reader, result: Analysis) -> str:
    total = result.total
    if total is None:
        return "No records in the chosen period."
    text = f"{reader.count(total.count)} recorded in {result.current_description}"
    if total.rate is not None and not reader.public:
        text += f", {rate_shown(total.rate)} per 1,000 residents"
    text += "."
    if result.comparisons and result.comparisons[0].rows:
        change = result.comparisons[0].rows[-1].change
        if change.percent is not None:
            # As printed, to one place: a change that rounds to 0.0% is no change.
            shown = round(change.percent, 1)
            if shown == 0:
                movement = "unchanged on"
            else:
                movement = f"{'up' if shown > 0 else 'down'} {abs(shown):.1f}% on"
            text += (
                f" That is {movement} "
                f"{result.comparisons[0].description.split(' compared with ')[-1]}"
                f" ({change.verdict.lower()})."
            )
    return text


def data_tables(reader: Reader, result: Analysis) -> list[Block | None]:
    blocks: list[Block | None] = []
    if len(result.by_district) > 1:
        blocks.append(
            Block(
                kind="table",
                caption=f"{result.dataset.name} by district, {result.current_description}",
                headers=["District", "Recorded", "Share", "Per 1,000 residents"],
                numeric=[False, True, True, True],
                rows=[
                    [
                        d.category,
                        number(d.count),
                        percent(d.share),
                        "–" if d.rate is None else rate_shown(d.rate),
                    ]
                    for d in result.by_district
                ],
            )
        )
    blocks.append(
        Block(
            kind="table",
            caption=f"{result.dataset.name}: recorded each month",
            headers=["Month", "Recorded"],
            numeric=[False, True],
            rows=[
                [analysis_rules.month_label(m), number(c) if c is not None else "no data"]
                for m, c in result.trend
            ],
        )
    )
    if result.outcomes:
        blocks.append(
            Block(
                kind="table",
                caption=f"{result.dataset.name}: last recorded outcomes",
                headers=["Outcome", "Crimes", "Share"],
                numeric=[False, True, True],
                rows=[[o, number(n), percent(s)] for o, n, s in result.outcomes],
            )
        )
    return blocks
