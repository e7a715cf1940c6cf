"""The demo's other plans' objectives (seeds 003 and 004): two of the police and crime
plan's and one of the council's corporate plan, linked to this cycle's priorities, so
the priority pages, the published priorities and the plan show what each serves. The
wording is the demo's own, in the manner of such plans."""

from django.db import transaction

from cycles.models import Cycle
from priorities.models import Objective, Priority
from priorities.services.objectives import add_objective, set_priority_objectives

PCC = Objective.Plan.POLICE_AND_CRIME
CORPORATE = Objective.Plan.CORPORATE

# plan, wording, the titles of the priorities that serve it
OBJECTIVES = [
    (
        PCC,
        "Put victims first and reduce repeat victimisation",
        ["Anti-social behaviour", "Domestic abuse"],
    ),
    (PCC, "Cut re-offending by working with offenders", ["Reduce re-offending"]),
    (
        CORPORATE,
        "Safer communities where people feel safe in their homes and streets",
        ["Anti-social behaviour"],
    ),
]


@transaction.atomic
def build_objectives_demo(cycle: Cycle) -> list[Objective]:
    """Safe to run twice: a partnership that has objectives is left as it is."""
    district = cycle.partnership
    existing = list(Objective.objects.filter(partnership=district))
    if existing:
        return existing
    year = cycle.years.get(number=1)
    priorities = {p.title: p for p in Priority.objects.filter(year=year)}
    serving: dict[str, list[Objective]] = {}
    made = []
    for plan, wording, titles in OBJECTIVES:
        objective = add_objective(partnership=district, plan=plan, wording=wording)
        made.append(objective)
        for title in titles:
            serving.setdefault(title, []).append(objective)
    for title, objectives in serving.items():
        if title in priorities:
            set_priority_objectives(priority=priorities[title], objectives=objectives)
    return made
