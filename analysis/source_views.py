"""The data sources register and the information-sharing agreements: list, add, edit
(with history), record a delivery, and the signed document to members only."""

from functools import partial
from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone

from csp_assessment import history
from csp_assessment.edits import edit_initial
from csp_assessment.form_pages import form_page, render_page, saved_page
from csp_assessment.pagination import sort_table
from partnerships import access

from . import permissions, source_selectors, source_services
from .source_forms import AgreementForm, ReceiptForm, SourceForm
from .source_models import DataSource, SharingAgreement
from .tables import AgreementTable, SourceTable

SOURCE_HISTORY = {**source_services.SOURCE_LABELS, "last_received_on": "the date last received"}


def _crumbs(slug: str) -> list[tuple[str, str]]:
    return [
        ("Analysis", reverse("analysis:index", kwargs={"slug": slug})),
        ("Data sources", reverse("analysis:sources", kwargs={"slug": slug})),
    ]


@login_required
def sources(request: HttpRequest, slug: str) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_view_sources)
    today = timezone.localdate()
    rows = source_selectors.register(membership.partnership, today)
    register = SourceTable(rows)
    sort_table(request, register)
    # Its own sort parameter, so sorting the agreements leaves the register as it was.
    agreements = AgreementTable(
        source_selectors.agreements(membership.partnership, today), prefix="agreements-"
    )
    sort_table(request, agreements)
    return render_page(
        request,
        "analysis/sources/index.html",
        register=register,
        overdue=sum(row.state.overdue for row in rows),
        agreements=agreements,
    )


@login_required
def source_new(request: HttpRequest, slug: str) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_manage_sources)
    form = SourceForm(
        request.POST or None, partnership=membership.partnership, submit_label="Add the source"
    )
    return form_page(
        request,
        form,
        save=partial(source_services.add_source, partnership=membership.partnership),
        message=lambda source: f"{source.name} added to the register.",
        then=saved_page,
        heading="Add a data source",
        crumbs=_crumbs(slug),
    )


def _source(membership, source_id: int) -> DataSource:
    return access.owned(
        DataSource.objects.select_related("agency", "owner__user", "agreement", "dataset"),
        membership,
        source_id,
    )


@login_required
def source(request: HttpRequest, slug: str, source_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_view_sources)
    entry = _source(membership, source_id)
    return render_page(
        request,
        "analysis/sources/source.html",
        row=source_selectors.source_row(entry, timezone.localdate()),
        receipts=entry.receipts.select_related("recorded_by__user"),
        may_record=permissions.can_record_receipt_for(membership, entry),
        history=history.changes(entry, SOURCE_HISTORY),
    )


@login_required
def source_edit(request: HttpRequest, slug: str, source_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_manage_sources)
    entry = _source(membership, source_id)
    form = SourceForm(
        request.POST or None,
        partnership=membership.partnership,
        initial=edit_initial(entry, *source_services.SOURCE_LABELS),
    )
    return form_page(
        request,
        form,
        save=partial(source_services.update_source, source=entry),
        message=lambda saved: f"{saved.name} saved.",
        then=saved_page,
        heading=f"Change {entry.name}",
        crumbs=[*_crumbs(slug), (entry.name, entry.get_absolute_url())],
        history=history.changes(entry, SOURCE_HISTORY),
    )


@login_required
def receipt_new(request: HttpRequest, slug: str, source_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_view_sources)
    entry = _source(membership, source_id)
    access.check(permissions.can_record_receipt_for(membership, entry))
    form = ReceiptForm(request.POST or None, initial={"received_on": timezone.localdate()})
    return form_page(
        request,
        form,
        save=partial(
            source_services.record_receipt,
            source=entry,
            recorded_by=membership,
            today=timezone.localdate(),
        ),
        message=f"Delivery of {entry.name} recorded.",
        then=entry,
        heading=f"Record a delivery of {entry.name}",
        intro="Say when the data came in and which period it covers.",
        crumbs=[*_crumbs(slug), (entry.name, entry.get_absolute_url())],
    )


# Information-sharing agreements --------------------------------------------------


def _agreement(membership, agreement_id: int) -> SharingAgreement:
    return access.owned(
        SharingAgreement.objects.prefetch_related("parties", "sources"),
        membership,
        agreement_id,
    )


def _agreement_history(entry: SharingAgreement) -> list[history.Change]:
    return history.changes(
        entry, source_services.AGREEMENT_LABELS, long_text=frozenset({"purpose"})
    )


@login_required
def agreement_new(request: HttpRequest, slug: str) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_manage_agreements)
    form = AgreementForm(
        request.POST or None,
        request.FILES or None,
        partnership=membership.partnership,
        submit_label="Add the agreement",
    )
    return form_page(
        request,
        form,
        save=partial(source_services.add_agreement, partnership=membership.partnership),
        message=lambda agreement: f"{agreement.title} added.",
        then=saved_page,
        heading="Add an information-sharing agreement",
        crumbs=_crumbs(slug),
    )


@login_required
def agreement(request: HttpRequest, slug: str, agreement_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_view_sources)
    entry = _agreement(membership, agreement_id)
    return render_page(
        request,
        "analysis/sources/agreement.html",
        row=source_selectors.agreement_row(entry, timezone.localdate()),
        history=_agreement_history(entry),
    )


@login_required
def agreement_edit(request: HttpRequest, slug: str, agreement_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_manage_agreements)
    entry = _agreement(membership, agreement_id)
    form = AgreementForm(
        request.POST or None,
        request.FILES or None,
        partnership=membership.partnership,
        initial=edit_initial(
            entry, *source_services.AGREEMENT_LABELS, parties=list(entry.parties.all())
        ),
    )
    return form_page(
        request,
        form,
        save=partial(source_services.update_agreement, agreement=entry),
        message=lambda saved: f"{saved.title} saved.",
        then=saved_page,
        heading=f"Change {entry.title}",
        intro="Upload a signed document only if it has changed: otherwise the current one stays.",
        crumbs=[*_crumbs(slug), (entry.title, entry.get_absolute_url())],
        history=_agreement_history(entry),
    )


@login_required
def agreement_document(request: HttpRequest, slug: str, agreement_id: int) -> FileResponse:
    """The signed document, to members of the partnership only (never a public URL)."""
    membership = access.require_member(request, slug, permissions.can_view_sources)
    entry = _agreement(membership, agreement_id)
    if not entry.document:
        raise Http404("This agreement has no signed document.")
    return FileResponse(
        entry.document.open("rb"), as_attachment=True, filename=Path(entry.document.name).name
    )
