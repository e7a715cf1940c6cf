"""The demo's partnership plan (issue 13, seeds 001, 003 and 004): Central
Bedfordshire's plan drafted from this year's agreed priorities, agreed by the
Community Safety Executive, published, sent to the police and crime commissioner,
and its PDF requested from the workers. Each step is done only if it is missing, so
building the demo twice adds nothing."""

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from cycles.models import Cycle
from demo.meetings_demo import BOARD
from partnerships.models import Agency, Membership
from plans import rendering
from plans.models import Plan, PlanSending
from plans.services import (
    publish_plan,
    record_plan_decision,
    record_sending,
    start_plan,
    update_plan,
)
from priorities.models import Decision
from priorities.services import meetings

ANALYST = "analyst@example.org"

TEXT = {
    "summary": (
        "Over the next three years the partners will put their shared effort where the "
        "strategic assessment found the greatest harm: the people harmed again and again, "
        "and the few places where most incidents happen. Each priority has a named lead, "
        "measures the board reviews every quarter, and actions owned by a partner."
    ),
    "engagement": (
        "We will ask residents what worries them through the yearly public survey and "
        "street surgeries in each town. We report back on what we did through our "
        '"you said, we did" page, and we meet parish and town councils twice a year.'
    ),
    "involvement": (
        "Residents and community groups sit on the anti-social behaviour case panel, "
        "volunteers run Community Speedwatch, and young people's forums review our work "
        "on youth violence once a year."
    ),
}

# What each partner commits: agency name as the demo builds it, and the commitment.
RESOURCES = [
    ("Bedfordshire Police", "A problem-solving team of four officers and a police analyst."),
    (
        "Central Bedfordshire Council",
        "The community safety team, two anti-social behaviour caseworkers and the CCTV room.",
    ),
    (
        "Bedfordshire Fire and Rescue Service",
        "Safe and well visits for repeat victims referred by partners.",
    ),
    ("Probation Service, Bedfordshire", "A named officer for the managed offender cohort."),
]


def agreed_on(year) -> date:
    """A month after the board agreed the year's priorities (seed 000: the plan follows
    them, by the end of March)."""
    decided = (
        Decision.objects.filter(priority__year=year, item__meeting__group__isnull=True)
        .order_by("item__meeting__held_on")
        .values_list("item__meeting__held_on", flat=True)
        .first()
    )
    return (decided or year.starts_on) + timedelta(days=28)


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12)))


def _plan(district, year, analyst, today) -> Plan:
    # A plan version 1 left a draft by an interrupted build is finished, not started again.
    plan = Plan.objects.filter(partnership=district).order_by("version").first()
    if plan is None:
        plan = start_plan(partnership=district, year=year)
    if plan.is_draft():
        named = set(district.agencies.values_list("name", flat=True))
        plan = update_plan(
            plan=plan,
            resources=[
                {"agency": agency, "commitment": commitment}
                for agency, commitment in RESOURCES
                if agency in named
            ],
            **TEXT,
        )
        held_on = agreed_on(year)
        meeting = meetings.create_meeting(partnership=district, held_on=held_on, title=BOARD)
        item = meetings.add_item(meeting=meeting, title="Partnership plan")
        record_plan_decision(
            plan=plan,
            item=item,
            outcome="agreed",
            minute="The executive agreed the plan and asked for it to be published.",
            recorded_by=analyst,
            today=held_on,
        )
        plan.refresh_from_db()
    return plan


@transaction.atomic
def build_plans_demo(cycle: Cycle, today) -> None:
    district = cycle.partnership
    year = cycle.years.get(number=1)
    analyst = Membership.objects.get(partnership=district, user__username=ANALYST)
    plan = _plan(district, year, analyst, today)
    # Published a week after the board agreed it, and sent a week after that.
    published_on = min(agreed_on(year) + timedelta(days=7), today)
    if not plan.is_published():
        plan = publish_plan(plan=plan, by=analyst)
        Plan.objects.filter(pk=plan.pk).update(
            approved_at=_at(agreed_on(year)), published_at=_at(published_on)
        )
        plan.refresh_from_db()
    if not PlanSending.objects.filter(plan=plan).exists():
        office = district.agencies.filter(type=Agency.Type.PCC).first()
        record_sending(
            plan=plan,
            sent_on=min(published_on + timedelta(days=7), today),
            agency=office,
            sent_to=office.name if office else "The police and crime commissioner",
            method="email",
            sent_by=analyst,
            today=today,
        )
    if not plan.renders.exists():
        rendering.request_pdf(plan=plan, by=analyst)
