"""What reports puts on a person's dashboard: for those who run the report, the
comments on its sections not yet dealt with. One query."""

from datetime import date

from django.template.defaultfilters import truncatewords
from django.urls import reverse

from cycles.dashboard import WaitingItem
from partnerships.models import Membership

from . import permissions
from .models import Comment


def comments_waiting(membership: Membership, today: date) -> list[WaitingItem]:
    if not permissions.can_manage(membership):
        return []
    comments = Comment.objects.filter(
        resolved=False, section__report__year__cycle__partnership=membership.partnership
    ).select_related("section__report", "author__user")
    slug = membership.partnership.slug
    items = []
    for comment in comments:
        section = comment.section
        author = comment.author.display_name if comment.author else "A former member"
        items.append(
            WaitingItem(
                kind="Comments to answer",
                title=f"{section.title} in {section.report.title}",
                url=reverse(
                    "reports:section",
                    kwargs={"slug": slug, "report_id": section.report_id, "key": section.key},
                ),
                detail=f"{author}: “{truncatewords(comment.text, 12)}”",
            )
        )
    return items
