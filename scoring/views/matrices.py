"""Scoring matrices: the list, one matrix, copying it and editing the copy."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from partnerships import access
from partnerships.views import add_service_errors

from .. import permissions, services
from ..forms import CriterionForm, MatrixForm, matrices_for
from ..models import Criterion
from .objects import matrix_for


@login_required
def matrix_list(request: HttpRequest, slug: str) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_view)
    return render(
        request,
        "scoring/matrix_list.html",
        {"partnership": membership.partnership, "matrices": matrices_for(membership.partnership)},
    )


@login_required
def matrix_detail(request: HttpRequest, slug: str, matrix_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_view)
    matrix = matrix_for(membership, matrix_id)
    in_use = services.matrix_in_use(matrix)
    return render(
        request,
        "scoring/matrix_detail.html",
        {
            "partnership": membership.partnership,
            "matrix": matrix,
            "criteria": matrix.criteria.all(),
            "editable": permissions.can_edit_matrix(membership, matrix, in_use=in_use),
            "in_use": in_use,
        },
    )


@require_POST
@login_required
def matrix_copy(request: HttpRequest, slug: str, matrix_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_edit_matrices)
    matrix = matrix_for(membership, matrix_id)
    copy = services.copy_matrix(matrix=matrix, partnership=membership.partnership)
    messages.success(request, f"Copied as {copy}. You can edit this copy until a round uses it.")
    return redirect("scoring:matrix", slug=slug, matrix_id=copy.pk)


@login_required
def matrix_edit(request: HttpRequest, slug: str, matrix_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_edit_matrices)
    matrix = matrix_for(membership, matrix_id)
    form = MatrixForm(
        request.POST or None,
        initial={
            "name": matrix.name,
            "description": matrix.description,
            "scale_min": matrix.scale_min,
            "scale_max": matrix.scale_max,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_matrix(matrix=matrix, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Matrix saved.")
            return redirect("scoring:matrix", slug=slug, matrix_id=matrix.pk)
    return render(
        request,
        "scoring/form_page.html",
        {"partnership": membership.partnership, "form": form, "heading": f"Edit {matrix}"},
    )


@login_required
def criterion_edit(request: HttpRequest, slug: str, criterion_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_edit_matrices)
    criterion = get_object_or_404(
        Criterion.objects.select_related("matrix"),
        pk=criterion_id,
        matrix__partnership=membership.partnership,
    )
    initial = {"name": criterion.name, "meaning": criterion.meaning, "weight": criterion.weight}
    initial.update({f"level_{k}": v for k, v in criterion.levels.items()})
    form = CriterionForm(request.POST or None, initial=initial, scale=criterion.matrix.scale)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_criterion(
                criterion=criterion,
                name=form.cleaned_data["name"],
                meaning=form.cleaned_data["meaning"],
                weight=form.cleaned_data["weight"],
                levels=form.levels(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{criterion.name} saved.")
            return redirect("scoring:matrix", slug=slug, matrix_id=criterion.matrix_id)
    return render(
        request,
        "scoring/form_page.html",
        {"partnership": membership.partnership, "form": form, "heading": f"Edit {criterion.name}"},
    )
