"""What reports tell people by email (notifications app): a comment on a section you
wrote. Registered from apps.py."""

from csp_assessment.text import shorten
from notifications.kinds import Kind
from notifications.services import notify
from partnerships.models import Membership

from . import permissions
from .models import Comment, Section

COMMENTED = Kind(
    key="reports.comment",
    label="A comment on a report section you wrote",
    hint="Sent when someone comments on a section whose text you have saved.",
    default="digest",
    roles=permissions.can_write.roles,
)


def writers(section: Section) -> list[Membership]:
    """Everyone who saved the section's text and has not left: its history records who
    saved each version (updated_by), so an earlier writer hears about comments too."""
    ids = set(section.history.exclude(updated_by=None).values_list("updated_by_id", flat=True))
    if section.updated_by_id:
        ids.add(section.updated_by_id)
    return list(
        Membership.objects.current().filter(pk__in=ids).select_related("user").order_by("pk")
    )


def comment_added(*, comment: Comment) -> int:
    section = comment.section
    report = section.report
    author = comment.author.display_name if comment.author else "Someone"
    told = 0
    for writer in writers(section):
        if comment.author_id == writer.pk:
            continue
        told += bool(
            notify(
                user=writer.user,
                kind=COMMENTED.key,
                key=f"{COMMENTED.key}:{comment.pk}:{writer.pk}",
                subject=f"New comment on {section.title} in {report}",
                lines=[
                    f"{author} commented on {section.title}, a section you wrote in {report}:",
                    shorten(comment.text, 500),
                ],
                link=section.get_absolute_url(),
                link_text="Read the comment",
            )
        )
    return told
