"""The analysis tables (presentation only): django-tables2 tables built from a
selectors.Analysis, and their CSV and XLSX exports with the data's attribution; and the
lists of records: datasets, uploads, a dataset's months, the data sources register and
the information-sharing agreements."""

from calendar import month_name

import django_tables2 as tables
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from csp_assessment import exports
from csp_assessment.dates import day, moment, month
from csp_assessment.tables import CaptionedTable

from .rules import METHOD_STATEMENT, month_label

ATTRIBUTION = "Contains public sector information licensed under the Open Government Licence v3.0."
POLICE_SOURCE = "Source: data.police.uk street-level crime and anti-social behaviour."


def _percent(value, places=1):
    return "Not available" if value is None else f"{value * 100:.{places}f}%"


def _count(value):
    return f"{value:,}"


def _one_place(value):
    return f"{value:,.1f}"


def rate_shown(value) -> str:
    """A rate per 1,000 residents as the analysis page and the report print it."""
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
    rate = FigureColumn("Per 1,000 residents", rate_shown)
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


# The lists of records -----------------------------------------------------------------


def _month(value) -> str:
    return month(value)


class DatasetTable(CaptionedTable):
    """Datasets annotated with ``month_count``, ``first_month`` and ``last_month``."""

    name = tables.Column(verbose_name="Dataset")
    kind = tables.Column(verbose_name="Kind")
    month_count = tables.Column(verbose_name="Months")
    covers = tables.Column(
        accessor="first_month", verbose_name="Covers", default="No months imported"
    )

    class Meta:
        attrs = {"class": "table align-middle"}

    def render_name(self, record, value):
        if not record.month_count:
            return value
        url = reverse(
            "analysis:dataset",
            kwargs={"slug": record.partnership.slug, "dataset_id": record.pk},
        )
        return format_html('<a href="{}">{}</a>', url, value)

    def render_covers(self, record, value):
        return f"{_month(value)} to {_month(record.last_month)}"


class UploadTable(CaptionedTable):
    caption = "Uploads of police and partner data"

    created_at = tables.Column(verbose_name="Uploaded")
    dataset = tables.Column(accessor="dataset__name", verbose_name="Dataset")
    files = tables.Column(verbose_name="Files", empty_values=(), orderable=False)
    uploaded_by = tables.Column(
        verbose_name="By",
        default="The workbench",
        order_by=("uploaded_by__user__first_name", "uploaded_by__user__last_name"),
    )
    status = tables.Column(verbose_name="Result")

    class Meta:
        attrs = {"class": "table table-sm align-middle"}

    def render_created_at(self, record, value):
        return format_html('<a href="{}">{}</a>', record.get_absolute_url(), moment(value))

    def render_files(self, record):
        names = ", ".join(file["name"] for file in record.files)
        if not record.files_deleted_on:
            return names
        return format_html(
            '{} <span class="small">(file deleted under the retention policy on {})</span>',
            names,
            day(record.files_deleted_on),
        )

    def render_uploaded_by(self, value):
        return value.display_name

    def render_status(self, record):
        return format_html(
            '<span class="tag tag-upload-{}">{}</span>', record.status, record.get_status_display()
        )


class MonthTable(CaptionedTable):
    """A dataset's months (``selectors.MonthHeld``); the remove column shows only to
    those the view says may remove data."""

    caption = "Months with data"
    row_header = "month"

    month = tables.Column(verbose_name="Month")
    rows = tables.Column(
        verbose_name="Rows in the area",
        attrs={"th": {"class": "text-end"}, "td": {"class": "text-end"}},
    )
    upload = tables.Column(
        verbose_name="Last imported", default="Unknown", order_by=("upload__finished_at",)
    )
    remove = tables.Column(
        accessor="month",
        verbose_name=mark_safe('<span class="visually-hidden">Action</span>'),
        orderable=False,
    )

    class Meta:
        attrs = {"class": "table align-middle", "data-testid": "months-table"}

    def __init__(self, data, *, slug: str, dataset_id: int, may_remove: bool, **kwargs):
        super().__init__(data, exclude=() if may_remove else ("remove",), **kwargs)
        self.slug = slug
        self.dataset_id = dataset_id

    def render_month(self, value):
        return _month(value)

    def render_rows(self, value):
        return floatformat(value, "g")

    def render_upload(self, value):
        link = format_html(
            '<a href="{}">{}</a>', value.get_absolute_url(), moment(value.finished_at)
        )
        if value.month_warnings:
            return format_html("{} (its file names gave other months)", link)
        return link

    def render_remove(self, value):
        url = reverse(
            "analysis:month_remove",
            kwargs={"slug": self.slug, "dataset_id": self.dataset_id, "month": f"{value:%Y-%m}"},
        )
        return format_html(
            '<a href="{}">Remove<span class="visually-hidden"> {}</span></a>', url, _month(value)
        )


class SourceTable(CaptionedTable):
    """The data sources register (``source_selectors.SourceRow``), overdue ones marked."""

    caption = "Data sources, who provides them and when they last came in"
    row_header = "source"
    region_label = "Table of data sources"

    source = tables.Column(verbose_name="Source", order_by=("source__name",))
    agency = tables.Column(
        accessor="source__agency", verbose_name="Provided by", order_by=("source__agency__name",)
    )
    covers = tables.Column(accessor="source", verbose_name="Covers", orderable=False)
    period = tables.Column(
        accessor="source", verbose_name="Latest period", order_by=("source__period_end",)
    )
    due = tables.Column(accessor="state__due_on", verbose_name="Next due", default="")
    reliability = tables.Column(
        accessor="source", verbose_name="Reliability", order_by=("source__reliability",)
    )

    class Meta:
        attrs = {"class": "table align-middle", "data-testid": "register"}
        row_attrs = {"class": lambda record: "overdue-item" if record.state.overdue else None}

    def render_source(self, value):
        prescribed = (
            mark_safe('<br><span class="small text-body-secondary">Prescribed</span>')
            if value.prescribed
            else ""
        )
        return format_html(
            '<a href="{}">{}</a>{}', value.get_absolute_url(), value.name, prescribed
        )

    def render_agency(self, record, value):
        owner = record.source.owner
        if owner is None:
            return value.name
        return format_html(
            '{}<br><span class="small">Owner: {}</span>', value.name, owner.display_name
        )

    def render_covers(self, value):
        return ", ".join(value.theme_labels)

    def render_period(self, value):
        if not value.period_end:
            return "Never received"
        return format_html(
            '{} to {}<br><span class="small">Received {}</span>',
            day(value.period_start),
            day(value.period_end),
            day(value.last_received_on),
        )

    def render_due(self, record, value):
        if record.state.overdue:
            return format_html('{} <strong class="tag tag-overdue">Overdue</strong>', day(value))
        return day(value)

    def render_reliability(self, value):
        return value.get_reliability_display()


class AgreementTable(CaptionedTable):
    """The information-sharing agreements (``source_selectors.AgreementRow``)."""

    caption = "Agreements, their parties and when they are reviewed"
    row_header = "agreement"
    region_label = "Table of information-sharing agreements"

    agreement = tables.Column(verbose_name="Agreement", order_by=("agreement__title",))
    parties = tables.Column(accessor="agreement", verbose_name="Parties", orderable=False)
    status = tables.Column(
        accessor="agreement", verbose_name="Status", order_by=("agreement__status",)
    )
    review_on = tables.Column(
        accessor="agreement__review_on",
        verbose_name="Review date",
        empty_values=(),
        order_by=("agreement__review_on",),
    )

    class Meta:
        attrs = {"class": "table align-middle", "data-testid": "agreements"}

    def render_agreement(self, value):
        return format_html('<a href="{}">{}</a>', value.get_absolute_url(), value.title)

    def render_parties(self, value):
        return format_html_join(", ", "{}", ((party.name,) for party in value.parties.all()))

    def render_status(self, value):
        return value.get_status_display()

    def render_review_on(self, record, value):
        when = day(value) if value else "Not set"
        if record.review_overdue:
            return format_html('{} <strong class="tag tag-overdue">Review overdue</strong>', when)
        if record.review_due:
            return format_html("{} <strong>Review due soon</strong>", when)
        return when
