"""What the watchlist puts on the dashboard of those who write the six-month review:
each non-priority of the current year flagged as a key change, with why. A fixed
number of queries, however many issues are flagged."""

from datetime import date

from django.urls import reverse

from cycles.dashboard import WaitingItem
from partnerships.models import Membership

from . import permissions, review_selectors, selectors


def watchlist_flags(membership: Membership, today: date) -> list[WaitingItem]:
    if not permissions.can_write_review(membership):
        return []
    year = selectors.current_year(membership.partnership, today)
    if year is None:
        return []
    page = reverse(
        "priorities:watchlist", kwargs={"slug": membership.partnership.slug, "year_id": year.pk}
    )
    return [
        WaitingItem(
            kind="Key changes on the watchlist",
            title=row.issue.title,
            url=f"{page}#issue-{row.issue.pk}",
            detail=" ".join(flag.reason for flag in row.flags),
        )
        for row in review_selectors.watchlist(year).flagged
    ]
