"""Who may do what with reports, as a table of role and answer. No database."""

import pytest

from partnerships.models import Membership
from reports import permissions
from reports.models import Comment

ROLES = ["admin", "analyst", "theme_specialist", "board_member"]


@pytest.mark.parametrize(
    ("rule", "allowed"),
    [
        ("can_read", {"admin", "analyst", "theme_specialist", "board_member"}),
        ("can_comment", {"admin", "analyst", "theme_specialist", "board_member"}),
        ("can_manage", {"admin", "analyst"}),
        ("can_write", {"admin", "analyst", "theme_specialist"}),
        ("can_make_draft", {"admin", "analyst", "theme_specialist"}),
        ("can_make_final", {"admin", "analyst"}),
        ("can_send_to_board", {"admin", "analyst"}),
        ("can_publish", {"admin", "analyst"}),
    ],
)
def test_role_rules(rule, allowed):
    for role in ROLES:
        assert getattr(permissions, rule)(Membership(role=role)) is (role in allowed), role


@pytest.mark.parametrize(
    ("role", "own", "allowed"),
    [
        ("admin", False, True),
        ("analyst", False, True),
        ("theme_specialist", False, False),
        ("board_member", False, False),
        ("theme_specialist", True, True),
        ("board_member", True, True),
    ],
)
def test_who_marks_a_comment_dealt_with(role, own, allowed):
    member = Membership(pk=7, role=role)
    comment = Comment(author_id=7 if own else 8)
    assert permissions.can_resolve_comment(member, comment) is allowed
