"""Plan fixtures: this year's agreed priority with its lead, a KPI and an action, and
an open board meeting held today with an agenda item for the plan."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cycles.services import create_cycle_from_template, save_issue
from priorities.models import Priority
from priorities.services.kpis import add_kpi
from priorities.services.meetings import add_item, create_meeting, raise_action
from priorities.services.proposals import propose_priority


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
