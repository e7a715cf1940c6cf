"""Reads for other plans' objectives: the partnership's list, the objectives a form
offers a priority, and a priority's objectives grouped by the plan they come from."""

from collections.abc import Iterable

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from partnerships.models import Partnership

from .models import Objective


def objective_list(partnership: Partnership) -> QuerySet[Objective]:
    """Every objective the partnership keeps, current and ended, with how many
    priorities serve each."""
    return (
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
    return Objective.objects.filter(
        Q(ended_on__isnull=True) | Q(pk__in=list(keep)), partnership=partnership
    )


def by_plan(objectives: Iterable[Objective]) -> list[tuple[str, list[Objective]]]:
    """Objectives grouped under the plan each comes from, in the list's order."""
    groups: dict[str, list[Objective]] = {}
    for objective in sorted(objectives, key=lambda o: (o.plan, o.plan_name, o.pk)):
        groups.setdefault(objective.plan_label, []).append(objective)
    return list(groups.items())
