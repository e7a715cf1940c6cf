"""The plan's PDF, made by the same workers and renderer as reports: the request is
recorded first (a `PlanRender`, queued), the worker claims it with a conditional
update and a claim that expires, and any failure is recorded in words and shown.
Only an agreed version is rendered, so the PDF is the plan the board approved."""

import hashlib
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from csp_assessment import queueing
from partnerships.models import Membership
from reports.services import MAX_ATTEMPTS, QUEUED_TOO_LONG, TRANSIENT, claim_for

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


def _claimable(now: datetime) -> Q:
    return Q(status=PlanRender.Status.QUEUED) | Q(
        status=PlanRender.Status.RENDERING, claim_expires_at__lt=now
    )


def claim_render(*, render_id: int, now: datetime) -> int | None:
    """Take the render for this worker; two workers never both win."""
    render = PlanRender.objects.filter(_claimable(now), pk=render_id).first()
    if render is None:
        return None
    taken = PlanRender.objects.filter(
        _claimable(now), pk=render_id, attempts=render.attempts
    ).update(
        status=PlanRender.Status.RENDERING,
        claim_expires_at=now + claim_for(),
        attempts=render.attempts + 1,
        stage="Starting",
        error="",
    )
    return render.attempts + 1 if taken else None


def _held(render_id: int, claim: int):
    return PlanRender.objects.filter(
        pk=render_id, attempts=claim, status=PlanRender.Status.RENDERING
    )


def stale_renders(now: datetime) -> list[int]:
    return list(
        PlanRender.objects.filter(
            Q(status=PlanRender.Status.RENDERING, claim_expires_at__lt=now)
            | Q(status=PlanRender.Status.QUEUED, requested_at__lt=now - QUEUED_TOO_LONG)
        ).values_list("pk", flat=True)
    )


def build_html(plan: Plan) -> str:
    """The plan's HTML exactly as the PDF renderer receives it."""
    return render_to_string(
        "plans/plan_pdf.html", {"plan": plan, "sections": list(section_texts(plan))}
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
    try:
        _held(render_id, claim).update(stage="Laying out the pages")
        pdf = render_pdf(build_html(plan), title=f"{plan.partnership.name}: {plan}")
        digest = hashlib.sha256(pdf.content).hexdigest()
        render.pdf.save(
            f"plan-{plan.pk}-v{plan.version}-a{claim}-{digest[:12]}.pdf",
            ContentFile(pdf.content),
            save=False,
        )
        written = _held(render_id, claim).update(
            status=PlanRender.Status.DONE,
            pdf=render.pdf.name,
            sha256=digest,
            pages=pdf.pages,
            size=len(pdf.content),
            stage="Done",
            error="",
            finished_at=timezone.now(),
        )
        if not written:
            render.pdf.delete(save=False)
            return "superseded"
    except TRANSIENT as error:
        if claim < MAX_ATTEMPTS:
            _held(render_id, claim).update(
                status=PlanRender.Status.QUEUED,
                stage="Waiting to try again",
                claim_expires_at=None,
                error=f"Attempt {claim} did not finish ({error}). Trying again.",
            )
            return "retry"
        _fail(render_id, claim, f"The PDF could not be made after {claim} attempts: {error}")
        return "failed"
    except Exception as error:  # noqa: BLE001 - any failure is recorded and shown, in words
        _fail(render_id, claim, f"The PDF could not be made: {error}")
        return "failed"
    return "done"


def _fail(render_id: int, claim: int, message: str) -> None:
    _held(render_id, claim).update(
        status=PlanRender.Status.FAILED,
        stage="Failed",
        finished_at=timezone.now(),
        claim_expires_at=None,
        error=message,
    )
