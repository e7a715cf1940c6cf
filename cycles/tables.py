"""The cycle lists: cycles, the partnership's themes and the long list of issues
(presentation only)."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from csp_assessment.dates import day
from csp_assessment.tables import CaptionedTable


class CycleTable(CaptionedTable):
    """Cycles annotated with ``year_count``, ``first_day`` and ``last_day``."""

    name = tables.Column(verbose_name="Cycle", linkify=lambda record: record.get_absolute_url())
    template = tables.Column(
        accessor="template_key",
        verbose_name="Template",
        order_by=("template_key", "template_version"),
    )
    year_count = tables.Column(verbose_name="Years")
    runs = tables.Column(accessor="first_day", verbose_name="Runs", default="")

    class Meta:
        attrs = {"class": "table align-middle"}

    def render_template(self, record, value):
        return f"{value} (version {record.template_version})"

    def render_runs(self, record, value):
        return f"{day(value)} to {day(record.last_day)}"


class ThemeTable(CaptionedTable):
    """The partnership's themes as (theme, number of issues) pairs."""

    caption = "The partnership's themes"
    row_header = "theme"

    theme = tables.Column(
        accessor="0__name", verbose_name="Theme", attrs={"td": {"class": "fw-normal"}}
    )
    issues = tables.Column(accessor="1", verbose_name="Issues")
    change = tables.Column(
        accessor="0",
        verbose_name=mark_safe('<span class="visually-hidden">Change</span>'),
        orderable=False,
    )

    class Meta:
        attrs = {"class": "table table-sm align-middle"}

    def render_change(self, value):
        url = reverse(
            "cycles:theme_edit", kwargs={"slug": value.partnership.slug, "theme_id": value.pk}
        )
        return format_html(
            '<a href="{}">Rename or merge<span class="visually-hidden"> {}</span></a>',
            url,
            value.name,
        )


class IssueTable(CaptionedTable):
    """A year's long list; ``may_edit`` is the view's answer to whether the reader may
    edit its issues."""

    title = tables.Column(verbose_name="Issue")
    theme = tables.Column(verbose_name="Theme", default="–")
    lead_agency = tables.Column(
        verbose_name="Lead agency", default="–", order_by=("lead_agency__name",)
    )
    source = tables.Column(verbose_name="Source")
    pestelo = tables.Column(verbose_name="PESTELO", empty_values=(), orderable=False)

    class Meta:
        attrs = {"class": "table align-middle"}

    def __init__(self, data, *, may_edit: bool, **kwargs):
        super().__init__(data, **kwargs)
        self.may_edit = may_edit

    def render_title(self, record, value):
        if self.may_edit:
            url = reverse(
                "cycles:issue_edit",
                kwargs={
                    "slug": record.year.cycle.partnership.slug,
                    "year_id": record.year_id,
                    "issue_id": record.pk,
                },
            )
            title = format_html('<a href="{}">{}</a>', url, value)
        else:
            title = value
        tag = (
            mark_safe(' <span class="tag tag-serious-violence">Serious violence</span>')
            if record.serious_violence
            else ""
        )
        description = (
            format_html(
                '<div class="small text-body-secondary">{}</div>',
                Truncator(record.description).words(25, truncate=" …"),
            )
            if record.description
            else ""
        )
        return format_html("{}{}{}", title, tag, description)

    def render_pestelo(self, record):
        labels = ", ".join(record.pestelo_labels()) or "–"
        if not record.pestelo_note:
            return labels
        return format_html('{}<div class="small">{}</div>', labels, record.pestelo_note)
