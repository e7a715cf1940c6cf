"""Terms of reference pages: a year's terms (any version, with the timetable, the
board's decisions and what a draft changes against the last agreed version), starting
a version, editing the draft, and recording the board's decision on it."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from csp_assessment.edits import edit_initial
from csp_assessment.form_pages import form_page, press, render_page
from csp_assessment.history import changes
from partnerships import access

from .. import permissions, terms_rules, terms_selectors
from ..services.terms import (
    FIELDS,
    decided_message,
    record_terms_decision,
    start_terms,
    update_terms,
)
from ..terms_forms import TermsDecisionForm, TermsForm
from .crumbs import member_and_year, url

LONG_TEXT = frozenset({*terms_rules.SECTIONS, "roles"})
SECTIONS = list(terms_rules.SECTIONS.items())


def _terms_url(slug: str, terms) -> str:
    return url("terms", slug, year_id=terms.year_id) + f"?version={terms.version}"


def _crumbs(slug: str, terms) -> list[tuple[str, str]]:
    return [
        ("Priorities", url("year", slug, year_id=terms.year_id)),
        (f"Terms of reference {terms.year.label}", _terms_url(slug, terms)),
    ]


# The member, if the rule allows, and the terms the address names.
_terms = partial(access.member_and, find=terms_selectors.terms_or_404)


@login_required
def terms(request: HttpRequest, slug: str, year_id: int) -> HttpResponse:
    _, year = member_and_year(request, slug, year_id)
    versions = terms_selectors.versions(year)
    shown = versions[0] if versions else None
    asked = request.GET.get("version", "")
    if asked:
        shown = next((v for v in versions if str(v.version) == asked), None)
        if shown is None:
            raise Http404("No such version")
    context = {"year": year, "versions": versions, "shown": shown}
    if shown is not None:
        context.update(
            sections=[(label, getattr(shown, name)) for name, label in SECTIONS],
            decisions=terms_selectors.decisions(shown),
            approval=terms_selectors.last_approval(shown),
            changed=terms_selectors.changes_since_approval(shown) if shown.is_draft() else None,
            history=changes(shown, FIELDS, long_text=LONG_TEXT),
            is_latest=shown == versions[0],
        )
    return render_page(
        request,
        "priorities/terms.html",
        timetable=terms_selectors.timetable(year),
        **context,
    )


def _started_message(terms) -> str:
    copied = " It is a copy of the last version: change what needs to change."
    return f"Version {terms.version} started as a draft." + (copied if terms.version > 1 else "")


@login_required
@require_POST
def terms_start(request: HttpRequest, slug: str, year_id: int) -> HttpResponse:
    _, year = member_and_year(request, slug, year_id, permissions.can_draft_terms)
    started = press(
        request,
        partial(start_terms, year=year),
        _started_message,
    )
    if started:
        return redirect(url("terms_edit", slug, terms_id=started.pk))
    return redirect(url("terms", slug, year_id=year.pk))


@login_required
def terms_edit(request: HttpRequest, slug: str, terms_id: int) -> HttpResponse:
    _, terms = _terms(request, slug, terms_id, permissions.can_draft_terms)
    if not terms.is_draft():
        messages.error(request, terms_rules.frozen_message(terms))
        return redirect(_terms_url(slug, terms))
    form = TermsForm(
        request.POST or None,
        initial=edit_initial(
            terms, *terms_rules.SECTIONS, roles=terms_rules.roles_text(terms.roles)
        ),
    )
    return form_page(
        request,
        form,
        save=partial(update_terms, terms=terms),
        message=f"Version {terms.version} saved.",
        then=_terms_url(slug, terms),
        heading=f"Change the terms of reference, version {terms.version}",
        crumbs=_crumbs(slug, terms),
        history=changes(terms, FIELDS, long_text=LONG_TEXT),
    )


def version_decision_page(
    request: HttpRequest, membership, paper, *, back: str, form, save, **page
) -> HttpResponse:
    """The page that records the board's decision on a draft version of a paper (the
    terms of reference, the partnership plan). Refused, back to `back`, once the board
    has agreed the version, or while no open board meeting that has taken place has an
    agenda item. `form(items)` makes the form; `save` gets the member and today too."""
    if not paper.is_draft():
        messages.error(request, f"The board has already agreed version {paper.version}.")
        return redirect(back)
    today = timezone.localdate()
    items = terms_selectors.items_for_decision(membership.partnership, today)
    if not items.exists():
        messages.error(
            request,
            "There is no agenda item at an open board meeting that has taken place. Add the "
            "meeting and its item first, then record the board's decision from here.",
        )
        return redirect(back)
    return form_page(
        request,
        form(items),
        save=partial(save, recorded_by=membership, today=today),
        then=back,
        heading=f"Record the board's decision on version {paper.version}",
        **page,
    )


@login_required
def terms_decision(request: HttpRequest, slug: str, terms_id: int) -> HttpResponse:
    membership, terms = _terms(request, slug, terms_id, permissions.can_draft_terms)
    return version_decision_page(
        request,
        membership,
        terms,
        back=_terms_url(slug, terms),
        form=lambda items: TermsDecisionForm(request.POST or None, items=items),
        save=partial(record_terms_decision, terms=terms),
        message=decided_message,
        intro="The decision keeps a copy of this version as the board read it. If the board "
        "agrees it, with or without amendments, the version is frozen: later changes "
        "start a new version.",
        crumbs=_crumbs(slug, terms),
    )
