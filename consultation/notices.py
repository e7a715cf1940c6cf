"""What consultation tells people by email (notifications app): your rationale
document returned or accepted. Registered from apps.py."""

from notifications.kinds import Kind
from notifications.services import notify

from . import permissions
from .models import RationaleDocument

REVIEWED = Kind(
    key="consultation.rationale_reviewed",
    label="Your rationale document is returned or accepted",
    hint="Sent when an analyst returns a document you wrote with comments, or accepts it.",
    roles=permissions.can_write_rationales.roles,
)


def rationale_reviewed(*, document: RationaleDocument, comment: str) -> bool:
    """Tell the specialist, unless they have left. Each review is its own history
    record, so a document returned twice tells them twice, and the same review never
    twice."""
    if document.specialist.has_left:
        return False
    record = document.history.order_by("-history_id").first()
    subject_of = document.issue.title if document.issue_id else document.theme
    accepted = document.state == RationaleDocument.State.ACCEPTED
    lines = [
        f"Your rationale document on {subject_of} has been "
        + ("accepted. Thank you." if accepted else "returned with comments.")
    ]
    if comment:
        lines.append(f"Comments: {comment}")
    if not accepted:
        lines.append("Make the changes asked for, then submit it again.")
    return bool(
        notify(
            user=document.specialist.user,
            kind=REVIEWED.key,
            key=f"{REVIEWED.key}:{document.pk}:{record.history_id if record else document.state}",
            subject=(f"Rationale document {'accepted' if accepted else 'returned'}: {subject_of}"),
            lines=lines,
            link=document.get_absolute_url(),
            link_text="Open the document",
        )
    )
