"""Rationale document pages: the list, requests, writing, files and review."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from csp_assessment.form_pages import NOT_SAVED, form_page, press, render_page, submitted
from csp_assessment.pagination import paginate_table
from partnerships import access

from .. import permissions, rules, selectors
from ..forms import AttachmentForm, RationaleRequestForm, RationaleSectionsForm, ReviewForm
from ..models import RationaleAttachment, RationaleDocument
from ..services.rationales import (
    add_attachment,
    remove_attachment,
    request_rationale,
    review_rationale,
    save_rationale,
)
from ..tables import RationaleTable
from . import lookups


@login_required
def rationale_list(request: HttpRequest, slug: str) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_view)
    today = lookups.today()
    table = RationaleTable(
        selectors.owed_first(selectors.rationales_for(membership)),
        today=today,
        caption="Rationale documents"
        if permissions.can_read_every_rationale(membership)
        else "Rationale documents you can read",
    )
    return render_page(
        request,
        "consultation/rationale_list.html",
        table=paginate_table(request, table),
        years=selectors.years_not_ended(membership.partnership, today),
    )


@login_required
def rationale_request(request: HttpRequest, slug: str, year_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_request_rationales)
    year = lookups.year(membership, year_id)
    today = lookups.today()
    back = reverse("consultation:rationales", args=[slug])
    if ended := lookups.refuse_ended_year(
        request, year, today, what="a rationale request", back=back
    ):
        return ended
    return form_page(
        request,
        RationaleRequestForm(request.POST or None, year=year),
        save=partial(request_rationale, year=year, requested_by=membership, today=today),
        message=lambda document: (
            f"Rationale document requested from {document.specialist.display_name}."
        ),
        then=back,
        heading=f"Request a rationale document for year {year.number} ({year.label})",
        crumbs=lookups.crumbs(slug, ("Rationale documents", back)),
    )


def _detail_page(request, membership, document, review_form, *, reviewing=False) -> HttpResponse:
    # A refused review shows its form again, with the service's objection on it.
    can_review = reviewing or permissions.can_review_rationale(membership, document)
    return render_page(
        request,
        "consultation/rationale_detail.html",
        document=document,
        sections=document.section_values(),
        history=selectors.state_changes(document, "state", membership.partnership),
        attachments=document.attachments.all(),
        can_write=permissions.can_edit_rationale(membership, document),
        can_review=can_review,
        review_form=review_form,
        overdue=rules.is_overdue(document.state, document.due_on, lookups.today()),
    )


@login_required
def rationale_detail(request: HttpRequest, slug: str, rationale_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_view)
    document = lookups.rationale(membership, rationale_id)
    return _detail_page(request, membership, document, ReviewForm())


@require_POST
@login_required
def rationale_review(request: HttpRequest, slug: str, rationale_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_review_rationales)
    document = lookups.rationale(membership, rationale_id)
    form = ReviewForm(request.POST)

    def review(*, decision: str, comment: str) -> RationaleDocument:
        return review_rationale(
            document=document, by=membership, accept=decision == "accept", comment=comment
        )

    if submitted(request, form, review) is NOT_SAVED:
        return _detail_page(request, membership, document, form, reviewing=True)
    accepted = form.cleaned_data["decision"] == "accept"
    messages.success(
        request, "Accepted." if accepted else "Returned to the specialist with your comments."
    )
    return redirect(document)


@login_required
def rationale_write(request: HttpRequest, slug: str, rationale_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_view)
    document = lookups.rationale_to_write(membership, rationale_id)
    initial = {name: getattr(document, name) for name, _, _ in RationaleDocument.SECTIONS}
    form = RationaleSectionsForm(request.POST or None, initial=initial)
    submit = request.POST.get("action") == "submit"

    def save(**sections) -> RationaleDocument:
        return save_rationale(document=document, by=membership, sections=sections, submit=submit)

    if submitted(request, form, save) is not NOT_SAVED:
        messages.success(
            request,
            "Submitted for review. The analyst will accept it or return it with comments."
            if submit
            else "Draft saved.",
        )
        return redirect(document)
    last_return = None
    if document.state == RationaleDocument.State.RETURNED:
        history = selectors.state_changes(document, "state", membership.partnership)
        last_return = next(
            (c for c in reversed(history) if c.state == RationaleDocument.State.RETURNED), None
        )
    attachment_form = AttachmentForm()
    attachment_form.helper.form_action = reverse(
        "consultation:rationale_attach", args=[slug, document.pk]
    )
    return render_page(
        request,
        "consultation/rationale_write.html",
        document=document,
        form=form,
        attachments=document.attachments.all(),
        attachment_form=attachment_form,
        editable=permissions.can_edit_rationale(membership, document),
        last_return=last_return,
    )


@login_required
def rationale_attach(request: HttpRequest, slug: str, rationale_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_view)
    document = lookups.rationale_to_write(membership, rationale_id)
    write_url = reverse("consultation:rationale_write", args=[slug, document.pk])

    def attach(*, file) -> RationaleAttachment:
        return add_attachment(document=document, by=membership, name=file.name, content=file.read())

    return form_page(
        request,
        AttachmentForm(request.POST or None, request.FILES or None),
        save=attach,
        message=lambda attachment: f"{attachment.original_name} added.",
        then=write_url,
        heading=f"Add a file to the rationale on {document.subject}",
        crumbs=lookups.crumbs(slug, (document.subject, write_url)),
    )


@login_required
def attachment_download(
    request: HttpRequest, slug: str, rationale_id: int, attachment_id: int
) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_view)
    attachment = lookups.attachment(membership, rationale_id, attachment_id)
    if attachment.file_deleted_on is not None:
        raise Http404("The file was deleted under the retention policy.")
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=rules.ATTACHMENT_KINDS[attachment.kind][1],
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@login_required
def attachment_remove(
    request: HttpRequest, slug: str, rationale_id: int, attachment_id: int
) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_view)
    attachment = lookups.attachment(membership, rationale_id, attachment_id)
    access.check(permissions.can_write_rationale(membership, attachment.document))
    removal = partial(remove_attachment, attachment=attachment, by=membership)
    press(request, removal, f"{attachment.original_name} removed.")
    return redirect("consultation:rationale_write", slug=slug, rationale_id=rationale_id)
