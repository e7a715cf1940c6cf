"""Who may do what with cycles, years, stages, activities and the long list of issues."""

from partnerships.models import Membership
from partnerships.permissions import anyone, is_admin, runs_the_cycle

from .models import Activity

can_view = anyone
# Admins set a cycle's shape: create it from a template, move its years and stage windows.
can_manage_cycle = is_admin
# Admins and analysts plan the work: activities and the long list of issues.
can_manage_activities = runs_the_cycle
can_manage_issues = runs_the_cycle
# They keep the partnership's list of themes too: add, rename, merge a typo away.
can_manage_themes = runs_the_cycle
# The dashboard shows the whole team's overdue work to those who plan it.
can_see_team_work = runs_the_cycle


def can_change_activity_status(membership: Membership, activity: Activity) -> bool:
    """An activity's owner moves it along; so do the people who plan the work."""
    return activity.owner_id == membership.pk or can_manage_activities(membership)
