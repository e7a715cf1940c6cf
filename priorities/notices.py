"""What priorities tell people by email (notifications app): an action you own falls
due, and the six-month review is due. Registered from apps.py; the review reminder's
claim and recipients are in services/proposals.py."""

from datetime import date, timedelta

from django.contrib.auth.models import User
from django.urls import reverse

from csp_assessment.dates import day
from notifications.kinds import Kind
from notifications.services import notify
from partnerships.models import Membership

from .models import Action
from .review_models import Review

ACTION_DUE_DAYS = 3

ACTION_DUE = Kind(
    key="priorities.action_due",
    label="An action you own is due",
    hint="Sent once, when an open action you own is due in three days or less.",
)
REVIEW_DUE = Kind(
    key="priorities.review_due",
    label="A six-month review is due",
    hint="Sent to those who run the partnership and the priorities' leads before a review.",
)


def actions_due(*, today: date) -> int:
    """Open actions with an owner, due today or within three days."""
    actions = Action.objects.filter(
        status__in=Action.OPEN_STATUSES,
        owner__in=Membership.objects.choosable(),
        due_on__gte=today,
        due_on__lte=today + timedelta(days=ACTION_DUE_DAYS),
    ).select_related("owner__user", "partnership")
    told = 0
    for action in actions:
        due = day(action.due_on)
        told += bool(
            notify(
                user=action.owner.user,
                kind=ACTION_DUE.key,
                key=f"{ACTION_DUE.key}:{action.pk}:{action.due_on.isoformat()}",
                subject=f"Action due on {due}: {action.title}",
                lines=[
                    f"You own an action for {action.partnership.name} that is due on {due}:",
                    action.title,
                    "Write an update to say how it is going, or mark it done.",
                ],
                link=reverse(
                    "priorities:action",
                    kwargs={"slug": action.partnership.slug, "action_id": action.pk},
                ),
                link_text="Open the action",
            )
        )
    return told


def review_due(*, review: Review, user: User) -> bool:
    year = review.year
    when = day(review.review_on)
    return bool(
        notify(
            user=user,
            kind=REVIEW_DUE.key,
            key=f"{REVIEW_DUE.key}:{review.pk}:{review.review_on.isoformat()}:{user.pk}",
            subject=f"Six-month review due on {when}",
            lines=[
                f"The six-month review of {year.cycle.partnership.name}'s strategic assessment "
                f"for {year.label} is due on {when}.",
                "Check the watchlist for changes in the issues that were not chosen, and the "
                "KPIs and actions of the agreed priorities.",
            ],
            link=reverse(
                "priorities:review_record",
                kwargs={"slug": year.cycle.partnership.slug, "year_id": year.pk},
            ),
            link_text="Open the review",
        )
    )
