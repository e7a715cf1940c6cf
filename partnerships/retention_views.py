"""The partnership's retention settings and what the daily retention run did (admins)."""

from functools import partial

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from csp_assessment import retention
from csp_assessment.form_pages import form_page
from csp_assessment.history import changes
from csp_assessment.pagination import paginate_table

from . import access, permissions, services
from .forms import RetentionForm
from .tables import RetentionRunTable

RETENTION_HISTORY_FIELDS = {
    "responses_kept": "Keep consultation responses",
    "responses_months": "Months after the consultation closes",
    "files_kept": "Keep uploaded files",
    "files_months": "Months after a file is uploaded",
    "originals_erased": "Erase a redacted answer's original wording",
}


@login_required
def retention_page(request: HttpRequest, slug: str) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_manage_partnership)
    partnership = membership.partnership
    initial = {name: getattr(partnership, name) for name in services.RETENTION_FIELDS}
    table = RetentionRunTable(
        partnership.retention_runs.exclude(done=[]).order_by("-run_on", "-pk")
    )
    return form_page(
        request,
        RetentionForm(request.POST or None, initial=initial),
        save=partial(services.update_retention, partnership=partnership),
        message="Retention settings saved. The next daily run applies them.",
        then=reverse("partnerships:retention", args=[slug]),
        heading="Retention",
        template="partnerships/retention.html",
        table=paginate_table(request, table),
        last_run=partnership.retention_runs.first(),
        agreed_days=retention.agreed_assessment_days(partnership),
        history=changes(partnership, RETENTION_HISTORY_FIELDS),
    )
