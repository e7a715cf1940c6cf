"""Who may do what with reports. Every member reads, downloads and comments; analysts
and admins run the report (start it, edit its title page, make the final version, send
it to the board, make the agreed assessment, publish the agreed public summary and
withdraw it); theme specialists also write sections and ask for drafts."""

from partnerships.models import Membership, Role
from partnerships.permissions import anyone, role_in, runs_the_cycle

from .models import Comment

can_read = anyone
can_comment = anyone
can_manage = runs_the_cycle
can_write = role_in(Role.ADMIN, Role.ANALYST, Role.THEME_SPECIALIST)
can_make_draft = can_write
can_make_final = can_manage  # the final version and the agreed assessment
can_send_to_board = can_manage
# Put the agreed public summary on the partnership's public page, or take it off.
# What may be published is the service's rule: `publish_services.refusal`.
can_publish = can_manage


def can_resolve_comment(membership: Membership, comment: Comment) -> bool:
    """Whoever runs the report, or the comment's own author, marks it dealt with."""
    return can_manage(membership) or membership.pk == comment.author_id
