"""The demo's priorities: seed 001's six 2010-11 style priorities, agreed for the
previous four-year cycle (demo/cycle_priorities_demo.py), and the three it proposed for
this cycle (ASB with an emphasis on repeat victims,
reducing re-offending with Integrated Offender Management, domestic abuse with more
reporting and MARAC referrals), agreed at a board meeting with KPIs, actions and a
follow-up meeting; and one escalated to the county. The checklist is
demo/checklists_demo.py's."""

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from cycles.models import Cycle
from demo.cycle_priorities_demo import as_decided_at_the_meeting, build_previous_cycle
from demo.measures_demo import latest_figures, quarter_ends
from demo.meetings_demo import BOARD
from partnerships.models import Membership
from priorities.checklist_files import load_shipped_checklists
from priorities.models import Priority
from priorities.services import escalations, kpis, meetings, proposals

# title, emphasis, the year 1 issue, last year's priority it continues, lead's email
PROPOSALS = [
    (
        "Anti-social behaviour",
        "Emphasis on repeat victims of anti-social behaviour",
        "Anti-social behaviour",
        "Anti-social behaviour",
        "board@example.org",
        "Bedfordshire Police",
    ),
    (
        "Reduce re-offending",
        "In particular supporting Integrated Offender Management",
        "Reducing re-offending",
        "Re-offending",
        "specialist@example.org",
        "Probation Service, Bedfordshire",
    ),
    (
        "Domestic abuse",
        "Emphasis on increased reporting of incidents and referrals to the MARAC",
        "Domestic abuse",
        "Domestic violence",
        "board@example.org",
        "Central Bedfordshire Council",
    ),
]

KPIS = {
    "Anti-social behaviour": (
        "Repeat victims of ASB (three or more reports)",
        140,
        110,
        "down",
        [138, 129, 121],
    ),
    "Reduce re-offending": ("IOM cohort re-offending rate", 42, 35, "down", [41, 41.5]),
    "Domestic abuse": ("Referrals to the MARAC", 180, 230, "up", [186, 201, 214]),
}


@transaction.atomic
def build_priorities_demo(cycle: Cycle, today) -> None:
    load_shipped_checklists()
    district = cycle.partnership
    year = cycle.years.get(number=1)
    # The previous four-year cycle: six priorities agreed in its year 1, a focus area
    # added at its year-3 refresh (demo/cycle_priorities_demo.py).
    previous = build_previous_cycle(district, year, today)
    if Priority.objects.filter(year=year).exists():
        return
    members = {
        m.user.username: m
        for m in Membership.objects.filter(partnership=district).select_related("user", "agency")
    }
    board = members["board@example.org"]
    agencies = {a.name: a for a in district.agencies.all()}

    # This year: three proposals from the ranking.
    issues = {i.title: i for i in year.issues.all()}
    proposed = []
    for title, emphasis, issue, continues, lead, agency in PROPOSALS:
        proposed.append(
            proposals.propose_priority(
                year=year,
                title=title,
                emphasis=emphasis,
                issues=[issues[issue]],
                rationale="Ranked in the top five by the partners' moderated scores.",
                lead=members[lead],
                lead_agency=agencies[agency],
                proposed_kpis=KPIS[title][0],
                continues=previous[continues],
            )
        )
    # Seed 000: the board agrees year 1's priorities in February, after the autumn
    # survey and scoring and the final report (demo/builder.py: year 1 is last year's).
    held_on = date(year.ends_on.year, 2, 10)
    meeting = meetings.create_meeting(
        partnership=district,
        held_on=held_on,
        title=BOARD,
        location="Priory House, Chicksands",
        attendees="Chris Morgan, Bedfordshire Police (chair)\n"
        "Priya Shah, Central Bedfordshire Council\n"
        "Sam Taylor, Central Bedfordshire Council\nJo Evans, Probation Service",
        apologies="Helen Price, Integrated Care Board",
    )
    item = meetings.add_item(
        meeting=meeting,
        title="Strategic assessment and proposed priorities",
        summary="The analyst presented the ranking and three proposed priorities.",
    )
    outcomes = ["agreed", "agreed_with_amendments", "agreed"]
    for priority, outcome in zip(proposed, outcomes, strict=True):
        decision = meetings.record_decision(
            item=item,
            priority=priority,
            outcome=outcome,
            minute="Endorsed by the executive."
            if outcome == "agreed"
            else "Endorsed, with the IOM emphasis to be reviewed at six months.",
            decided_by=board,
            today=today,
        )
        as_decided_at_the_meeting(decision)
        priority.refresh_from_db()
        name, baseline, target, direction, values = KPIS[priority.title]
        kpi = kpis.add_kpi(
            priority=priority, name=name, baseline=baseline, target=target, direction=direction
        )
        for period_ending, value in latest_figures(quarter_ends(held_on, today), values):
            kpis.enter_kpi_value(
                kpi=kpi, period_ending=period_ending, value=value, entered_by=priority.lead
            )
        action = meetings.raise_action(
            partnership=district,
            title=f"Bring the delivery plan for “{priority.title}” to the next meeting",
            due_on=held_on + timedelta(days=21),  # before the plan that carries it is agreed
            raised_on=held_on,
            owner=priority.lead,
            # The plan is the lead agency's, whichever organisation its lead works for.
            owner_agency=priority.lead_agency,
            decision=decision,
        )
        if action.due_on < today:
            # The plan the board agreed in March carries each delivery plan.
            meetings.update_action(
                action=action,
                status="done",
                note="Delivery plan brought to the board and taken into the partnership plan.",
                author=priority.lead,
                written_on=action.due_on,
            )
        elif priority.title == "Domestic abuse":
            meetings.update_action(
                action=action,
                status="in_progress",
                note="Draft plan shared with partners.",
                author=priority.lead,
                written_on=held_on + timedelta(days=14),
                partner_response="Housing providers agreed to refer; health has not replied yet.",
            )
    meetings.record_item_outcome(
        item=item,
        outcome="Three priorities agreed. Each lead brings a delivery plan to the next meeting.",
    )
    meetings.create_meeting(
        partnership=district,
        held_on=held_on + timedelta(days=90),
        title=BOARD,
    )
    domestic = Priority.objects.get(year=year, title="Domestic abuse")
    since = timezone.now()
    escalations.escalate_priority(
        priority=domestic,
        reason="MARAC capacity is commissioned county-wide and needs a joint response.",
    )
    proposals.publish_priorities(year=year)
    # Escalated and published by the analyst in the week after the meeting, not on the
    # day the demo loads.
    after = timezone.make_aware(datetime.combine(held_on + timedelta(days=3), time(10)))
    Priority.objects.filter(pk=domestic.pk).update(escalated_at=after)
    later = Priority.history.filter(year=year, history_date__gte=since)
    later.filter(escalated_at__isnull=False).update(escalated_at=after)
    later.update(history_date=after, history_user_id=members["analyst@example.org"].user_id)
