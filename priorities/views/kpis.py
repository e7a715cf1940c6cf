"""KPI pages: a priority's lead (or an analyst or admin) adds KPIs and enters figures,
and puts them right afterwards: changes a KPI, corrects or removes a figure, removes a
KPI that has no figures. The rules are the service's (`services.kpis`)."""

from functools import partial
from operator import attrgetter

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from csp_assessment.dates import day
from csp_assessment.edits import edit_initial
from csp_assessment.form_pages import NOT_SAVED, confirmed, form_page, press, render_page
from csp_assessment.history import changes
from partnerships import access

from .. import permissions
from ..forms import KPIEditForm, KPIForm, KPIValueEditForm, KPIValueForm
from ..models import KPI, KPIValue
from ..selectors import kpi_figure
from ..services.kpis import (
    FIGURE_FIELDS,
    KPI_FIELDS,
    add_kpi,
    change_kpi,
    check_kpi_removable,
    correct_kpi_value,
    enter_kpi_value,
    remove_kpi,
    remove_kpi_value,
)
from .crumbs import crumbs, member_and_priority


@login_required
def kpi_new(request: HttpRequest, slug: str, priority_id: int) -> HttpResponse:
    membership, priority = member_and_priority(request, slug, priority_id)
    access.check(permissions.can_change_kpis(membership, priority))
    return form_page(
        request,
        KPIForm(request.POST or None),
        save=partial(add_kpi, priority=priority),
        message=lambda kpi: f"KPI added: {kpi.name}.",
        then=priority,
        heading=f"Add a KPI to {priority.title}",
        crumbs=crumbs(slug, priority.title, priority.get_absolute_url()),
    )


def _to_change(request: HttpRequest, slug: str, model, pk: int, priority: str):
    """The KPI or figure, if it is the viewer's partnership's (404 if not) and they may
    change the KPIs of its priority, found at the path `priority` (403 if not)."""
    membership = access.require_member(request, slug)
    record = access.owned(
        model.objects.select_related(f"{priority}__year__cycle__partnership"),
        membership,
        pk,
        f"{priority}__year__cycle",
    )
    access.check(
        permissions.can_change_kpis(membership, attrgetter(priority.replace("__", "."))(record))
    )
    return membership, record


def _kpi_to_change(request: HttpRequest, slug: str, kpi_id: int):
    return _to_change(request, slug, KPI, kpi_id, "priority")


def _figure_to_change(request: HttpRequest, slug: str, value_id: int) -> KPIValue:
    return _to_change(request, slug, KPIValue, value_id, "kpi__priority")[1]


def _aim(kpi: KPI) -> str:
    """What a figure is measured against, written as the priority's page writes it."""
    baseline, target = kpi_figure(kpi.baseline, kpi.unit), kpi_figure(kpi.target, kpi.unit)
    return f"Baseline {baseline}, target {target}. {kpi.get_direction_display()}."


@login_required
def kpi_value_new(request: HttpRequest, slug: str, kpi_id: int) -> HttpResponse:
    membership, kpi = _kpi_to_change(request, slug, kpi_id)
    priority = kpi.priority
    return form_page(
        request,
        KPIValueForm(request.POST or None, kpi=kpi),
        save=partial(enter_kpi_value, kpi=kpi, entered_by=membership),
        message=f"Figure saved for {kpi.name}.",
        then=priority,
        heading=f"Enter a figure: {kpi.name}",
        crumbs=crumbs(slug, priority.title, priority.get_absolute_url()),
        intro=_aim(kpi),
    )


@login_required
def kpi_edit(request: HttpRequest, slug: str, kpi_id: int) -> HttpResponse:
    _, kpi = _kpi_to_change(request, slug, kpi_id)
    priority = kpi.priority
    form = KPIEditForm(request.POST or None, initial=edit_initial(kpi, *KPI_FIELDS))
    return form_page(
        request,
        form,
        save=partial(change_kpi, kpi=kpi),
        message=lambda saved: f"KPI saved: {saved.name}.",
        then=priority,
        heading=f"Change the KPI: {kpi.name}",
        crumbs=crumbs(slug, priority.title, priority.get_absolute_url()),
        template="priorities/kpi_edit.html",
        kpi=kpi,
        figures=kpi.values.count(),
        history=changes(kpi, KPI_FIELDS),
    )


@login_required
def kpi_remove(request: HttpRequest, slug: str, kpi_id: int) -> HttpResponse:
    """Remove a KPI added in error, after a confirmation. Refused while it has figures."""
    _, kpi = _kpi_to_change(request, slug, kpi_id)
    back = kpi.priority.get_absolute_url()
    if confirmed(request):
        press(request, partial(remove_kpi, kpi=kpi), f"KPI removed: {kpi.name}.")
        return redirect(back)
    if press(request, partial(check_kpi_removable, kpi=kpi)) is NOT_SAVED:
        return redirect(back)
    return render_page(
        request,
        "priorities/kpi_remove.html",
        heading=f"Remove the KPI {kpi.name}?",
        explanation="It has no figures. Its history keeps a record of it and of its removal.",
        answer="Yes, remove the KPI",
        priority=kpi.priority,
        back=back,
    )


@login_required
def kpi_value_edit(request: HttpRequest, slug: str, value_id: int) -> HttpResponse:
    figure = _figure_to_change(request, slug, value_id)
    kpi, priority = figure.kpi, figure.kpi.priority
    form = KPIValueEditForm(
        request.POST or None, kpi=kpi, initial=edit_initial(figure, *FIGURE_FIELDS)
    )
    return form_page(
        request,
        form,
        save=partial(correct_kpi_value, figure=figure),
        message=f"Figure corrected for {kpi.name}.",
        then=priority,
        heading=f"Correct the figure for the period ending {day(figure.period_ending)}: {kpi.name}",
        crumbs=crumbs(slug, priority.title, priority.get_absolute_url()),
        intro=_aim(kpi),
        history=changes(figure, FIGURE_FIELDS),
    )


@login_required
def kpi_value_remove(request: HttpRequest, slug: str, value_id: int) -> HttpResponse:
    """Remove a figure entered in error, after a confirmation."""
    figure = _figure_to_change(request, slug, value_id)
    kpi, ending = figure.kpi, day(figure.period_ending)
    back = kpi.priority.get_absolute_url()
    if confirmed(request):
        press(
            request,
            partial(remove_kpi_value, figure=figure),
            f"Figure for the period ending {ending} removed from {kpi.name}.",
        )
        return redirect(back)
    return render_page(
        request,
        "priorities/kpi_remove.html",
        heading=f"Remove the figure for the period ending {ending}?",
        explanation=(
            f"{kpi.name}: {kpi_figure(figure.value, kpi.unit)} for the period ending {ending}. "
            "The KPI's status and chart then use the figures that remain. "
            "Its history keeps a record of the figure and of its removal."
        ),
        answer="Yes, remove the figure",
        priority=kpi.priority,
        back=back,
    )
