"""The analysis tables (presentation only): django-tables2 tables built from a
selectors.Analysis, and their CSV and XLSX exports with the data's attribution."""

from calendar import month_name

import django_tables2 as tables

from csp_assessment import exports

from .rules import METHOD_STATEMENT, month_label

ATTRIBUTION = "Contains public sector information licensed under the Open Government Licence v3.0."
POLICE_SOURCE = "Source: data.police.uk street-level crime and anti-social behaviour."


def _percent(value, places=1):
    return "Not available" if value is None else f"{value * 100:.{places}f}%"


def _count(value):
    return f"{value:,}"


def _one_place(value):
    return f"{value:,.1f}"


def _rate(value):
    if value is None:
        return "No population set"
    return "Under 0.01" if 0 < value < 0.01 else f"{value:.2f}"


def _change(value):
    return f"{value:+,}"


def _change_percent(value):
    return "None before" if value is None else f"{value:+.1f}%"


def _p_value(value):
    return "<0.001" if value < 0.001 else f"{value:.3f}"


def _index(value):
    return f"{value * 100:.0f}"


TABLE_ATTRS = {"class": "table table-sm align-middle analysis-table"}
NUMERIC = {"td": {"class": "num"}, "th": {"class": "num"}}


class FigureColumn(tables.Column):
    """A right-aligned figure, shown through `text`. Exports take the raw value."""

    def __init__(self, verbose_name: str, text=str, **kwargs):
        super().__init__(verbose_name=verbose_name, attrs=NUMERIC, **kwargs)
        self.text = text

    def render(self, value):
        return self.text(value)


class AnalysisTable(tables.Table):
    """Small tables in a fixed order: sorting by query string would fight the period form."""

    def __init__(self, data, **kwargs):
        super().__init__(data, orderable=False, attrs=TABLE_ATTRS, **kwargs)


class LevelTable(AnalysisTable):
    category = tables.Column(verbose_name="Category")
    count = FigureColumn("Count", _count)
    share = FigureColumn("Share of all", _percent)
    rate = FigureColumn("Per 1,000 residents", _rate)
    monthly_average = FigureColumn("Average a month", _one_place)


class DistrictLevelTable(LevelTable):
    category = tables.Column(verbose_name="District")


class ChangeTable(AnalysisTable):
    category = tables.Column(verbose_name="Category")
    current = FigureColumn("This period", _count)
    baseline = FigureColumn("Compared with", _count)
    absolute = FigureColumn("Change", _change)
    percent = FigureColumn("Change (%)", _change_percent)
    p_value = FigureColumn("p-value", _p_value)
    verdict = tables.Column(verbose_name="Unlikely to be chance?")


class HotspotTable(AnalysisTable):
    rank = tables.Column(verbose_name="Rank")
    name = tables.Column(verbose_name="LSOA")
    code = tables.Column(verbose_name="LSOA code")
    district = tables.Column(verbose_name="District")
    count = FigureColumn("Count", _count)
    share = FigureColumn("Share of the area's total", _percent)


class TrendTable(AnalysisTable):
    month = tables.Column(verbose_name="Month")
    count = FigureColumn("Count", _count)

    def render_month(self, value):
        return month_label(value)

    def value_month(self, value):
        return f"{value:%Y-%m}"


class SeasonTable(AnalysisTable):
    month = tables.Column(verbose_name="Calendar month")
    average = FigureColumn("Average count", _one_place)
    years = FigureColumn("Years with data")
    index = FigureColumn("Index (100 = average month)", _index)


class OutcomeTable(AnalysisTable):
    outcome = tables.Column(verbose_name="Last outcome recorded")
    count = FigureColumn("Crimes", _count)
    share = FigureColumn("Share", _percent)


def _levels(levels):
    return [vars(level) for level in levels]


def build_tables(analysis) -> dict[str, tables.Table]:
    """Every table the analysis page shows, by the name its export URL uses."""
    built = {
        "levels": LevelTable(_levels(analysis.levels)),
        "districts": DistrictLevelTable(_levels(analysis.by_district)),
        "trend": TrendTable([{"month": m, "count": c} for m, c in analysis.trend if c is not None]),
        "seasonality": SeasonTable(
            [
                {
                    "month": month_name[s.calendar_month],
                    "average": s.average,
                    "years": s.years,
                    "index": s.index or 0,
                }
                for s in analysis.seasons
            ]
        ),
        "hotspots": HotspotTable(
            [{"rank": i, **vars(h)} for i, h in enumerate(analysis.hotspots, start=1)]
        ),
        "outcomes": OutcomeTable(
            [{"outcome": o, "count": c, "share": s} for o, c, s in analysis.outcomes]
        ),
    }
    for index, comparison in enumerate(analysis.comparisons):
        built[f"changes-{index + 1}"] = ChangeTable(
            [
                {
                    "category": row.category,
                    "current": row.change.current,
                    "baseline": row.change.baseline,
                    "absolute": row.change.absolute,
                    "percent": row.change.percent,
                    "p_value": row.change.p_value,
                    "verdict": row.change.verdict,
                }
                for row in comparison.rows
            ]
        )
    return built


def _plain(value):
    if isinstance(value, float):
        return round(value, 4)
    if hasattr(value, "strftime"):
        return f"{value:%Y-%m}"
    return value


def _export_rows(table) -> list[list]:
    # Raw values, not the on-screen text, so a spreadsheet can calculate with them.
    names = [column.name for column in table.columns]
    header = [str(column.header) for column in table.columns]
    return [header] + [[_plain(row.record.get(name)) for name in names] for row in table.rows]


def _notes(title: str, dataset_name: str, is_police: bool, method: bool) -> list[str]:
    notes = [title, f"Dataset: {dataset_name}."]
    if is_police:
        notes.append(POLICE_SOURCE)
    if method:
        notes.append(f"Method: {METHOD_STATEMENT}")
    notes.append(ATTRIBUTION)
    return notes


def export_csv(table, *, title: str, dataset_name: str, is_police: bool, method: bool) -> bytes:
    notes = _notes(title, dataset_name, is_police, method)
    rows = [["" if v is None else v for v in row] for row in _export_rows(table)]
    return exports.csv_bytes([*rows, [], *([note] for note in notes)])


def export_xlsx(table, *, title: str, dataset_name: str, is_police: bool, method: bool) -> bytes:
    book = exports.new_workbook()
    sheet = book.create_sheet("Data")
    header, *rows = _export_rows(table)
    exports.append_row(sheet, header, bold=True)
    for row in rows:
        exports.append_row(sheet, row)
    exports.append_row(sheet, [])
    for note in _notes(title, dataset_name, is_police, method):
        exports.append_row(sheet, [note])
    return exports.xlsx_bytes(book)
