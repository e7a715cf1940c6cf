"""Plan fixtures: this year's agreed priority with its lead, a KPI and an action, and
an open board meeting held today with an agenda item for the plan. For the county's
community safety agreement: the county's analyst (kim), its year, its own agreed
priority, a district priority it adopted and agreed, and its meeting's item."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cycles.services import create_cycle_from_template, save_issue
from partnerships.models import Membership, Role
from plans.services import record_plan_decision, start_plan, update_plan
from priorities.models import Priority
from priorities.services.escalations import adopt_escalation, escalate_priority
from priorities.services.kpis import add_kpi
from priorities.services.meetings import add_item, create_meeting, raise_action
from priorities.services.proposals import propose_priority
from tests.conftest import make_user


@pytest.fixture
def year(partnership, cast):
    start = timezone.localdate().year - (1 if timezone.localdate().month < 4 else 0)
    cycle = create_cycle_from_template(
        partnership=partnership, template_key="four-year", start_year=start
    )
    return cycle.years.get(number=1)


def agree(year, title, **extra):
    issue = save_issue(year=year, title=title)
    priority = propose_priority(year=year, title=title, issues=[issue], **extra)
    Priority.objects.filter(pk=priority.pk).update(status=Priority.Status.AGREED)
    priority.refresh_from_db()
    return priority


@pytest.fixture
def asb(year, member, cast, police, partnership):
    priority = agree(
        year,
        "Anti-social behaviour",
        emphasis="Emphasis on repeat victims",
        lead=member(cast["board_member"]),
        lead_agency=police,
    )
    add_kpi(
        priority=priority,
        name="Repeat victims of ASB",
        baseline=120,
        target=90,
        direction="down",
        period="quarter",
    )
    meeting = create_meeting(partnership=partnership, held_on=timezone.localdate())
    raise_action(
        partnership=partnership,
        title="Map repeat victims with the council",
        due_on=timezone.localdate() + timedelta(days=60),
        raised_on=timezone.localdate(),
        owner=member(cast["board_member"]),
        item=add_item(meeting=meeting, title="ASB"),
        priority=priority,
    )
    return priority


@pytest.fixture
def board_item(partnership):
    meeting = create_meeting(
        partnership=partnership, held_on=timezone.localdate(), title="Community Safety Executive"
    )
    return add_item(meeting=meeting, title="The partnership plan")


@pytest.fixture
def pcc_office(partnership):
    from partnerships.models import Agency

    return Agency.objects.create(
        partnership=partnership,
        name="Office of the Police and Crime Commissioner for Bedfordshire",
        type=Agency.Type.PCC,
    )


@pytest.fixture
def kim(county):
    """The county's analyst."""
    user = make_user("kim@example.org", "Kim", "Patel")
    Membership.objects.create(user=user, partnership=county, role=Role.ANALYST)
    return user


@pytest.fixture
def county_year(county):
    start = timezone.localdate().year - (1 if timezone.localdate().month < 4 else 0)
    cycle = create_cycle_from_template(
        partnership=county, template_key="four-year", start_year=start
    )
    return cycle.years.get(number=1)


@pytest.fixture
def knife_crime(county_year):
    return agree(county_year, "Knife crime", emphasis="Young people under 25")


def adopt(district_year, county_year, title, reason):
    district_priority = agree(district_year, title)
    escalate_priority(priority=district_priority, reason=reason)
    return adopt_escalation(district_priority=district_priority, county_year=county_year)


@pytest.fixture
def rural_crime(year, county_year):
    """A district priority the county adopted and its board agreed."""
    adopted = adopt(year, county_year, "Rural crime", "Thefts cross every district boundary.")
    Priority.objects.filter(pk=adopted.pk).update(status=Priority.Status.AGREED)
    return adopted


@pytest.fixture
def county_item(county):
    meeting = create_meeting(
        partnership=county, held_on=timezone.localdate(), title="County strategy group"
    )
    return add_item(meeting=meeting, title="The community safety agreement")


# The board agrees a plan -----------------------------------------------------------------


def agree_plan(plan, item, by):
    """The board agrees `plan` at the meeting item `item`, the decision recorded by `by`
    (a membership); the plan as saved."""
    record_plan_decision(plan=plan, item=item, outcome="agreed", minute="Agreed.", recorded_by=by)
    plan.refresh_from_db()
    return plan


@pytest.fixture
def agreed(partnership, year, asb, board_item, member, cast):
    """This year's plan, written in full and agreed by the board."""
    plan = update_plan(
        plan=start_plan(partnership=partnership, year=year),
        summary="Focus on repeat victims.",
        engagement="Street surgeries.",
        involvement="Residents on the panel.",
        resources=[{"agency": "Bedfordshire Police", "commitment": "Two officers"}],
    )
    return agree_plan(plan, board_item, member(cast["analyst"]))
