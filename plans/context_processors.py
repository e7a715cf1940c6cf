"""The menu's name for the partnership's document: a county's is its community safety
agreement, every other partnership's its plan (`rules.document`)."""

from django.http import HttpRequest

from partnerships.context_processors import menu_membership

from . import rules


def menu(request: HttpRequest) -> dict:
    membership = menu_membership(request)
    if membership is None:
        return {}
    return {"menu_document": rules.document(membership.partnership.kind)}
