"""The demo's partnership plan: drafted from this year's agreed priorities, agreed at
a board meeting, published, sent to the commissioner, its PDF requested; building
the demo twice adds nothing."""

from datetime import date

from demo.builder import build_demo
from plans.models import Plan, PlanDecision, PlanRender, PlanSending
from priorities.models import Priority


def test_the_demo_has_an_agreed_published_plan_sent_to_the_commissioner(db):
    today = date(2026, 11, 24)
    cycle = build_demo(today)["cycle"]
    plan = Plan.objects.get(partnership=cycle.partnership)
    assert plan.status == Plan.Status.APPROVED and plan.is_published()
    agreed = set(
        Priority.objects.filter(year__cycle=cycle, status="agreed").values_list("title", flat=True)
    )
    assert {p["title"] for p in plan.priorities} == agreed and agreed
    assert all(p["lead"] for p in plan.priorities)
    assert any(p["kpis"] for p in plan.priorities)
    assert len(plan.resources) == 4
    decision = PlanDecision.objects.get(plan=plan)
    assert decision.approves() and decision.item.meeting.held_on <= today
    assert decision.item.meeting.group_id is None
    sending = PlanSending.objects.get(plan=plan)
    assert sending.agency.name == "Office of the Police and Crime Commissioner for Bedfordshire"
    assert PlanRender.objects.filter(plan=plan).count() == 1

    counts = [m.objects.count() for m in (Plan, PlanDecision, PlanSending, PlanRender)]
    build_demo(today)
    assert [m.objects.count() for m in (Plan, PlanDecision, PlanSending, PlanRender)] == counts
