"""Writes to other plans' objectives: adding one to the partnership's list, changing
its wording, ending it (it stays for history), and choosing which objectives a
priority serves."""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from csp_assessment.dates import day
from csp_assessment.edits import refuse_if_record_changed
from partnerships.models import Partnership

from ..models import Objective, Priority

OBJECTIVE_FIELDS = {"plan": "the plan", "plan_name": "the plan's name", "wording": "the wording"}


def _fill(objective: Objective, *, plan: str, plan_name: str, wording: str) -> None:
    objective.plan, objective.wording = plan, wording.strip()
    objective.plan_name = plan_name.strip() if plan == Objective.Plan.OTHER else ""
    errors = {}
    if plan == Objective.Plan.OTHER and not objective.plan_name:
        errors["plan_name"] = "Give the name of the plan this objective comes from."
    if not objective.wording:
        errors["wording"] = "Write the objective as the plan words it."
    if errors:
        raise ValidationError(errors)
    objective.full_clean()


@transaction.atomic
def add_objective(
    *, partnership: Partnership, plan: str, wording: str, plan_name: str = ""
) -> Objective:
    objective = Objective(partnership=partnership)
    _fill(objective, plan=plan, plan_name=plan_name, wording=wording)
    objective.save()
    return objective


@transaction.atomic
def change_objective(
    *, objective: Objective, plan: str, wording: str, plan_name: str = "", seen: str | None = None
) -> Objective:
    """Put an objective's plan or wording right. A change saved by someone else since
    the form was opened is refused rather than overwritten."""
    current = Objective.objects.select_for_update().get(pk=objective.pk)
    wanted = {"plan": plan, "plan_name": plan_name.strip(), "wording": wording.strip()}
    refuse_if_record_changed(
        current, seen=seen, what="objective", wanted=wanted, labels=OBJECTIVE_FIELDS
    )
    _fill(current, plan=plan, plan_name=plan_name, wording=wording)
    current.save()
    return current


@transaction.atomic
def end_objective(*, objective: Objective, today: date) -> Objective:
    """The objective is no longer current: new links to it are not offered, the
    priorities that name it keep it."""
    current = Objective.objects.select_for_update().get(pk=objective.pk)
    if current.ended_on is not None:
        raise ValidationError(f"This objective already ended on {day(current.ended_on)}.")
    current.ended_on = today
    current.save(update_fields=["ended_on", "updated_at"])
    return current


def check_objectives(
    priority: Priority, objectives: Iterable[Objective], *, kept: Iterable[int] = ()
) -> list[Objective]:
    """The one rule for which objectives a priority may serve: its own partnership's,
    and current ones, except those it already names (`kept`), which it keeps after
    they end."""
    # Read afresh: whether an objective has ended is the database's answer, not the
    # caller's copy.
    objectives = list(Objective.objects.filter(pk__in=[o.pk for o in objectives]))
    kept = set(kept)
    partnership_id = priority.year.cycle.partnership_id
    if any(o.partnership_id != partnership_id for o in objectives):
        raise ValidationError({"objectives": "Choose objectives from this partnership's list."})
    ended = [o for o in objectives if o.ended_on is not None and o.pk not in kept]
    if ended:
        raise ValidationError(
            {
                "objectives": f"“{ended[0].wording}” is no longer current, so a priority "
                "cannot start serving it. Choose a current objective."
            }
        )
    return objectives


@transaction.atomic
def set_priority_objectives(*, priority: Priority, objectives: Iterable[Objective]) -> Priority:
    """Choose the other plans' objectives the priority serves."""
    current = Priority.objects.select_for_update().select_related("year__cycle").get(pk=priority.pk)
    kept = set(current.objectives.values_list("pk", flat=True))
    current.objectives.set(check_objectives(current, objectives, kept=kept))
    return current
