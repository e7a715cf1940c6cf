"""Who may do what in consultation: every role rule and object rule of the app.

Views pass the role rules to `access.require_member` and ask the object rules with
`access.check`; templates read the role rules as `may.consultation.<verb>`; services
and selectors ask the same functions.
"""

from partnerships.models import Membership, Role
from partnerships.permissions import anyone, is_theme_specialist, role_in, runs_the_cycle

from . import rules
from .models import RationaleDocument, Survey

# Role rules ----------------------------------------------------------------------------

# Any member sees the consultation pages, the surveys list and the accepted rationale
# documents, answers partner surveys and logs emerging issues.
can_view = anyone

# Admins and analysts run the consultation: they ask for rationale documents and review
# them, build and publish surveys, moderate answers and triage emerging issues.
can_request_rationales = runs_the_cycle
can_review_rationales = runs_the_cycle
can_read_every_rationale = runs_the_cycle
can_manage_surveys = runs_the_cycle
can_moderate = runs_the_cycle
# A redacted or hidden answer's wording as given: only those who moderate read it.
can_read_original_answers = can_moderate
can_triage = runs_the_cycle

# Theme specialists are the people asked to write rationale documents.
can_write_rationales = is_theme_specialist

# The board reads survey results too, but does not moderate them.
can_read_results = role_in(Role.ADMIN, Role.ANALYST, Role.BOARD_MEMBER)


# Object rules --------------------------------------------------------------------------


def can_read_rationale(membership: Membership, document: RationaleDocument) -> bool:
    """Those who run the consultation read every document; the specialist reads their
    own; everyone reads an accepted one."""
    return (
        can_read_every_rationale(membership)
        or document.specialist_id == membership.pk
        or document.state == RationaleDocument.State.ACCEPTED
    )


def can_write_rationale(membership: Membership, document: RationaleDocument) -> bool:
    """Only the theme specialist asked for the document writes it and adds its files."""
    return document.specialist_id == membership.pk


def can_edit_rationale(membership: Membership, document: RationaleDocument) -> bool:
    """The writer, while the document is still being written."""
    return can_write_rationale(membership, document) and document.state in rules.EDITABLE_STATES


def can_review_rationale(membership: Membership, document: RationaleDocument) -> bool:
    """A reviewer, once the document waits for review."""
    return can_review_rationales(membership) and document.state in rules.AWAITING_REVIEW


def can_answer_survey(membership: Membership, survey: Survey) -> bool:
    """Members answer partner surveys here; public surveys only through their link."""
    return survey.audience == Survey.Audience.PARTNER
