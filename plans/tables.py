"""The versions of the partnership plan (presentation only)."""

import django_tables2 as tables
from django.utils.html import format_html

from csp_assessment import dates
from csp_assessment.tables import CaptionedTable


class PlanVersionTable(CaptionedTable):
    caption = "Versions of the partnership plan"
    row_header = "version"

    version = tables.Column(verbose_name="Version")
    covers = tables.Column(
        accessor="period_label", verbose_name="Covers", order_by=("year__starts_on",)
    )
    status = tables.Column(verbose_name="Status")
    published_at = tables.DateTimeColumn(verbose_name="Published", format=dates.DAY, default="No")

    class Meta:
        attrs = {"class": "table", "data-testid": "versions"}

    def render_version(self, record, value):
        return format_html('<a href="{}">Version {}</a>', record.get_absolute_url(), value)
