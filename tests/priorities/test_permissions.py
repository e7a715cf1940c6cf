"""The priorities rules as a table: each role against each rule, and the lead's and the
owner's object rules. No database: the rules read only the membership and the object."""

import pytest

from partnerships.models import Membership, Role
from priorities import permissions
from priorities.models import Action, Priority

ADMIN, ANALYST, SPECIALIST, BOARD = (
    Role.ADMIN,
    Role.ANALYST,
    Role.THEME_SPECIALIST,
    Role.BOARD_MEMBER,
)

ROLE_RULES = [
    (permissions.can_propose, {ANALYST}),
    (permissions.can_decide, {BOARD}),
    (permissions.can_manage, {ADMIN, ANALYST}),
    (permissions.can_run_meetings, {ADMIN, ANALYST, BOARD}),
    (permissions.can_run_checklists, {ADMIN, ANALYST}),
]


@pytest.mark.parametrize("rule,allowed", ROLE_RULES, ids=[r.__name__ for r, _ in ROLE_RULES])
@pytest.mark.parametrize("role", Role.values)
def test_each_role_rule_allows_exactly_its_roles(rule, allowed, role):
    assert rule(Membership(role=role)) is (role in allowed)


@pytest.mark.parametrize("role", Role.values)
def test_only_managers_and_the_lead_change_a_priority_s_kpis(role):
    lead = Membership(pk=7, role=SPECIALIST)
    priority = Priority(lead=lead)
    assert permissions.can_change_kpis(lead, priority)
    assert permissions.can_change_kpis(Membership(pk=8, role=role), priority) is (
        role in {ADMIN, ANALYST}
    )


@pytest.mark.parametrize("role", Role.values)
def test_only_meeting_runners_and_the_owner_update_an_action(role):
    owner = Membership(pk=7, role=SPECIALIST)
    action = Action(owner=owner)
    assert permissions.can_update_action(owner, action)
    assert permissions.can_update_action(Membership(pk=8, role=role), action) is (
        role in {ADMIN, ANALYST, BOARD}
    )


def test_the_review_reminder_goes_to_the_roles_that_manage():
    assert permissions.can_manage.roles == {ADMIN, ANALYST}
