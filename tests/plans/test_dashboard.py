"""The dashboard lists what a plan version still needs, for those who draft it."""

from django.utils import timezone

from plans.dashboard import plan_steps
from plans.services import publish_plan, record_plan_decision, start_plan


def test_the_steps_a_version_still_needs(partnership, year, asb, board_item, member, cast):
    analyst = member(cast["analyst"])
    today = timezone.localdate()
    plan = start_plan(partnership=partnership, year=year)
    (item,) = plan_steps(analyst, today)
    assert item.detail == "To do: record the board's decision."
    assert plan_steps(member(cast["board_member"]), today) == []
    record_plan_decision(
        plan=plan, item=board_item, outcome="agreed", minute="Agreed.", recorded_by=analyst
    )
    publish_plan(plan=plan, by=analyst)
    (item,) = plan_steps(analyst, today)
    assert item.detail == "To do: record sending it to the commissioner."
