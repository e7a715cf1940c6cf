"""Lists on the partnership set-up pages (presentation only)."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from csp_assessment.dates import day
from csp_assessment.tables import CaptionedTable

from .models import Agency, District, Membership


def _edit_link(url_name: str):
    def render(self, record, value):
        url = reverse(url_name, kwargs={"slug": record.partnership.slug, "pk": record.pk})
        return format_html('<a href="{}">{}</a>', url, value)

    return render


class PeopleTable(CaptionedTable):
    caption = "People of this partnership, with their roles"
    row_header = "name"

    name = tables.Column(
        accessor="user__first_name", verbose_name="Name", order_by=("user__first_name",)
    )
    email = tables.Column(accessor="user__email", verbose_name="Email")
    role = tables.Column()
    agency = tables.Column(default="None")
    status = tables.Column(empty_values=(), orderable=False, verbose_name="Status")

    class Meta:
        model = Membership
        fields = ("name", "email", "role", "agency", "job_title")
        sequence = ("name", "email", "role", "agency", "job_title", "status")
        attrs = {"class": "table table-sm align-middle"}
        orderable = True

    def render_name(self, record):
        url = reverse(
            "partnerships:person_edit", kwargs={"slug": record.partnership.slug, "pk": record.pk}
        )
        return format_html('<a href="{}">{}</a>', url, record.name_for_admins)

    def render_status(self, record):
        if record.has_left:
            return f"Left on {day(record.left_at)}"
        if not record.is_pending:
            return "Active"
        invitation = getattr(record, "invitation", None)
        if invitation is not None and invitation.not_sent_at:
            return "Invited, but the email could not be sent"
        return "Invited, not yet joined"


class AgencyTable(CaptionedTable):
    caption = "Agencies of this partnership"
    row_header = "name"

    is_responsible_authority = tables.Column(verbose_name="Responsible authority")

    class Meta:
        model = Agency
        fields = ("name", "type", "is_responsible_authority")
        attrs = {"class": "table table-sm align-middle"}

    render_name = _edit_link("partnerships:agency_edit")

    def render_is_responsible_authority(self, value):
        return "Yes" if value else "No"


class DistrictTable(CaptionedTable):
    caption = "Districts this partnership covers"
    row_header = "name"

    population = tables.Column(verbose_name="Population")

    class Meta:
        model = District
        fields = ("name", "code", "population", "population_source")
        attrs = {"class": "table table-sm align-middle"}

    render_name = _edit_link("partnerships:district_edit")

    def render_population(self, value):
        return f"{value:,}"


class RetentionRunTable(CaptionedTable):
    caption = "Retention runs that deleted or anonymised something"

    run_on = tables.Column(verbose_name="Day")
    done = tables.Column(verbose_name="What was done", orderable=False)

    class Meta:
        attrs = {"class": "table table-sm"}

    def render_run_on(self, value):
        return day(value)

    def render_done(self, value):
        items = format_html_join(
            "", "<li>{} {}</li>", ((row["count"], row["what"]) for row in value)
        )
        return format_html('<ul class="list-unstyled mb-0">{}</ul>', items)
