"""Builds the demo: Central Bedfordshire's partnership under a county parent, with its
responsible authorities, one person per role, and a four-year cycle that started last
financial year. Its year 1 ran as seed 000 runs one (survey and scoring in the autumn,
the board's decision in February, the plan in March), so every day of the year the
demo is built its story has happened; today is in year 2, the light year, whose work
under way (its carried-over long list, its open round) is demo/current_year_demo.py's.
Safe to run again: it finds what is there and adds only what is missing.

The county partnership is demo fiction: Central Bedfordshire and Luton are unitary
authorities (their partnerships and councils say so), but the demo needs a county above
them to show escalation. Nothing in the workbench needs a county's members to be
districts: a district or a unitary partnership may join a county.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from analysis.services import load_demo_police_data
from consultation.models import Survey
from cycles.models import Activity, Cycle
from cycles.services import create_cycle_from_template
from demo.checklists_demo import build_checklists_demo
from demo.consultation_demo import build_consultation_demo
from demo.current_year_demo import build_current_year_demo
from demo.groups_demo import build_groups_demo
from demo.meetings_demo import close_held_meetings
from demo.objectives_demo import build_objectives_demo
from demo.plans_demo import build_plans_demo
from demo.priorities_demo import build_priorities_demo
from demo.reports_demo import build_reports_demo, queue_demo_versions
from demo.retention_demo import build_retention_demo
from demo.review_demo import build_review_demo
from demo.scoring_demo import build_scoring_demo
from demo.serious_violence_demo import build_serious_violence_demo
from demo.sources_demo import build_sources_demo
from demo.terms_demo import build_terms_demo
from notifications.services import mark_past_as_sent
from partnerships.models import Agency, District, Membership, Partnership, Role
from partnerships.services import mark_left
from priorities.services.you_said import draft_you_said_we_did, publish_you_said_we_did
from scoring.models import Round

DEMO_PASSWORD = "workbench-demo"
ANALYST = "analyst@example.org"


@dataclass(frozen=True)
class DemoPerson:
    email: str
    first_name: str
    last_name: str
    partnership: str
    role: str
    agency: str
    job_title: str


COUNTY = {"slug": "safer-bedfordshire", "name": "Safer Bedfordshire", "kind": "county"}
DISTRICT = {
    "slug": "central-bedfordshire",
    "name": "Central Bedfordshire Community Safety Partnership",
    "kind": "unitary",
}
OTHER = {"slug": "luton", "name": "Luton Community Safety Partnership", "kind": "unitary"}

# ONS codes and Census 2021 populations from shared/data/areas/bedfordshire-districts.csv.
DISTRICTS = {
    "central-bedfordshire": [("Central Bedfordshire", "E06000056", 294200)],
    "luton": [("Luton", "E06000032", 225300)],
    "safer-bedfordshire": [
        ("Bedford", "E06000055", 185300),
        ("Central Bedfordshire", "E06000056", 294200),
        ("Luton", "E06000032", 225300),
    ],
}

AGENCIES = {
    "central-bedfordshire": [
        ("Central Bedfordshire Council", Agency.Type.UNITARY_COUNCIL, True),
        ("Bedfordshire Police", Agency.Type.POLICE, True),
        ("Bedfordshire Fire and Rescue Service", Agency.Type.FIRE_AND_RESCUE, True),
        ("Bedfordshire, Luton and Milton Keynes Integrated Care Board", Agency.Type.HEALTH, True),
        ("Probation Service, Bedfordshire", Agency.Type.PROBATION, True),
        ("Office of the Police and Crime Commissioner for Bedfordshire", Agency.Type.PCC, False),
    ],
    "luton": [
        ("Luton Borough Council", Agency.Type.UNITARY_COUNCIL, True),
        ("Bedfordshire Police", Agency.Type.POLICE, True),
    ],
    "safer-bedfordshire": [
        ("Bedfordshire Police", Agency.Type.POLICE, True),
        ("Office of the Police and Crime Commissioner for Bedfordshire", Agency.Type.PCC, False),
    ],
}

PEOPLE = [
    DemoPerson(
        "admin@example.org",
        "Priya",
        "Shah",
        "central-bedfordshire",
        Role.ADMIN,
        "Central Bedfordshire Council",
        "Community safety manager",
    ),
    DemoPerson(
        "analyst@example.org",
        "Sam",
        "Taylor",
        "central-bedfordshire",
        Role.ANALYST,
        "Central Bedfordshire Council",
        "Partnership analyst",
    ),
    DemoPerson(
        "specialist@example.org",
        "Jo",
        "Evans",
        "central-bedfordshire",
        Role.THEME_SPECIALIST,
        "Probation Service, Bedfordshire",
        "Reducing re-offending lead",
    ),
    DemoPerson(
        "board@example.org",
        "Chris",
        "Morgan",
        "central-bedfordshire",
        Role.BOARD_MEMBER,
        "Bedfordshire Police",
        "Chief inspector, board chair",
    ),
    DemoPerson(
        "board@example.org",
        "Chris",
        "Morgan",
        "safer-bedfordshire",
        Role.BOARD_MEMBER,
        "Bedfordshire Police",
        "County board member",
    ),
    DemoPerson(
        "luton.analyst@example.org",
        "Lee",
        "Hughes",
        "luton",
        Role.ANALYST,
        "Luton Borough Council",
        "Partnership analyst",
    ),
]


def financial_year_start(today: date) -> int:
    return today.year if today.month >= 4 else today.year - 1


def demo_start_year(today: date) -> int:
    """The demo cycle began the financial year before this one, so its year 1 (the
    autumn survey and scoring, the board's decision in February, the plan in March) has
    all happened by `today`, whatever day the demo is built."""
    return financial_year_start(today) - 1


# Each demo person's current work, dated from today in the year it falls in: one
# overdue item for the analyst and the specialist, and one due soon for the board
# member, so each dashboard has something to show. (stage, title, owner, days from today)
CURRENT_WORK = [
    ("analysis", "Send the partners the emerging issues summary", "analyst@example.org", -6),
    (
        "consultation",
        "Send the analyst your notes on emerging issues in your theme",
        "specialist@example.org",
        -3,
    ),
    (
        "reports",
        "Read the emerging issues summary and send comments to the analyst",
        "board@example.org",
        10,
    ),
]


def _partnership(spec: dict, parent: Partnership | None) -> Partnership:
    partnership, _ = Partnership.objects.get_or_create(
        slug=spec["slug"], defaults={"name": spec["name"], "kind": spec["kind"], "parent": parent}
    )
    for name, code, population in DISTRICTS[spec["slug"]]:
        District.objects.get_or_create(
            partnership=partnership,
            code=code,
            defaults={"name": name, "population": population, "population_source": "Census 2021"},
        )
    for name, agency_type, responsible in AGENCIES[spec["slug"]]:
        Agency.objects.get_or_create(
            partnership=partnership,
            name=name,
            defaults={"type": agency_type, "is_responsible_authority": responsible},
        )
    return partnership


def _person(person: DemoPerson) -> Membership:
    user, created = User.objects.get_or_create(
        username=person.email,
        defaults={
            "email": person.email,
            "first_name": person.first_name,
            "last_name": person.last_name,
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    partnership = Partnership.objects.get(slug=person.partnership)
    membership, _ = Membership.objects.get_or_create(
        user=user,
        partnership=partnership,
        defaults={
            "role": person.role,
            "agency": Agency.objects.get(partnership=partnership, name=person.agency),
            "job_title": person.job_title,
        },
    )
    return membership


def set_progress(
    cycle: Cycle,
    today: date,
    *,
    leave_overdue: bool = False,
    current_work: Sequence[tuple[str, str, str, int]] = (),
) -> None:
    """Make the cycle look lived in: past work done and current work under way.

    The national dataset's cycles (demo/national.py) pass `leave_overdue`: each person's
    latest past activity stays under way, so their dashboards show something overdue.
    The demo's own cycle passes `current_work` (CURRENT_WORK): its story says year 1
    happened, so nothing of it is left overdue, and each person gets work dated from
    today in the year it falls in."""
    activities = list(
        Activity.objects.filter(stage__year__cycle=cycle).select_related("stage").order_by("due_on")
    )
    latest_past: dict[int, Activity] = {}
    for activity in activities:
        if activity.due_on < today:
            activity.status = Activity.Status.DONE
            if activity.owner_id:
                latest_past[activity.owner_id] = activity
        elif activity.stage.starts_on <= today:
            activity.status = Activity.Status.IN_PROGRESS
    if leave_overdue:
        for activity in latest_past.values():
            activity.status = Activity.Status.IN_PROGRESS
    Activity.objects.bulk_update(activities, ["status"])
    running = cycle.years.filter(starts_on__lte=today, ends_on__gte=today).first()
    for kind, title, email, days in current_work:
        due_on = today + timedelta(days=days)
        if running is not None:
            # Work under way is the running year's: in a year's first days, what would
            # be overdue falls due on its first day, not in the year that has ended.
            due_on = max(due_on, running.starts_on)
        year = cycle.years.filter(starts_on__lte=due_on, ends_on__gte=due_on).first()
        if year is None:
            continue
        Activity.objects.create(
            stage=year.stages.get(kind=kind),
            title=title,
            owner=Membership.objects.get(partnership=cycle.partnership, user__username=email),
            due_on=due_on,
            status=Activity.Status.IN_PROGRESS,
        )


@transaction.atomic
def build_demo(today: date) -> dict:
    started = timezone.now()
    county = _partnership(COUNTY, None)
    district = _partnership(DISTRICT, county)
    other = _partnership(OTHER, county)
    for person in PEOPLE:
        _person(person)

    cycle = district.cycles.first()
    created_cycle = cycle is None
    if created_cycle:
        cycle = create_cycle_from_template(
            partnership=district, template_key="four-year", start_year=demo_start_year(today)
        )
        set_progress(cycle, today, current_work=CURRENT_WORK)
    build_scoring_demo(cycle, DEMO_PASSWORD)
    # The real Bedfordshire extracts, so the analysis pages show real figures.
    load_demo_police_data(partnership=district)
    build_sources_demo(district, today)
    build_consultation_demo(cycle, today)
    build_priorities_demo(cycle, today)
    build_objectives_demo(cycle)  # before the plan, which copies what each priority serves
    build_terms_demo(cycle, today)
    build_checklists_demo(cycle)
    build_groups_demo(district, today)
    build_plans_demo(cycle, today)
    build_review_demo(cycle, today)
    _publish_you_said_we_did(cycle, today)
    _queue_first_versions(cycle)
    build_serious_violence_demo(cycle, today)  # after the reports: they look for an empty year
    build_current_year_demo(cycle, today)  # year 1's long list, carried over once it is done
    build_retention_demo(district)
    close_held_meetings(district, today)  # last: every meeting held before today has closed
    _someone_who_left(district)
    # Everything above happened in the demo's past: its notifications count as sent, so
    # a fresh demo's worker does not email a pile of old news. What is really due now
    # is recorded afterwards by the worker's hourly checks, and waits to be sent.
    mark_past_as_sent(recorded_since=started, partnerships=[county, district, other])
    return {"partnership": district, "cycle": cycle, "created_cycle": created_cycle}


def _someone_who_left(district: Partnership) -> None:
    """The fire service's scorer left after the autumn round: the People page shows
    when, and his scores still count under his name."""
    mark = Membership.objects.filter(
        partnership=district, user__username="mark.reed@example.org", left_at=None
    ).first()
    if mark:
        mark_left(membership=mark)
        # He left in the demo's past, a month after the last round he scored in closed, not on
        # the day the demo was loaded.
        scored = Round.objects.filter(sheets__scorer=mark, closed_at__isnull=False)
        closed = scored.order_by("-closed_at").values_list("closed_at", flat=True).first()
        if closed:
            left = closed + timedelta(days=30)
            Membership.objects.filter(pk=mark.pk).update(left_at=left)
            Membership.history.filter(id=mark.pk, left_at__isnull=False).update(
                left_at=left, history_date=left
            )
            # He joined before the first round he scored in opened, and his earlier
            # history (joining, his role) is dated then: written today, it would read
            # as if he came back after leaving.
            opened = scored.order_by("opened_at").values_list("opened_at", flat=True).first()
            joined = (opened or left) - timedelta(days=30)
            Membership.objects.filter(pk=mark.pk).update(joined_at=joined)
            Membership.history.filter(id=mark.pk).update(joined_at=joined)
            Membership.history.filter(
                id=mark.pk, left_at__isnull=True, history_date__gte=left
            ).update(history_date=joined)


def _queue_first_versions(cycle: Cycle) -> None:
    """Each new demo report gets its versions, queued for the demo's worker once the
    demo commits (demo/reports_demo.py: draft, final sent to the board, agreed)."""
    queue_demo_versions(cycle, build_reports_demo(cycle))


def _publish_you_said_we_did(cycle: Cycle, today: date) -> None:
    """Each closed public consultation gets its published "you said, we did" page, dated
    a month after the survey closed (or today, if that is sooner)."""
    closed = Survey.objects.filter(
        year__cycle=cycle, audience=Survey.Audience.PUBLIC, status=Survey.Status.CLOSED
    )
    for survey in closed:
        page = draft_you_said_we_did(survey=survey)
        if page.status == page.Status.DRAFT:
            publish_you_said_we_did(page=page)
            published = min(survey.closes_on + timedelta(days=30), today)
            type(page).objects.filter(pk=page.pk).update(
                published_at=timezone.make_aware(datetime.combine(published, time(12)))
            )
