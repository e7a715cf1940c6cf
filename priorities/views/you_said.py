""" "You said, we did" pages for members: drafting from a survey, editing, publishing
and withdrawing."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from consultation.models import Survey
from csp_assessment.form_pages import NOT_SAVED, form_page, press, render_page
from csp_assessment.history import changes
from csp_assessment.pagination import paginate
from partnerships import access

from .. import permissions, you_said_selectors
from ..forms import YouSaidWeDidForm
from ..services.you_said import (
    draft_you_said_we_did,
    publish_you_said_we_did,
    update_you_said_we_did,
    withdraw_you_said_we_did,
)
from .crumbs import url

# The member, if the rule allows, and the you said the address names.
_you_said = partial(access.member_and, find=you_said_selectors.you_said_or_404)


@login_required
def you_said_list(request: HttpRequest, slug: str) -> HttpResponse:
    membership = access.require_member(request, slug)
    surveys = (
        Survey.objects.filter(year__cycle__partnership=membership.partnership)
        .exclude(status=Survey.Status.DRAFT)
        .select_related("year", "you_said_we_did")
        .order_by("-opens_on", "-pk")
    )
    return render_page(
        request,
        "priorities/you_said_list.html",
        surveys=paginate(request, surveys),
        section="you_said",
    )


@require_POST
@login_required
def you_said_draft(request: HttpRequest, slug: str, survey_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_manage)
    survey = get_object_or_404(
        Survey, pk=survey_id, year__cycle__partnership=membership.partnership
    )
    page = press(
        request,
        partial(draft_you_said_we_did, survey=survey),
        "Drafted from the survey and the board's decisions. Check it.",
    )
    if page is NOT_SAVED:
        return redirect("priorities:you_said_list", slug=slug)
    return redirect("priorities:you_said_edit", slug=slug, page_id=page.pk)


def _saved_message(page) -> str:
    if page.is_published():
        return (
            "Revision saved. The public still sees the published version until you "
            "publish this revision."
        )
    return "Draft saved."


@login_required
def you_said_edit(request: HttpRequest, slug: str, page_id: int) -> HttpResponse:
    _, page = _you_said(request, slug, page_id, permissions.can_manage)
    form = YouSaidWeDidForm(
        request.POST or None,
        survey=page.survey,
        initial={
            "title": page.title,
            "said": page.said,
            "did": page.did,
            "questions": [str(pk) for pk in page.questions],
        },
    )
    return form_page(
        request,
        form,
        save=partial(update_you_said_we_did, page=page),
        message=_saved_message,
        then=url("you_said_edit", slug, page_id=page.pk),
        heading=page.title,
        template="priorities/you_said_edit.html",
        page=page,
        public=you_said_selectors.you_said_content(page),
        history=changes(page, HISTORY_LABELS, long_text=LONG_TEXT),
        section="you_said",
    )


HISTORY_LABELS = {
    "title": "Title (draft)",
    "said": "You said (draft)",
    "did": "We did (draft)",
    "status": "Status",
    "public_title": "Published title",
    "public_said": "Published “you said”",
    "public_did": "Published “we did”",
}
LONG_TEXT = frozenset({"said", "did", "public_said", "public_did"})


@require_POST
@login_required
def you_said_status(request: HttpRequest, slug: str, page_id: int, action: str) -> HttpResponse:
    _, page = _you_said(request, slug, page_id, permissions.can_manage)
    if action == "withdraw" and not request.POST.get("confirm"):
        # Taking a public page offline is consequential: the form asks first.
        messages.error(
            request, "Tick “Take the public page offline” to confirm. Nothing was changed."
        )
        return redirect("priorities:you_said_edit", slug=slug, page_id=page.pk)
    if action == "publish":
        done = (
            "Published: the revision replaces the public version."
            if page.is_published()
            else "Published."
        )
        press(request, partial(publish_you_said_we_did, page=page), done)
    else:
        done = "Withdrawn: the public page is offline and this is a draft again."
        press(request, partial(withdraw_you_said_we_did, page=page), done)
    return redirect("priorities:you_said_edit", slug=slug, page_id=page.pk)
