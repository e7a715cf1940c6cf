"""TRANSITIONAL: the role tuples, lead checks and form page shared by the views until the
app has its permissions module and uses the project's form flow."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from partnerships.models import Membership, Role

from ..models import Action, Priority

# Who may do what (issue 5): analysts propose; board members record decisions; leads
# update their KPIs and actions; admins and analysts run checklists; everyone reads.
PROPOSE = (Role.ANALYST,)
DECIDE = (Role.BOARD_MEMBER,)
MANAGE = (Role.ADMIN, Role.ANALYST)
MEETINGS = (Role.ADMIN, Role.ANALYST, Role.BOARD_MEMBER)
RUN_CHECKLISTS = (Role.ADMIN, Role.ANALYST)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _leads(membership: Membership, priority: Priority) -> bool:
    return membership.role in MANAGE or priority.lead_id == membership.pk


def _require_lead(membership: Membership, priority: Priority) -> None:
    if not _leads(membership, priority):
        raise PermissionDenied("Only the priority's lead, analysts and admins can change its KPIs.")


def _can_update_action(membership: Membership, action: Action) -> bool:
    return membership.role in MEETINGS or action.owner_id == membership.pk


def _form_page(request, membership, form, heading: str, back: str, back_label: str, intro=""):
    return render(
        request,
        "priorities/form_page.html",
        {
            "partnership": membership.partnership,
            "form": form,
            "heading": heading,
            "back": back,
            "back_label": back_label,
            "intro": intro,
        },
    )
