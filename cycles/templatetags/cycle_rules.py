"""Object rules from cycles.permissions, for templates that list many objects."""

from django import template

from cycles import permissions

register = template.Library()


@register.filter
def status_changeable_by(activity, membership) -> bool:
    """{% if activity|status_changeable_by:membership %}: the same rule the view applies."""
    return membership is not None and permissions.can_change_activity_status(membership, activity)
