"""The meeting page lists the board's decision on the plan under the agenda item it was
taken at, though priorities (which draws the page) does not import plans."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans.services import record_plan_decision, start_plan
from priorities.services.meetings import add_item


def _meeting_page(client, item) -> str:
    url = reverse(
        "priorities:meeting",
        kwargs={"slug": "central-bedfordshire", "meeting_id": item.meeting_id},
    )
    return client.get(url).content.decode()


def test_the_plan_decision_shows_under_its_item(
    client_as, partnership, year, asb, board_item, member, cast
):
    plan = start_plan(partnership=partnership, year=year)
    record_plan_decision(
        plan=plan,
        item=board_item,
        outcome="agreed",
        minute="Agreed with thanks to the partners.",
        recorded_by=member(cast["analyst"]),
    )

    page = _meeting_page(client_as(cast["board_member"]), board_item)

    item_section = page.split(f'id="item-{board_item.pk}"')[1]
    assert 'data-testid="plan-decision"' in item_section
    assert f'<a href="{plan.get_absolute_url()}">{plan}</a>: <strong>Agreed</strong>.' in (
        item_section
    )
    assert "Agreed with thanks to the partners." in item_section
    assert "Recorded by Sam Taylor." in item_section


def test_the_meeting_page_takes_the_same_queries_with_more_papers(
    client_as, partnership, year, asb, board_item, member, cast
):
    client = client_as(cast["board_member"])
    plan = start_plan(partnership=partnership, year=year)
    record_plan_decision(
        plan=plan,
        item=board_item,
        outcome="deferred",
        minute="Next time.",
        recorded_by=member(cast["analyst"]),
    )
    _meeting_page(client, board_item)
    with CaptureQueriesContext(connection) as one:
        _meeting_page(client, board_item)
    second = add_item(meeting=board_item.meeting, title="The plan again")
    record_plan_decision(
        plan=plan,
        item=second,
        outcome="agreed",
        minute="Agreed.",
        recorded_by=member(cast["analyst"]),
    )
    with CaptureQueriesContext(connection) as two:
        page = _meeting_page(client, board_item)
    assert page.count('data-testid="plan-decision"') == 2
    assert len(two) == len(one)
