"""What priorities puts on the dashboard of those who run the cycle: board papers
waiting on them. A draft of the terms of reference waits for the board's decision; a
six-month review waits to be written as its date comes near, and for the board's
decision once it has been taken to the board. Only papers of years not yet over: a
paper for a year that has ended is past doing. One query each."""

from datetime import date, timedelta

from django.db.models import Q

from cycles.dashboard import WaitingItem
from partnerships.models import Membership

from . import permissions
from .models import Review, TermsOfReference

# How long before its date a six-month review still in draft is listed.
REVIEW_NOTICE = timedelta(days=28)


def terms_waiting(membership: Membership, today: date) -> list[WaitingItem]:
    if not permissions.can_draft_terms(membership):
        return []
    drafts = TermsOfReference.objects.filter(
        year__cycle__partnership=membership.partnership,
        year__ends_on__gte=today,
        status=TermsOfReference.Status.DRAFT,
    ).select_related("year__cycle__partnership")
    return [
        WaitingItem(
            kind="Terms of reference",
            title=f"Version {terms.version} for {terms.year.label} (draft)",
            url=terms.get_absolute_url(),
            detail="To do: take it to the board and record its decision.",
        )
        for terms in drafts
    ]


def reviews_waiting(membership: Membership, today: date) -> list[WaitingItem]:
    if not permissions.can_write_review(membership):
        return []
    reviews = Review.objects.filter(
        Q(status=Review.Status.WITH_BOARD)
        | Q(status=Review.Status.DRAFT, review_on__lte=today + REVIEW_NOTICE),
        year__cycle__partnership=membership.partnership,
        year__ends_on__gte=today,
    ).select_related("year__cycle__partnership")
    items = []
    for review in reviews:
        with_board = review.status == Review.Status.WITH_BOARD
        items.append(
            WaitingItem(
                kind="Six-month reviews",
                title=f"Review of {review.year.label}",
                url=review.get_absolute_url(),
                due_on=None if with_board else review.review_on,
                detail="To do: record the board's decision."
                if with_board
                else "To do: write it and take it to the board.",
            )
        )
    return items
