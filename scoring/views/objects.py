"""The objects every scoring view looks up, always through the viewer's partnership
so that anything outside it is a 404."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from partnerships import access
from partnerships.models import Membership

from .. import permissions
from ..models import Matrix, Round, ScoreSheet


def round_for(membership: Membership, round_id: int) -> Round:
    return access.owned(
        Round.objects.select_related("matrix", "year__cycle__partnership"),
        membership,
        round_id,
        "year__cycle",
    )


def own_sheet(membership: Membership, round_: Round) -> ScoreSheet:
    sheet = (
        ScoreSheet.objects.select_related("round__matrix", "scorer__user")
        .filter(round=round_, scorer=membership)
        .first()
    )
    if sheet is None:
        raise PermissionDenied("You have not been asked to score in this round.")
    return sheet


def scorer_access(request, slug: str, round_id: int) -> tuple[Membership, Round, ScoreSheet]:
    """The scorer's pages: their membership, the round and their own sheet in it."""
    membership = access.require_member(request, slug, permissions.can_view)
    round_ = round_for(membership, round_id)
    return membership, round_, own_sheet(membership, round_)


def matrix_for(membership: Membership, matrix_id: int) -> Matrix:
    return get_object_or_404(
        Matrix.objects.filter(Q(partnership=None) | Q(partnership=membership.partnership)),
        pk=matrix_id,
    )


def with_status(response: HttpResponse, status: int) -> HttpResponse:
    """A page answered with another status, such as 400 when what was sent had errors."""
    response.status_code = status
    return response
