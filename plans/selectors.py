"""Reads for the partnership plan: a version, the priorities a draft is written from
(as plain values), the frozen copy the board reads, what a version changes against
the last one the board agreed, and the version the public reads."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone

from cycles.models import CycleYear
from partnerships.models import Agency, Partnership
from priorities import objective_selectors
from priorities import selectors as priority_selectors
from priorities.models import KPI, Action, Priority

from . import rules
from .models import Plan, PlanDecision, PlanRender, PlanSending


def document(partnership: Partnership) -> rules.Document:
    """What the partnership's document is called, and the law it cites."""
    return rules.document(partnership.kind)


def plan_or_404(partnership: Partnership, plan_id: int) -> Plan:
    return get_object_or_404(
        Plan.objects.select_related("year__cycle", "partnership"),
        pk=plan_id,
        partnership=partnership,
    )


def versions(partnership: Partnership) -> list[Plan]:
    """Every version of the partnership's plan, newest first."""
    return list(Plan.objects.filter(partnership=partnership).select_related("year", "partnership"))


def priorities_in_force(year: CycleYear):
    """The agreed priorities in force in `year`, each followed by its focus areas."""
    return priority_selectors.cycle_priorities(year)


def priority_rows(year: CycleYear) -> list[dict]:
    """The priorities as the plan keeps them: title, emphasis, lead, lead agency, the
    other plans' objectives each serves, KPIs and actions, in plain values."""
    chosen = [p.pk for p in priorities_in_force(year)]
    priorities = (
        Priority.objects.filter(pk__in=chosen)
        .select_related("lead__user", "lead_agency", "year")
        .prefetch_related(
            Prefetch("objectives", queryset=objective_selectors.in_plan_order()),
            Prefetch("kpis", queryset=KPI.objects.order_by("pk")),
            Prefetch(
                "actions",
                queryset=Action.objects.select_related("owner__user", "owner_agency").order_by(
                    "due_on", "pk"
                ),
            ),
        )
        .order_by("year__number", "position", "pk")
    )
    return [
        {
            "title": p.title,
            "emphasis": p.emphasis,
            "agreed_in": p.year.label,
            "lead": p.lead.display_name if p.lead else "",
            "lead_agency": p.lead_agency.name if p.lead_agency else "",
            "objectives": [
                {"plan": o.plan_label, "wording": o.wording} for o in p.objectives.all()
            ],
            "kpis": [
                {
                    "name": k.name,
                    "unit": k.unit,
                    "baseline": f"{k.baseline.normalize():f}",
                    "target": f"{k.target.normalize():f}",
                    "direction": k.get_direction_display(),
                }
                for k in p.kpis.all()
            ],
            # Still to do, then done: a dropped action is not part of the plan.
            "actions": [_action_row(a) for a in p.actions.all() if a.is_open()],
            "done": [_action_row(a) for a in p.actions.all() if a.status == Action.Status.DONE],
        }
        for p in priorities
    ]


def _action_row(action: Action) -> dict:
    return {
        "title": action.title,
        "owner": (action.owner.display_name if action.owner else "")
        or (action.owner_agency.name if action.owner_agency else ""),
        "due_on": action.due_on.isoformat(),
    }


def escalation_rows(year: CycleYear) -> list[dict]:
    """For a county: the priorities its districts escalated that it adopted and agreed,
    in force in `year`, as plain values naming the district each came from. The county
    adopts them into its own priorities (priorities.services.escalations), so they are
    read there, by the one rule for what is in force."""
    adopted = (
        Priority.objects.filter(priority_selectors.in_force(year), adopted_from__isnull=False)
        .select_related("year", "adopted_from__year__cycle__partnership")
        .order_by("year__number", "position", "pk")
    )
    return [
        {
            "title": p.title,
            "district": p.adopted_from.year.cycle.partnership.name,
            "reason": p.adopted_from.escalation_reason,
            "escalated_on": (
                timezone.localdate(p.adopted_from.escalated_at).isoformat()
                if p.adopted_from.escalated_at
                else ""
            ),
            "agreed_in": p.year.label,
        }
        for p in adopted
    ]


def snapshot(plan: Plan) -> dict:
    """The version as the board reads it, in plain values."""
    return {
        "version": plan.version,
        "period": plan.period_label,
        **{name: getattr(plan, name) for name in rules.SECTIONS},
        "priorities": list(plan.priorities),
        "escalations": list(plan.escalations),
        "resources": list(plan.resources),
    }


def last_approval(plan: Plan) -> PlanDecision | None:
    """The board's agreement of the newest approved version before `plan`."""
    return PlanDecision.last_approval(
        "plan", plan.version, plan__partnership_id=plan.partnership_id
    )


def changes_since_approval(plan: Plan) -> list[rules.SectionChanges] | None:
    """What `plan` changes against the last version the board agreed before it; None
    when there is none."""
    approval = last_approval(plan)
    if approval is None:
        return None
    return rules.compare(approval.snapshot, snapshot(plan))


def decisions(plan: Plan) -> list[PlanDecision]:
    return list(
        plan.decisions.select_related("item__meeting", "recorded_by__user").order_by("decided_at")
    )


def sendings(plan: Plan) -> list[PlanSending]:
    return list(plan.sendings.select_related("agency", "sent_by__user"))


def commissioner_offices(partnership: Partnership):
    return Agency.objects.filter(partnership=partnership, type=Agency.Type.PCC).order_by("name")


def latest_render(plan: Plan) -> PlanRender | None:
    return plan.renders.first()


def latest_pdf(plan: Plan) -> PlanRender | None:
    return plan.renders.filter(status=PlanRender.Status.DONE).first()


def published_plan(partnership: Partnership) -> Plan | None:
    """The version the public reads: the newest published one."""
    return (
        Plan.objects.filter(partnership=partnership, published_at__isnull=False)
        .select_related("year", "partnership")
        .order_by("-version")
        .first()
    )
