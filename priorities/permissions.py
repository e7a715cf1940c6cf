"""Who may do what in priorities (issue 5): analysts propose; board members decide;
the board's members run meetings and actions; admins and analysts manage the rest;
a priority's lead looks after its KPIs and an action's owner updates it. Every member
reads every page.

Views pass the role rules to `access.require_member` and ask the object rules with
`access.check`; templates read the role rules as `may.priorities.<verb>`.
"""

from partnerships.models import Membership, Role
from partnerships.permissions import is_analyst, is_board_member, role_in, runs_the_cycle

from .models import Action, Priority

# Proposals: propose, change, carry over, publish and escalate to the county.
can_propose = is_analyst
# Record the board's decision on a proposal.
can_decide = is_board_member
# The review date, adopting escalations, "you said, we did"; also who gets the
# review reminder.
can_manage = runs_the_cycle
# Meetings, agenda items, outcomes and actions: the board and those who serve it.
can_run_meetings = role_in(Role.ADMIN, Role.ANALYST, Role.BOARD_MEMBER)
can_run_checklists = runs_the_cycle


def can_change_kpis(membership: Membership, priority: Priority) -> bool:
    """The priority's lead adds its KPIs and enters their figures, as can its managers."""
    return can_manage(membership) or priority.lead_id == membership.pk


def can_update_action(membership: Membership, action: Action) -> bool:
    """The action's owner writes its updates, as can anyone who runs meetings."""
    return can_run_meetings(membership) or action.owner_id == membership.pk


# Terms of reference: analysts and admins draft them and record the board's decision
# on them; every member reads them.
can_draft_terms = runs_the_cycle
