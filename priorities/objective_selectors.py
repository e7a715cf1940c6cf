"""Reads for other plans' objectives: the partnership's list, the objectives a form
offers a priority, and a priority's objectives grouped by the plan they come from."""

from collections.abc import Iterable

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404

from partnerships.models import Partnership

from .models import Objective

# The plans in the order of their choices: the police and crime plan first.
PLAN_ORDER = Case(
    *(When(plan=plan, then=Value(n)) for n, plan in enumerate(Objective.Plan.values)),
    output_field=IntegerField(),
)


def in_plan_order(objectives: QuerySet[Objective] | None = None) -> QuerySet[Objective]:
    """Objectives (all of them unless given) in the plans' order, then as added."""
    objectives = Objective.objects.all() if objectives is None else objectives
    return objectives.annotate(plan_order=PLAN_ORDER).order_by("plan_order", "plan_name", "pk")


def objective_list(partnership: Partnership) -> QuerySet[Objective]:
    """Every objective the partnership keeps, current and ended, with how many
    priorities serve each."""
    return in_plan_order(
        Objective.objects.filter(partnership=partnership)
        .select_related("partnership")
        .annotate(serving=Count("priorities"))
    )


def objective_or_404(partnership: Partnership, objective_id: int) -> Objective:
    return get_object_or_404(
        Objective.objects.select_related("partnership"), pk=objective_id, partnership=partnership
    )


def offered(partnership: Partnership, keep: Iterable[int] = ()) -> QuerySet[Objective]:
    """What a form offers a priority: the current objectives, and any ended one the
    priority already names (`keep`)."""
    return in_plan_order(
        Objective.objects.filter(
            Q(ended_on__isnull=True) | Q(pk__in=list(keep)), partnership=partnership
        )
    )


def by_plan(objectives: Iterable[Objective]) -> list[tuple[str, list[Objective]]]:
    """Objectives grouped under the plan each comes from, in the list's order."""
    groups: dict[str, list[Objective]] = {}
    order = Objective.Plan.values
    for objective in sorted(objectives, key=lambda o: (order.index(o.plan), o.plan_name, o.pk)):
        groups.setdefault(objective.plan_label, []).append(objective)
    return list(groups.items())
