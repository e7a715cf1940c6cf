"""Partnership plan pages for members (a county's community safety agreement, named as
`rules.document` says): the versions, one version (its priorities,
sections, resources, the board's decisions, sending to the commissioner, its PDF),
starting a version, changing a draft, recording the board's decision, publishing,
recording sending, and what a revision changes against the last agreed version."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from csp_assessment.edits import edit_initial
from csp_assessment.form_pages import form_page, press, render_page, saved_page
from csp_assessment.history import changes
from csp_assessment.pagination import paginate_table
from cycles.models import CycleYear
from partnerships import access
from priorities.selectors import current_year
from priorities.views.terms import version_decision_page

from . import permissions, rendering, rules, selectors
from .forms import DecisionForm, PlanForm, SendingForm, StartForm
from .models import PlanRender
from .services import (
    FIELDS,
    decided_message,
    publish_plan,
    record_plan_decision,
    record_sending,
    refresh_priorities,
    start_plan,
    update_plan,
)
from .tables import PlanVersionTable

LONG_TEXT = frozenset({*rules.SECTIONS, "resources"})


def _url(name: str, slug: str, **kwargs) -> str:
    return reverse(f"plans:{name}", kwargs={"slug": slug, **kwargs})


def _crumbs(slug: str, plan) -> list[tuple[str, str]]:
    return [
        (plan.document().title, _url("index", slug)),
        (f"Version {plan.version}", plan.get_absolute_url()),
    ]


@login_required
def index(request: HttpRequest, slug: str) -> HttpResponse:
    membership = access.require_member(request, slug)
    versions = selectors.versions(membership.partnership)
    named = selectors.document(membership.partnership)
    table = PlanVersionTable(versions, caption=f"Versions of the {named.name}")
    return render_page(
        request,
        "plans/index.html",
        table=paginate_table(request, table),
        has_draft=any(v.is_draft() for v in versions),
        published=selectors.published_plan(membership.partnership),
        document=named,
        law=named.law,
    )


def _started_message(plan) -> str:
    if plan.version == 1:
        return "Version 1 started as a draft, with the priorities the board agreed."
    return (
        f"Version {plan.version} started as a draft: a copy of the last agreed version, with "
        "the priorities in force now. Change what needs to change."
    )


@login_required
def start(request: HttpRequest, slug: str) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_draft_plan)
    partnership = membership.partnership
    years = CycleYear.objects.filter(cycle__partnership=partnership).order_by("starts_on")
    today_year = current_year(partnership, timezone.localdate())
    named = selectors.document(partnership)
    form = StartForm(
        request.POST or None, years=years, short=named.short, initial={"year": today_year}
    )
    return form_page(
        request,
        form,
        save=partial(start_plan, partnership=partnership),
        message=_started_message,
        then=saved_page,
        heading=f"Start a version of the {named.name}",
        intro="The first version is drafted from the priorities the board has agreed, with "
        "their leads, KPIs and actions. Each later version is the annual revision: a copy "
        "of the last agreed version with the priorities in force now.",
        crumbs=[(named.title, _url("index", slug))],
    )


@login_required
def plan(request: HttpRequest, slug: str, plan_id: int) -> HttpResponse:
    _, shown = _plan(request, slug, plan_id)
    return render_page(
        request,
        "plans/plan.html",
        plan=shown,
        sections=list(rendering.section_texts(shown)),
        decisions=selectors.decisions(shown),
        approval=selectors.last_approval(shown),
        sendings=selectors.sendings(shown),
        render=selectors.latest_render(shown),
        pdf=selectors.latest_pdf(shown),
        document=shown.document(),
        law=shown.document().law,
        history=changes(shown, FIELDS, long_text=LONG_TEXT),
    )


# The member, if the rule allows, and the plan version the address names.
_plan = partial(access.member_and, find=selectors.plan_or_404)


def _frozen(request: HttpRequest, plan) -> HttpResponse:
    messages.error(request, rules.frozen_message(plan))
    return redirect(plan.get_absolute_url())


@login_required
def edit(request: HttpRequest, slug: str, plan_id: int) -> HttpResponse:
    _, draft = _plan(request, slug, plan_id, permissions.can_draft_plan)
    if not draft.is_draft():
        return _frozen(request, draft)
    form = PlanForm(
        request.POST or None,
        initial=edit_initial(
            draft, *rules.SECTIONS, "years", resources=rules.resources_text(draft.resources)
        ),
    )
    return form_page(
        request,
        form,
        save=partial(update_plan, plan=draft),
        message=f"Version {draft.version} saved.",
        then=draft.get_absolute_url(),
        heading=f"Change the {draft.document().name}, version {draft.version}",
        intro="The priorities, with their leads, KPIs and actions, come from the board's "
        "decisions: change them on the priorities pages, then refresh them here.",
        crumbs=_crumbs(slug, draft),
        history=changes(draft, FIELDS, long_text=LONG_TEXT),
    )


@login_required
@require_POST
def refresh(request: HttpRequest, slug: str, plan_id: int) -> HttpResponse:
    _, draft = _plan(request, slug, plan_id, permissions.can_draft_plan)
    press(
        request,
        partial(refresh_priorities, plan=draft),
        lambda p: f"Priorities refreshed: {len(p.priorities)} in force now.",
    )
    return redirect(draft.get_absolute_url())


@login_required
def decision(request: HttpRequest, slug: str, plan_id: int) -> HttpResponse:
    membership, draft = _plan(request, slug, plan_id, permissions.can_draft_plan)
    short = draft.document().short
    return version_decision_page(
        request,
        membership,
        draft,
        back=draft.get_absolute_url(),
        form=lambda items: DecisionForm(request.POST or None, items=items, short=short),
        save=partial(record_plan_decision, plan=draft),
        message=decided_message,
        intro="The decision keeps a copy of this version as the board read it. If the board "
        "agrees it, with or without amendments, the version is frozen and can be published.",
        crumbs=_crumbs(slug, draft),
    )


@login_required
def publish(request: HttpRequest, slug: str, plan_id: int) -> HttpResponse:
    """A confirmation page; the post publishes."""
    membership, agreed = _plan(request, slug, plan_id, permissions.can_publish_plan)
    if request.method == "POST":
        done = press(
            request,
            partial(publish_plan, plan=agreed, by=membership),
            f"Version {agreed.version} published. Anyone can now read it without signing in.",
        )
        if done:
            return redirect(agreed.get_absolute_url())
    return render_page(
        request,
        "plans/publish_confirm.html",
        plan=agreed,
        document=agreed.document(),
        replaces=selectors.published_plan(membership.partnership),
        crumbs=_crumbs(slug, agreed),
    )


@login_required
def send(request: HttpRequest, slug: str, plan_id: int) -> HttpResponse:
    membership, agreed = _plan(request, slug, plan_id, permissions.can_record_sending)
    if agreed.is_draft():
        messages.error(
            request, f"Version {agreed.version} is a draft. Send the version the board agreed."
        )
        return redirect(agreed.get_absolute_url())
    offices = selectors.commissioner_offices(membership.partnership)
    named = agreed.document()
    form = SendingForm(
        request.POST or None,
        offices=offices,
        short=named.short,
        initial={"sent_on": timezone.localdate(), "agency": offices.first()},
    )
    return form_page(
        request,
        form,
        save=partial(record_sending, plan=agreed, sent_by=membership),
        message=lambda s: f"Recorded: version {agreed.version} sent to {s.sent_to}.",
        then=agreed.get_absolute_url(),
        heading=f"Record sending version {agreed.version} to the police and crime commissioner",
        intro=f"{named.group.capitalize()} must send a copy of its {named.short} to the police "
        f"and crime commissioner ({named.sending_law}). Record when it went, to whom and how.",
        crumbs=_crumbs(slug, agreed),
    )


@login_required
@require_POST
def pdf_request(request: HttpRequest, slug: str, plan_id: int) -> HttpResponse:
    membership, agreed = _plan(request, slug, plan_id, permissions.can_publish_plan)
    press(
        request,
        partial(rendering.request_pdf, plan=agreed, by=membership),
        "The PDF is being made. This page shows when it is ready.",
    )
    return redirect(agreed.get_absolute_url())


@login_required
def pdf_download(request: HttpRequest, slug: str, render_id: int) -> FileResponse:
    membership = access.require_member(request, slug)
    render = get_object_or_404(
        PlanRender.objects.select_related("plan__partnership", "plan__year"),
        pk=render_id,
        plan__partnership=membership.partnership,
    )
    if render.status != PlanRender.Status.DONE or not render.pdf:
        raise Http404("That request has no PDF.")
    return pdf_response(render, slug)


def pdf_response(render: PlanRender, slug: str) -> FileResponse:
    named = render.plan.document().name.replace(" ", "-")
    name = f"{slug}-{named}-{render.plan.period_label.replace(' ', '-')}"
    return FileResponse(
        render.pdf.open("rb"),
        as_attachment=True,
        filename=f"{name}-v{render.plan.version}.pdf",
        content_type="application/pdf",
    )


@login_required
def changes_page(request: HttpRequest, slug: str, plan_id: int) -> HttpResponse:
    _, shown = _plan(request, slug, plan_id)
    return render_page(
        request,
        "plans/changes.html",
        plan=shown,
        document=shown.document(),
        approval=selectors.last_approval(shown),
        changed=selectors.changes_since_approval(shown),
    )
