"""The priorities lists: groups, escalations to the county, checklist runs, the
watchlist of non-priorities and other plans' objectives (presentation only)."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from csp_assessment.dates import DAY, day
from csp_assessment.tables import CaptionedTable


class GroupTable(CaptionedTable):
    caption = "Groups"

    name = tables.Column(verbose_name="Group")
    kind = tables.Column(verbose_name="Kind")
    chair = tables.Column(
        verbose_name="Chair",
        default="None yet",
        order_by=("chair__user__first_name", "chair__user__last_name"),
    )

    class Meta:
        attrs = {"class": "table table-sm align-middle"}

    def render_name(self, record, value):
        url = reverse(
            "priorities:group", kwargs={"slug": record.partnership.slug, "group_id": record.pk}
        )
        return format_html('<a href="{}">{}</a>', url, value)

    def render_chair(self, value):
        return value.display_name


class EscalationTable(CaptionedTable):
    """District priorities escalated to the county ``slug``; ``may_adopt`` is the view's
    answer to whether the reader may adopt one."""

    caption = "District priorities escalated to the county"
    row_header = "title"

    district = tables.Column(accessor="year__cycle__partnership__name", verbose_name="District")
    title = tables.Column(verbose_name="Priority")
    year = tables.Column(verbose_name="Year", order_by=("year__starts_on",))
    escalation_reason = tables.Column(verbose_name="Reason", default="")
    escalated_at = tables.DateTimeColumn(verbose_name="Escalated", format=DAY, default="")
    county = tables.Column(verbose_name="County", empty_values=(), orderable=False)

    class Meta:
        attrs = {"class": "table align-middle", "data-testid": "escalations"}

    def __init__(self, data, *, slug: str, may_adopt: bool, **kwargs):
        super().__init__(data, **kwargs)
        self.slug = slug
        self.may_adopt = may_adopt

    def render_title(self, record, value):
        if not record.emphasis:
            return value
        return format_html('{}<div class="small fw-normal">{}</div>', value, record.emphasis)

    def render_year(self, value):
        return value.label

    def render_county(self, record):
        adoptions = record.adoptions.all()
        if adoptions:
            return "; ".join(f"Adopted into {adopted.year.label}" for adopted in adoptions)
        if not self.may_adopt:
            return "Not adopted"
        url = reverse(
            "priorities:adopt",
            kwargs={"slug": self.slug, "priority_id": record.pk},
        )
        district = record.year.cycle.partnership.name
        return format_html(
            '<a href="{}">Adopt<span class="visually-hidden"> {} from {}</span></a>',
            url,
            record.title,
            district,
        )


class ChecklistTable(CaptionedTable):
    """Checklist runs, each with its progress: the rows are (run, progress) pairs."""

    caption = "Checklist runs with their progress"

    checklist = tables.Column(accessor="0__template__name", verbose_name="Checklist")
    year = tables.Column(accessor="0__year", verbose_name="Year", order_by=("0__year__starts_on",))
    progress = tables.Column(
        accessor="1", verbose_name="Progress", order_by=("1__percent", "1__complete")
    )

    class Meta:
        attrs = {"class": "table align-middle"}

    def render_checklist(self, record, value):
        run = record[0]
        url = reverse(
            "priorities:checklist",
            kwargs={"slug": run.year.cycle.partnership.slug, "run_id": run.pk},
        )
        return format_html('<a href="{}">{}</a>', url, value)

    def render_year(self, value):
        return f"{value.cycle.name}, {value.label}"

    def render_progress(self, value):
        return f"{value.complete} of {value.total} green ({value.percent}%)"


class WatchlistTable(CaptionedTable):
    """The watchlist's rows (``review_selectors.WatchRow``), flagged ones first."""

    caption = "Non-priorities with their rank, police figures and any key change"
    row_header = "issue"

    issue = tables.Column(accessor="issue__title", verbose_name="Issue")
    rank = tables.Column(verbose_name="Rank", default="–")
    police = tables.Column(
        accessor="change", verbose_name="Police figures", empty_values=(), orderable=False
    )
    flags = tables.Column(verbose_name="Key change", empty_values=(), orderable=False)

    class Meta:
        attrs = {"class": "table table-sm", "data-testid": "watchlist"}
        row_attrs = {
            "id": lambda record: f"issue-{record.issue.pk}",
            "data-testid": lambda record: "flagged" if record.flags else None,
        }

    def render_police(self, value):
        if value.change:
            return f"{value.crime_types}: {value.change.baseline} to {value.change.current}"
        if value.crime_types:
            return f"{value.crime_types}: nothing to compare"
        return "Not linked to crime types"

    def render_flags(self, value):
        if not value:
            return "–"
        reasons = format_html_join(" ", "{}", ((flag.reason,) for flag in value))
        return format_html("<strong>Flagged.</strong> {}", reasons)


class ObjectiveTable(CaptionedTable):
    """Other plans' objectives the partnership keeps, rows from
    ``objective_selectors.objective_list``; ``may_manage`` is the view's answer to
    whether the reader may change and end them."""

    caption = "Other plans' objectives, with the priorities that serve them"
    row_header = "wording"

    plan = tables.Column(verbose_name="Plan", order_by=("plan_order", "plan_name"))
    wording = tables.Column(verbose_name="Objective")
    serving = tables.Column(verbose_name="Priorities serving it")
    ended_on = tables.Column(verbose_name="Current?", empty_values=(), order_by=("-ended_on",))
    manage = tables.Column(verbose_name="Change", empty_values=(), orderable=False)

    class Meta:
        attrs = {"class": "table align-middle", "data-testid": "objectives"}

    def __init__(self, data, *, may_manage: bool, **kwargs):
        super().__init__(data, **kwargs)
        self.may_manage = may_manage
        if not may_manage:
            self.columns.hide("manage")

    def render_plan(self, record):
        return record.plan_label

    def render_ended_on(self, value):
        return f"Ended on {day(value)}" if value else "Current"

    def render_manage(self, record):
        slug = record.partnership.slug
        kwargs = {"slug": slug, "objective_id": record.pk}
        change = format_html(
            '<a href="{}">Change<span class="visually-hidden"> {}</span></a>',
            reverse("priorities:objective_edit", kwargs=kwargs),
            record.wording,
        )
        if not record.is_current:
            return change
        return format_html(
            '{} <a class="ms-2" href="{}">End<span class="visually-hidden"> {}</span></a>',
            change,
            reverse("priorities:objective_end", kwargs=kwargs),
            record.wording,
        )
