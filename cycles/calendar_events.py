"""What cycles puts in a person's calendar: the activities they own that are not done,
and, for those who run the cycle, the activities nobody owns yet. One query."""

from collections.abc import Sequence

from django.db.models import Q

from partnerships.models import Membership

from . import permissions
from .calendar import CalendarEvent, EventMaker, Window, partnerships_where
from .models import Activity


def activities_due(memberships: Sequence[Membership], window: Window) -> list[CalendarEvent]:
    runs = partnerships_where(memberships, permissions.can_manage_activities)
    activities = (
        Activity.objects.filter(
            Q(owner__in=memberships)
            | Q(owner__isnull=True, stage__year__cycle__partnership__in=runs),
            due_on__range=window.dates,
        )
        .exclude(status=Activity.Status.DONE)
        .select_related("stage__year__cycle__partnership")
    )
    make = EventMaker(memberships)
    events = []
    for activity in activities:
        cycle = activity.stage.year.cycle
        unowned = " (no owner yet)" if activity.owner_id is None else ""
        events.append(
            make(
                cycle.partnership,
                uid=f"activity-{activity.pk}",
                on=activity.due_on,
                summary=f"Due: {activity.title}{unowned}",
                view="cycles:detail",
                ids={"cycle_id": cycle.pk},
                description=f"{activity.stage}, {cycle}. {activity.get_status_display()}.",
            )
        )
    return events
