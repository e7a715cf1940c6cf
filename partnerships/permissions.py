"""Who may do what in a partnership: the partnership's own rules, and the small
vocabulary every app's `permissions.py` is written in.

A rule is a function of a membership (and, for object rules, the object) that answers
yes or no. Views pass role rules to `access.require_member`; templates read the same
rules through `may` (csp_assessment.context_processors); services call object rules
where the rule is part of the write. One question, one function, one answer.
"""

from collections.abc import Callable

from .models import Membership, Role

RoleRule = Callable[[Membership], bool]


def role_in(*roles: str) -> RoleRule:
    """A rule that holds for members with one of these roles."""
    allowed = frozenset(roles)

    def rule(membership: Membership) -> bool:
        return membership.role in allowed

    rule.roles = allowed  # read by the tests' role-by-rule tables
    return rule


def anyone(membership: Membership) -> bool:
    """Every member of the partnership, whatever their role."""
    return True


anyone.roles = frozenset(Role.values)

is_admin = role_in(Role.ADMIN)
is_analyst = role_in(Role.ANALYST)
is_board_member = role_in(Role.BOARD_MEMBER)
is_theme_specialist = role_in(Role.THEME_SPECIALIST)
runs_the_cycle = role_in(Role.ADMIN, Role.ANALYST)

# The partnership's own pages.
can_manage_partnership = is_admin
can_manage_people = is_admin
can_manage_sign_in = is_admin


def can_view_service_status(user, memberships) -> bool:
    """The service status page: site staff, and anyone who is an admin somewhere."""
    return user.is_staff or any(is_admin(m) for m in memberships)


# Joining a county: the district's admin asks (or withdraws, or leaves); the county's
# admin accepts or declines. Each acts from their own partnership's pages.
can_request_county = is_admin
can_decide_county_requests = is_admin


def can_confirm_sign_in_domains(user) -> bool:
    """Confirming which partnership owns an email domain: site staff only. A
    partnership's admin cannot vouch for their own claim, nor see anyone else's."""
    return user.is_staff
