"""The plan's PDF, made by the same workers and renderer as reports: the request is
recorded first (a `PlanRender`, queued), the worker claims it with a conditional
update and a claim that expires, and any failure is recorded in words and shown.
Only an agreed version is rendered, so the PDF is the plan the board approved."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from csp_assessment import queueing
from partnerships.models import Membership
from reports.services import render_claims, store_pdf

from . import rules
from .models import Plan, PlanRender


@transaction.atomic
def request_pdf(*, plan: Plan, by: Membership | None) -> PlanRender:
    """Record the request and queue the work once the transaction commits. A request
    still waiting is the answer to a second press, not a second render."""
    from .tasks import render_plan

    current = Plan.objects.select_for_update().get(pk=plan.pk)
    if current.is_draft():
        raise ValidationError(
            f"Version {current.version} is a draft. Its PDF is made once the board agrees it."
        )
    waiting = current.renders.filter(status=PlanRender.Status.QUEUED).first()
    if waiting is not None:
        return waiting
    render = PlanRender.objects.create(plan=current, requested_by=by, requested_at=timezone.now())
    queueing.send_after_commit(render_plan, render.pk)
    return render


RENDERS = render_claims(PlanRender)


def claim_render(*, render_id: int, now: datetime) -> int | None:
    """Take the render for this worker; two workers never both win."""
    return RENDERS.claim(render_id, now, stage="Starting")


def build_html(plan: Plan) -> str:
    """The plan's HTML exactly as the PDF renderer receives it."""
    return render_to_string(
        "plans/plan_pdf.html",
        {"plan": plan, "document": plan.document(), "sections": list(section_texts(plan))},
    )


def section_texts(plan: Plan):
    for name, label in rules.SECTIONS.items():
        yield label, getattr(plan, name)


def run_render(*, render_id: int, now: datetime | None = None) -> str:
    """Render the PDF if this worker can claim it: "done", "failed", "retry",
    "superseded" or "not claimed"."""
    from reports.renderer import render_pdf

    now = now or timezone.now()
    claim = claim_render(render_id=render_id, now=now)
    if claim is None:
        return "not claimed"
    render = PlanRender.objects.select_related("plan__partnership", "plan__year").get(pk=render_id)
    plan = render.plan

    def work() -> str:
        RENDERS.held(render_id, claim).update(stage="Laying out the pages")
        pdf = render_pdf(build_html(plan), title=f"{plan.partnership.name}: {plan}")
        name = f"plan-{plan.pk}-v{plan.version}-a{claim}"
        return store_pdf(render, RENDERS.held(render_id, claim), pdf, name)

    return RENDERS.attempt(
        render_id,
        claim,
        work,
        failed="The PDF could not be made",
        retry={"stage": "Waiting to try again"},
        fail={"stage": "Failed"},
    )
