"""The scoring lists: matrices and rounds (presentation only)."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from csp_assessment import dates
from csp_assessment.tables import CaptionedTable


class MatrixTable(CaptionedTable):
    caption = "Scoring matrices available to this partnership"

    name = tables.Column(verbose_name="Matrix")
    version = tables.Column(verbose_name="Version")
    method = tables.Column(verbose_name="Method")
    owner = tables.Column(
        accessor="partnership_id", verbose_name="Owner", default="Shipped with the workbench"
    )

    class Meta:
        attrs = {"class": "table align-middle"}

    def __init__(self, data, *, partnership, **kwargs):
        super().__init__(data, **kwargs)
        self.partnership = partnership

    def render_name(self, record, value):
        url = reverse(
            "scoring:matrix", kwargs={"slug": self.partnership.slug, "matrix_id": record.pk}
        )
        return format_html('<a href="{}">{}</a>', url, value)

    def render_owner(self):
        # Only this partnership's own copies have an owner; the rest fall to the default.
        return self.partnership.name


class RoundTable(CaptionedTable):
    """Rounds the reader may see, with their own sheet where they score in it; the view
    passes ``my_sheets`` (sheets by round id)."""

    caption = "Scoring rounds"

    name = tables.Column(verbose_name="Round", linkify=lambda record: record.get_absolute_url())
    year = tables.Column(verbose_name="Year", order_by=("year__cycle__name", "year__number"))
    matrix = tables.Column(verbose_name="Matrix", order_by=("matrix__name", "matrix__version"))
    deadline = tables.DateColumn(verbose_name="Deadline", format=dates.DAY)
    status = tables.Column(verbose_name="Status")
    sheet = tables.Column(verbose_name="Your sheet", empty_values=(), orderable=False)

    class Meta:
        attrs = {"class": "table align-middle"}
        order_by = ("-deadline",)  # until the reader sorts: the newest round first

    def __init__(self, data, *, my_sheets, **kwargs):
        super().__init__(data, **kwargs)
        self.my_sheets = my_sheets

    def render_year(self, record):
        return f"{record.year.cycle.name}, year {record.year.number}"

    def render_sheet(self, record):
        sheet = self.my_sheets.get(record.pk)
        if sheet is None:
            return format_html(
                '<span aria-hidden="true">–</span><span class="visually-hidden">{}</span>',
                "You do not score in this round",
            )
        url = reverse(
            "scoring:sheet",
            kwargs={"slug": record.year.cycle.partnership.slug, "round_id": record.pk},
        )
        return format_html('<a href="{}">{}</a>', url, sheet.get_status_display())
