"""Scoring matrices: the list, one matrix, copying it and editing the copy."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from csp_assessment.form_pages import form_page, render_page
from csp_assessment.history import changes
from csp_assessment.pagination import sort_table
from partnerships import access

from .. import permissions, services
from ..forms import CriterionForm, MatrixForm, matrices_for
from ..models import Criterion, Matrix
from ..tables import MatrixTable
from .objects import matrix_for


def _crumbs(slug: str, matrix: Matrix) -> list[tuple[str, str]]:
    return [
        ("Scoring", reverse("scoring:rounds", kwargs={"slug": slug})),
        ("Matrices", reverse("scoring:matrices", kwargs={"slug": slug})),
        (str(matrix), reverse("scoring:matrix", kwargs={"slug": slug, "matrix_id": matrix.pk})),
    ]


@login_required
def matrix_list(request: HttpRequest, slug: str) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_view)
    table = MatrixTable(matrices_for(membership.partnership), partnership=membership.partnership)
    sort_table(request, table)
    return render_page(request, "scoring/matrix_list.html", table=table)


@login_required
def matrix_detail(request: HttpRequest, slug: str, matrix_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_view)
    matrix = matrix_for(membership, matrix_id)
    in_use = services.matrix_in_use(matrix)
    return render_page(
        request,
        "scoring/matrix_detail.html",
        matrix=matrix,
        history=changes(matrix, {"name": "Name", "description": "Description"}),
        criteria=matrix.criteria.all(),
        editable=permissions.can_edit_matrix(membership, matrix, in_use=in_use),
        in_use=in_use,
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
    return form_page(
        request,
        form,
        save=partial(services.update_matrix, matrix=matrix),
        message="Matrix saved.",
        then=reverse("scoring:matrix", kwargs={"slug": slug, "matrix_id": matrix.pk}),
        heading=f"Change {matrix}",
        crumbs=_crumbs(slug, matrix)[:-1],
    )


@login_required
def criterion_edit(request: HttpRequest, slug: str, criterion_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_edit_matrices)
    criterion = access.owned(
        Criterion.objects.select_related("matrix"), membership, criterion_id, "matrix"
    )
    initial = {"name": criterion.name, "meaning": criterion.meaning, "weight": criterion.weight}
    initial.update({f"level_{k}": v for k, v in criterion.levels.items()})
    form = CriterionForm(request.POST or None, initial=initial, scale=criterion.matrix.scale)

    def save(*, name, meaning, weight, **levels) -> Criterion:
        # The form's level_<n> fields become one mapping of level to description.
        return services.update_criterion(
            criterion=criterion, name=name, meaning=meaning, weight=weight, levels=form.levels()
        )

    return form_page(
        request,
        form,
        save=save,
        message=lambda saved: f"{saved.name} saved.",
        then=reverse("scoring:matrix", kwargs={"slug": slug, "matrix_id": criterion.matrix_id}),
        heading=f"Change {criterion.name}",
        crumbs=_crumbs(slug, criterion.matrix),
    )
