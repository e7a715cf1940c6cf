"""Other plans' objectives: the partnership's list, adding, changing and ending one,
and choosing the objectives a priority serves."""

from functools import partial

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from csp_assessment.edits import edit_initial
from csp_assessment.form_pages import confirmed, form_page, press, render_page
from csp_assessment.history import changes
from csp_assessment.pagination import paginate_table
from partnerships import access

from .. import objective_selectors, permissions
from ..objective_forms import ObjectiveEditForm, ObjectiveForm, PriorityObjectivesForm
from ..services.objectives import (
    add_objective,
    change_objective,
    end_objective,
    set_priority_objectives,
)
from ..tables import ObjectiveTable
from .crumbs import crumbs, member_and_priority, url

# What an objective's history table names (csp_assessment/history.py).
OBJECTIVE_FIELDS = {
    "plan": "Plan",
    "plan_name": "Name of the plan",
    "wording": "Objective",
    "ended_on": "Ended on",
}
INTRO = (
    "The objectives of the police and crime plan, the council's corporate plan and "
    "other strategies that the partnership's priorities serve. Each responsible "
    "authority must have regard to the police and crime objectives."
)


def _crumbs(slug: str) -> list[tuple[str, str]]:
    return crumbs(slug, "Other plans' objectives", url("objectives", slug))


# The member, if the rule allows, and the objective the address names.
_objective = partial(access.member_and, find=objective_selectors.objective_or_404)


@login_required
def objective_list(request: HttpRequest, slug: str) -> HttpResponse:
    membership = access.require_member(request, slug)
    table = ObjectiveTable(
        objective_selectors.objective_list(membership.partnership),
        may_manage=permissions.can_manage_objectives(membership),
    )
    return render_page(
        request,
        "priorities/objective_list.html",
        table=paginate_table(request, table),
        intro=INTRO,
    )


@login_required
def objective_new(request: HttpRequest, slug: str) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_manage_objectives)
    return form_page(
        request,
        ObjectiveForm(request.POST or None),
        save=partial(add_objective, partnership=membership.partnership),
        message=lambda objective: f"Objective added to {objective.plan_label}.",
        then=url("objectives", slug),
        heading="Add another plan's objective",
        intro="Analysts can then link the partnership's priorities to it.",
        crumbs=_crumbs(slug),
    )


@login_required
def objective_edit(request: HttpRequest, slug: str, objective_id: int) -> HttpResponse:
    _, objective = _objective(request, slug, objective_id, permissions.can_manage_objectives)
    form = ObjectiveEditForm(
        request.POST or None, initial=edit_initial(objective, "plan", "plan_name", "wording")
    )
    return form_page(
        request,
        form,
        save=partial(change_objective, objective=objective),
        message="Objective saved.",
        then=url("objectives", slug),
        heading="Change an objective",
        intro="Put the wording right here. If the plan has a new objective instead, end "
        "this one and add the new one, so the priorities linked to this one keep it.",
        crumbs=_crumbs(slug),
        history=changes(objective, OBJECTIVE_FIELDS),
    )


@login_required
def objective_end(request: HttpRequest, slug: str, objective_id: int) -> HttpResponse:
    """End an objective the plan no longer has, after a confirmation."""
    _, objective = _objective(request, slug, objective_id, permissions.can_manage_objectives)
    back = url("objectives", slug)
    if confirmed(request):
        press(
            request,
            partial(end_objective, objective=objective, today=timezone.localdate()),
            "Objective ended. Priorities that serve it keep it.",
        )
        return redirect(back)
    if not objective.is_current:
        press(request, partial(end_objective, objective=objective, today=timezone.localdate()))
        return redirect(back)
    return render_page(
        request,
        "priorities/objective_end.html",
        heading="End this objective?",
        objective=objective,
        crumbs=_crumbs(slug),
        back=back,
    )


@login_required
def priority_objectives(request: HttpRequest, slug: str, priority_id: int) -> HttpResponse:
    membership, priority = member_and_priority(
        request, slug, priority_id, permissions.can_link_objectives
    )
    named = list(priority.objectives.all())
    offered = objective_selectors.offered(membership.partnership, keep=[o.pk for o in named])
    form = PriorityObjectivesForm(
        request.POST or None, offered=offered, initial={"objectives": named}
    )
    intro = (
        "Current objectives are offered. One that has ended stays ticked until you "
        "untick it, and cannot be ticked again."
        if offered.exists()
        else "The partnership has no current objectives yet. An admin or analyst adds "
        "them on the other plans' objectives page."
    )
    return form_page(
        request,
        form,
        save=partial(set_priority_objectives, priority=priority),
        message="Objectives saved.",
        then=priority.get_absolute_url(),
        heading=f"Objectives {priority.title} serves",
        intro=intro,
        crumbs=crumbs(slug, priority.title, priority.get_absolute_url()),
    )
