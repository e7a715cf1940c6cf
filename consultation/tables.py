"""The consultation lists: surveys, rationale documents and the emerging issues log
(presentation only)."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator

from csp_assessment.dates import day
from csp_assessment.tables import CaptionedTable

from . import rules
from .models import Survey


class SurveyTable(CaptionedTable):
    """The partnership's surveys. The view passes what the reader may do
    (``may_manage``, ``may_read_results``), the surveys they have answered and today."""

    caption = "The partnership's surveys"

    title = tables.Column(verbose_name="Survey")
    audience = tables.Column(verbose_name="For")
    window = tables.Column(
        accessor="opens_on", verbose_name="Window", order_by=("opens_on", "closes_on")
    )
    status = tables.Column(verbose_name="Status")
    response_count = tables.Column(verbose_name="Responses")
    actions = tables.Column(verbose_name="Actions", empty_values=(), orderable=False)

    class Meta:
        attrs = {"class": "table align-middle"}

    def __init__(self, data, *, may_manage, may_read_results, answered, today, **kwargs):
        super().__init__(data, **kwargs)
        self.may_manage = may_manage
        self.may_read_results = may_read_results
        self.answered = answered
        self.today = today

    def render_title(self, record, value):
        if self.may_manage:
            return format_html('<a href="{}">{}</a>', record.get_absolute_url(), value)
        return value

    def render_audience(self, record):
        # django-tables2 passes a choice field's display text as ``value``, so the
        # stored value comes from the record.
        return "Public" if record.audience == Survey.Audience.PUBLIC else "Partners"

    def render_window(self, record):
        return f"{day(record.opens_on)} to {day(record.closes_on)}"

    def render_status(self, record):
        status = record.get_status_display()
        return f"{status} (open now)" if record.is_open(self.today) else status

    def render_actions(self, record):
        slug = record.year.cycle.partnership.slug
        parts = []
        if record.audience == Survey.Audience.PARTNER and record.is_open(self.today):
            if record.pk in self.answered:
                parts.append("Answered")
            else:
                url = reverse("consultation:survey_answer", args=[slug, record.pk])
                parts.append(format_html('<a href="{}">Answer {}</a>', url, record.title))
        if self.may_read_results and record.status != Survey.Status.DRAFT:
            url = reverse("consultation:results", args=[slug, record.pk])
            parts.append(format_html('<a href="{}">Results of {}</a>', url, record.title))
        return format_html_join(" ", "{}", ((part,) for part in parts))


class RationaleTable(CaptionedTable):
    """Rationale documents the reader may see; an overdue one is marked, as of ``today``."""

    subject = tables.Column(
        verbose_name="Issue or theme", empty_values=(), order_by=("issue__title", "theme")
    )
    specialist = tables.Column(
        verbose_name="Specialist",
        order_by=("specialist__user__first_name", "specialist__user__last_name"),
    )
    due_on = tables.Column(verbose_name="Due")
    state = tables.Column(verbose_name="State")
    attachment_count = tables.Column(verbose_name="Files")

    class Meta:
        attrs = {"class": "table align-middle"}
        row_attrs = {
            "class": lambda table, record: "overdue-row" if table.overdue(record) else None
        }

    def __init__(self, data, *, today, **kwargs):
        super().__init__(data, **kwargs)
        self.today = today

    def overdue(self, document) -> bool:
        return rules.is_overdue(document.state, document.due_on, self.today)

    def render_subject(self, record):
        return format_html(
            '<a href="{}">{}</a><div class="small">{}</div>',
            record.get_absolute_url(),
            record.subject,
            record.year.label,
        )

    def render_specialist(self, value):
        return value.display_name

    def render_due_on(self, record, value):
        if self.overdue(record):
            return format_html('{} <strong class="tag tag-overdue">Overdue</strong>', day(value))
        return day(value)


class EmergingIssueTable(CaptionedTable):
    """The emerging issues log; ``may_triage`` is the view's answer to whether the
    reader may triage an open one."""

    caption = "Emerging issues logged by the partnership"

    title = tables.Column(verbose_name="What")
    location = tables.Column(verbose_name="Where", default="–")
    logged_at = tables.Column(verbose_name="Logged")
    status = tables.Column(verbose_name="Status")

    class Meta:
        attrs = {"class": "table align-middle"}

    def __init__(self, data, *, may_triage, **kwargs):
        super().__init__(data, **kwargs)
        self.may_triage = may_triage

    def render_title(self, record, value):
        evidence = source = ""
        if record.evidence:
            words = Truncator(record.evidence).words(30, truncate=" …")
            evidence = format_html('<div class="small">{}</div>', words)
        if record.source:
            source = format_html('<div class="small">Source: {}</div>', record.source)
        return format_html("{}{}{}", value, evidence, source)

    def render_logged_at(self, record, value):
        by = record.logged_by.display_name if record.logged_by else ""
        return f"{day(value)} by {by or 'a former member'}"

    def render_status(self, record):
        year = f": year {record.issue.year.number}" if record.issue else ""
        reason = (
            format_html('<div class="small">{}</div>', record.close_reason)
            if record.close_reason
            else ""
        )
        triage = ""
        if self.may_triage and record.status == record.Status.OPEN:
            url = reverse("consultation:emerging_triage", args=[record.partnership.slug, record.pk])
            triage = format_html('<div><a href="{}">Triage {}</a></div>', url, record.title)
        return format_html("{}{}{}{}", record.get_status_display(), year, reason, triage)
