"""Rationale document pages: the list, requests, writing, files and review."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from cycles.models import CycleYear
from partnerships import access
from partnerships.views import add_service_errors

from .. import permissions, rules, selectors
from ..forms import (
    AttachmentForm,
    RationaleRequestForm,
    RationaleSectionsForm,
    ReviewForm,
)
from ..models import (
    RationaleAttachment,
    RationaleDocument,
)
from ..services.rationales import (
    add_attachment,
    remove_attachment,
    request_rationale,
    review_rationale,
    save_rationale,
)
from . import lookups


@login_required
def rationale_list(request: HttpRequest, slug: str) -> HttpResponse:
    membership = access.require_member(request, slug)
    documents = list(selectors.rationales_for(membership))
    today = lookups.today()
    for document in documents:
        document.overdue = rules.is_overdue(document.state, document.due_on, today)
    years = CycleYear.objects.filter(cycle__partnership=membership.partnership).select_related(
        "cycle"
    )
    return lookups.page(
        request,
        "rationale_list.html",
        membership,
        documents=documents,
        years=years,
        today=today,
    )


@login_required
def rationale_request(request: HttpRequest, slug: str, year_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_request_rationales)
    year = lookups.year(membership, year_id)
    form = RationaleRequestForm(request.POST or None, year=year)
    if request.method == "POST" and form.is_valid():
        try:
            document = request_rationale(year=year, requested_by=membership, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"Rationale document requested from {document.specialist.display_name}.",
            )
            return redirect("consultation:rationales", slug=slug)
    return lookups.page(
        request,
        "form_page.html",
        membership,
        form=form,
        heading=f"Request a rationale document for year {year.number} ({year.label})",
        back=("Rationale documents", reverse("consultation:rationales", args=[slug])),
    )


@login_required
def rationale_detail(request: HttpRequest, slug: str, rationale_id: int) -> HttpResponse:
    membership = access.require_member(request, slug)
    document = lookups.rationale(membership, rationale_id)
    return lookups.page(
        request,
        "rationale_detail.html",
        membership,
        document=document,
        sections=document.section_values(),
        transitions=document.transitions.select_related("by__user"),
        attachments=document.attachments.all(),
        can_write=permissions.can_edit_rationale(membership, document),
        can_review=permissions.can_review_rationale(membership, document),
        review_form=ReviewForm(),
        overdue=rules.is_overdue(document.state, document.due_on, lookups.today()),
    )


@login_required
def rationale_write(request: HttpRequest, slug: str, rationale_id: int) -> HttpResponse:
    membership = access.require_member(request, slug)
    document = lookups.rationale(membership, rationale_id)
    access.check(permissions.can_write_rationale(membership, document))
    initial = {name: getattr(document, name) for name, _, _ in RationaleDocument.SECTIONS}
    form = RationaleSectionsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        submit = request.POST.get("action") == "submit"
        try:
            save_rationale(
                document=document, by=membership, sections=form.cleaned_data, submit=submit
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                "Submitted for review. The analyst will accept it or return it with comments."
                if submit
                else "Draft saved.",
            )
            return redirect(document)
    last_return = (
        document.transitions.filter(to_state=RationaleDocument.State.RETURNED).last()
        if document.state == RationaleDocument.State.RETURNED
        else None
    )
    attachment_form = AttachmentForm()
    attachment_form.helper.form_action = reverse(
        "consultation:rationale_attach", args=[slug, document.pk]
    )
    return lookups.page(
        request,
        "rationale_write.html",
        membership,
        document=document,
        form=form,
        attachments=document.attachments.all(),
        attachment_form=attachment_form,
        editable=permissions.can_edit_rationale(membership, document),
        last_return=last_return,
    )


@login_required
def rationale_attach(request: HttpRequest, slug: str, rationale_id: int) -> HttpResponse:
    membership = access.require_member(request, slug)
    document = lookups.rationale(membership, rationale_id)
    access.check(permissions.can_write_rationale(membership, document))
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > rules.MAX_ATTACHMENT_BYTES:
            form.add_error(
                "file",
                f"The file is {upload.size / 1048576:.1f} MB; the limit is "
                f"{rules.MAX_ATTACHMENT_BYTES // 1048576} MB.",
            )
        else:
            try:
                add_attachment(
                    document=document, by=membership, name=upload.name, content=upload.read()
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, f"{upload.name} added.")
                return redirect("consultation:rationale_write", slug=slug, rationale_id=document.pk)
    return lookups.page(
        request,
        "form_page.html",
        membership,
        form=form,
        heading=f"Add a file to the rationale on {document.subject}",
        back=(document.subject, reverse("consultation:rationale_write", args=[slug, document.pk])),
    )


@login_required
def attachment_download(
    request: HttpRequest, slug: str, rationale_id: int, attachment_id: int
) -> HttpResponse:
    membership = access.require_member(request, slug)
    document = lookups.rationale(membership, rationale_id)
    attachment = get_object_or_404(RationaleAttachment, pk=attachment_id, document=document)
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
    membership = access.require_member(request, slug)
    document = lookups.rationale(membership, rationale_id)
    attachment = get_object_or_404(RationaleAttachment, pk=attachment_id, document=document)
    access.check(permissions.can_write_rationale(membership, document))
    try:
        remove_attachment(attachment=attachment, by=membership)
    except ValidationError as error:
        messages.error(request, lookups.error_text(error))
    else:
        messages.success(request, f"{attachment.original_name} removed.")
    return redirect("consultation:rationale_write", slug=slug, rationale_id=document.pk)


@require_POST
@login_required
def rationale_review(request: HttpRequest, slug: str, rationale_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_review_rationales)
    document = lookups.rationale(membership, rationale_id)
    form = ReviewForm(request.POST)
    if form.is_valid():
        accept = form.cleaned_data["decision"] == "accept"
        try:
            review_rationale(
                document=document,
                by=membership,
                accept=accept,
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                "Accepted." if accept else "Returned to the specialist with your comments.",
            )
            return redirect(document)
    return lookups.page(
        request,
        "rationale_detail.html",
        membership,
        document=document,
        sections=document.section_values(),
        transitions=document.transitions.select_related("by__user"),
        attachments=document.attachments.all(),
        can_write=False,
        can_review=True,
        review_form=form,
        overdue=False,
    )
