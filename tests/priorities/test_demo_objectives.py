"""The demo holds other plans' objectives linked to this cycle's priorities, and the
demo's plan copies them; building the demo twice adds nothing."""

from datetime import date

from demo.builder import build_demo
from plans.models import Plan
from priorities.models import Objective, Priority


def test_the_demo_links_its_priorities_to_the_police_and_crime_plan(db):
    built = build_demo(date(2026, 11, 24))
    district = built["partnership"]
    objectives = Objective.objects.filter(partnership=district)
    assert objectives.count() == 3
    assert objectives.filter(plan=Objective.Plan.POLICE_AND_CRIME).count() == 2
    asb = Priority.objects.get(year__cycle=built["cycle"], title="Anti-social behaviour")
    assert {o.plan for o in asb.objectives.all()} == {"police_and_crime", "corporate"}
    first = Plan.objects.filter(partnership=district).order_by("version").first()
    copied = {p["title"]: p["objectives"] for p in first.priorities}
    assert copied["Anti-social behaviour"][0]["plan"] == "Police and crime plan"

    build_demo(date(2026, 11, 24))
    assert Objective.objects.filter(partnership=district).count() == 3
