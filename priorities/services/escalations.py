"""Two-tier writes: a district escalates an agreed priority and its county adopts it."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cycles.models import CycleYear

from ..models import (
    Priority,
)


@transaction.atomic
def escalate_priority(*, priority: Priority, reason: str) -> Priority:
    partnership = priority.year.cycle.partnership
    if partnership.parent_id is None:
        raise ValidationError("This partnership has no county partnership to escalate to.")
    if priority.status != Priority.Status.AGREED:
        raise ValidationError("Only agreed priorities can be escalated to the county.")
    if not reason.strip():
        raise ValidationError({"reason": "Say why this priority needs a county-wide response."})
    priority.escalate_to_county = True
    priority.escalation_reason = reason.strip()
    priority.escalated_at = timezone.now()
    priority.save(update_fields=["escalate_to_county", "escalation_reason", "escalated_at"])
    return priority


@transaction.atomic
def adopt_escalation(*, district_priority: Priority, county_year: CycleYear) -> Priority:
    """Copy a district's escalated priority into the county's own priorities (the county
    community safety agreement), keeping a link back to where it came from."""
    county = county_year.cycle.partnership
    district = district_priority.year.cycle.partnership
    if district.parent_id != county.pk:
        raise ValidationError("Only the district's own county partnership can adopt it.")
    if not district_priority.escalate_to_county:
        raise ValidationError("That priority has not been escalated to the county.")
    if Priority.objects.filter(year=county_year, adopted_from=district_priority).exists():
        raise ValidationError(
            {"year": f"The county has already adopted it into {county_year.label}."}
        )
    return Priority.objects.create(
        year=county_year,
        title=district_priority.title,
        emphasis=district_priority.emphasis,
        rationale=f"Escalated by {district.name}: {district_priority.escalation_reason}",
        adopted_from=district_priority,
        position=county_year.priorities.count() + 1,
    )
