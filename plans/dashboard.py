"""What plans puts on the dashboard of those who draft the plan (or a county's
community safety agreement, so named): a version waiting for
the board's decision, an agreed version not yet published, and one not yet sent to
the police and crime commissioner; and, once a new year of the cycle is running, its
annual revision to start. One query each."""

from datetime import date

from django.db.models import Exists, OuterRef, Q, Subquery
from django.urls import reverse

from cycles.dashboard import WaitingItem
from cycles.models import CycleYear
from partnerships.models import Membership
from priorities.models import Priority
from priorities.selectors import in_force_in

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


def plan_revision(membership: Membership, today: date) -> list[WaitingItem]:
    """The year's revision to start: the newest agreed version starts in a year before
    the one running `today`, that year has priorities in force, and no draft version is
    in progress."""
    if not permissions.can_draft_plan(membership):
        return []
    # start_plan needs priorities in force in the running year: until the board agrees a
    # new cycle's first, there is nothing to revise with.
    agreed = Priority.objects.filter(in_force_in(OuterRef("cycle"), OuterRef("number")))
    running = (
        CycleYear.objects.filter(
            cycle__partnership=OuterRef("partnership"), starts_on__lte=today, ends_on__gte=today
        )
        .annotate(agreed=Exists(agreed))
        .order_by("starts_on")
    )
    newest = (
        Plan.objects.filter(partnership_id=membership.partnership_id, status=Plan.Status.APPROVED)
        .annotate(
            drafting=Exists(
                Plan.objects.filter(partnership=OuterRef("partnership"), status=Plan.Status.DRAFT)
            ),
            running_starts=Subquery(running.values("starts_on")[:1]),
            running_ends=Subquery(running.values("ends_on")[:1]),
            running_agreed=Subquery(running.values("agreed")[:1]),
        )
        .select_related("year", "partnership")
        .order_by("-version")
        .first()
    )
    if (
        newest is None
        or newest.drafting
        or newest.running_starts is None
        or not newest.running_agreed
        or newest.year.starts_on >= newest.running_starts
    ):
        return []
    label = CycleYear(starts_on=newest.running_starts, ends_on=newest.running_ends).label
    named = selectors.document(newest.partnership)
    return [
        WaitingItem(
            kind=f"The {named.name}",
            title=f"Start the {label} revision of the {named.name}",
            url=reverse("plans:index", kwargs={"slug": newest.partnership.slug}),
            detail=f"The newest agreed version, version {newest.version}, starts in "
            f"{newest.year.label}. Each year the {named.short} is revised with the "
            "priorities in force.",
        )
    ]
