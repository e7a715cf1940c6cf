"""Who may do what in priorities (issue 5): analysts propose; board members decide;
the board's members run meetings and actions; admins and analysts manage the rest;
a priority's lead looks after its KPIs and an action's owner updates it. Every member
reads every page.

Groups (issue 14): admins and analysts set groups up and choose their members; a
group's members (and its chair) run its meetings, as do admins and analysts. Analysts,
admins and the board ask a group for a decision. A closed meeting is reopened only by
an admin or analyst.

Other plans' objectives (the police and crime plan, the council's corporate plan and
the like): admins and analysts keep the list; analysts link priorities to them, as they
propose and change priorities. Every member reads them.

Views pass the role rules to `access.require_member` and ask the object rules with
`access.check`; templates read the role rules as `may.priorities.<verb>`.
"""

from partnerships.models import Membership, Role
from partnerships.permissions import is_analyst, is_board_member, role_in, runs_the_cycle

from .models import Action, Group, Meeting, Priority

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
# Create groups, change them and choose their members and chair.
can_manage_groups = role_in(Role.ADMIN, Role.ANALYST)
# Put a question to a group for its decision.
can_ask_groups = role_in(Role.ADMIN, Role.ANALYST, Role.BOARD_MEMBER)
# Reopen a closed meeting (board or group) to correct it.
can_reopen_meetings = role_in(Role.ADMIN, Role.ANALYST)


def can_change_kpis(membership: Membership, priority: Priority) -> bool:
    """The priority's lead adds its KPIs and enters their figures, as can its managers."""
    return can_manage(membership) or priority.lead_id == membership.pk


def can_run_group(membership: Membership, group: Group) -> bool:
    """A group's members and chair run its meetings, as do those who manage groups."""
    return can_manage_groups(membership) or (
        group.partnership_id == membership.partnership_id and group.has_member(membership)
    )


def can_run_meeting(membership: Membership, meeting: Meeting) -> bool:
    """The board's meetings are run by those who serve the board; a group's by the group."""
    if meeting.group_id is None:
        return can_run_meetings(membership)
    return can_run_group(membership, meeting.group)


def can_update_action(membership: Membership, action: Action) -> bool:
    """The action's owner writes its updates, as can anyone who runs meetings and the
    members of the group that owns it."""
    return (
        can_run_meetings(membership)
        or action.owner_id == membership.pk
        or (action.owner_group_id is not None and can_run_group(membership, action.owner_group))
    )


# Terms of reference: analysts and admins draft them and record the board's decision
# on them; every member reads them.
can_draft_terms = runs_the_cycle

# The six-month review (issue 13): analysts and admins write it and take it to the
# board; the board and those who run its meetings record the board's decision on it.
# Every member reads it and the watchlist.
can_write_review = runs_the_cycle
can_record_review_decision = can_run_meetings

# Other plans' objectives: admins and analysts add, change and end them; those who
# propose priorities choose which objectives a priority serves.
can_manage_objectives = role_in(Role.ADMIN, Role.ANALYST)
can_link_objectives = can_propose
