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
        _not_asked()
    return sheet


def _not_asked() -> None:
    raise PermissionDenied("You have not been asked to score in this round.")


def scorer_access(request, slug: str, round_id: int) -> tuple[Membership, Round, ScoreSheet]:
    """The scorer's pages: their membership, the round and their own sheet in it.

    The sheet is read with its round in one query (the grid is the page scorers load
    most). Only when there is no sheet is the round looked up alone, to tell a round
    of another partnership (404) from one the person was not asked to score in (403).
    """
    membership = access.require_member(request, slug, permissions.can_view)
    sheet = (
        ScoreSheet.objects.select_related("round__matrix", "round__year")
        .filter(
            round_id=round_id,
            round__year__cycle__partnership=membership.partnership,
            scorer=membership,
        )
        .first()
    )
    if sheet is None:
        round_for(membership, round_id)  # 404 outside the partnership
        _not_asked()
    sheet.scorer = membership  # read already, with the person and the partnership
    return membership, sheet.round, sheet


def matrix_for(membership: Membership, matrix_id: int) -> Matrix:
    return get_object_or_404(
        Matrix.objects.filter(Q(partnership=None) | Q(partnership=membership.partnership)),
        pk=matrix_id,
    )


def with_status(response: HttpResponse, status: int) -> HttpResponse:
    """A page answered with another status, such as 400 when what was sent had errors."""
    response.status_code = status
    return response
