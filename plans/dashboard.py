"""What plans puts on the dashboard of those who draft the plan (or a county's
community safety agreement, so named): a version waiting for
the board's decision, an agreed version not yet published, and one not yet sent to
the police and crime commissioner. One query."""

from datetime import date

from django.db.models import Exists, OuterRef, Q

from cycles.dashboard import WaitingItem
from partnerships.models import Membership

from . import permissions, selectors
from .models import Plan, PlanSending


def plan_steps(membership: Membership, today: date) -> list[WaitingItem]:
    if not permissions.can_draft_plan(membership):
        return []
    plans = (
        Plan.objects.filter(partnership=membership.partnership)
        .annotate(sent=Exists(PlanSending.objects.filter(plan=OuterRef("pk"))))
        .filter(Q(status=Plan.Status.DRAFT) | Q(published_at__isnull=True) | Q(sent=False))
        .select_related("year", "partnership")
        .order_by("-version")
    )
    kind = f"The {selectors.document(membership.partnership).name}"
    items = []
    for plan in plans:
        if plan.is_draft():
            waiting = ["record the board's decision"]
        else:
            waiting = [
                step
                for step, missing in (
                    ("publish it", not plan.is_published()),
                    ("record sending it to the commissioner", not plan.sent),
                )
                if missing
            ]
        items.append(
            WaitingItem(
                kind=kind,
                title=f"Version {plan.version} ({plan.get_status_display().lower()})",
                url=plan.get_absolute_url(),
                detail="To do: " + " and ".join(waiting) + ".",
            )
        )
    return items
