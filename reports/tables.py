"""The reports of one year (presentation only)."""

import django_tables2 as tables
from django.utils.html import format_html

from csp_assessment.tables import CaptionedTable


class ReportTable(CaptionedTable):
    """One year's reports, each with ``version_count`` and its ``newest`` version."""

    row_header = "title"

    title = tables.Column(verbose_name="Report")
    kind = tables.Column(verbose_name="Kind")
    version_count = tables.Column(verbose_name="Versions")
    newest = tables.Column(verbose_name="Newest version", default="None yet", orderable=False)

    class Meta:
        attrs = {"class": "table"}

    def render_title(self, record, value):
        return format_html('<a href="{}">{}</a>', record.get_absolute_url(), value)

    def render_newest(self, value):
        return f"Version {value.version} ({value.state_name}): {value.get_status_display().lower()}"
