"""Partnership set-up pages (admins) and the way in: home, switching partnership."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from csp_assessment.form_pages import (
    NOT_SAVED,
    form_page,
    press,
    render_page,
    submitted,
)
from csp_assessment.history import changes
from csp_assessment.pagination import paginate, paginate_table, sort_table

from . import access, permissions, services, sso
from .forms import (
    AgencyForm,
    CountyRequestForm,
    DistrictForm,
    InviteForm,
    MembershipForm,
    PartnershipForm,
    SingleSignOnForm,
)
from .models import Agency, CountyRequest, District, Membership, Partnership, SingleSignOn
from .tables import AgencyTable, DistrictTable, PeopleTable

# What the pages' history tables name (csp_assessment/history.py).
PARTNERSHIP_FIELDS = {
    "name": "Name",
    "kind": "Kind",
    "parent": "County",
    "suppress_below": "Hide counts below",
}
MEMBERSHIP_FIELDS = {
    "role": "Role",
    "agency": "Agency",
    "job_title": "Job title",
    "left_at": "Left on",
}


# The most partnerships a person who has left them all is told about.
LEFT_SHOWN = 20


@login_required
def home(request: HttpRequest) -> HttpResponse:
    everything = (
        Membership.objects.filter(user=request.user, left_at=None)
        .select_related("partnership", "invitation__invited_by")
        .order_by("partnership__name", "pk")
    )
    memberships = [m for m in everything if m.accepted_at is not None]
    invitations = [m for m in everything if m.accepted_at is None]
    if not invitations:
        chosen = request.session.get("partnership")
        for membership in memberships:
            if membership.partnership.slug == chosen:
                return redirect(membership.partnership)
        if len(memberships) == 1:
            return redirect(memberships[0].partnership)
    # Someone whose access has ended everywhere is told so, and where, rather than
    # being shown the page for a person who has never been invited.
    left = []
    if not memberships and not invitations:
        left = (
            Membership.objects.filter(user=request.user, left_at__isnull=False)
            .select_related("partnership")
            .order_by("partnership__name", "pk")[:LEFT_SHOWN]
        )
    return render(
        request,
        "partnerships/home.html",
        {
            "memberships": paginate(request, memberships),
            "invitations": invitations,
            "left": left,
        },
    )


def _own_invitation(request: HttpRequest, pk: int) -> Membership:
    """An invitation to the signed-in person, still waiting: anyone else's is a 404."""
    return get_object_or_404(
        Membership.objects.select_related("partnership"),
        pk=pk,
        user=request.user,
        accepted_at__isnull=True,
        left_at__isnull=True,
    )


@require_POST
@login_required
def invitation_accept(request: HttpRequest, pk: int) -> HttpResponse:
    membership = services.accept_invitation(membership=_own_invitation(request, pk))
    messages.success(request, f"You have joined {membership.partnership.name}.")
    return redirect(membership.partnership)


@require_POST
@login_required
def invitation_decline(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _own_invitation(request, pk)
    services.decline_invitation(membership=membership)
    messages.info(request, f"You declined the invitation to {membership.partnership.name}.")
    return redirect("home")


@login_required
def switch(request: HttpRequest) -> HttpResponse:
    membership = access.membership_for(request, request.GET.get("to", ""))
    request.session["partnership"] = membership.partnership.slug
    return redirect(membership.partnership)


@login_required
def settings_page(request: HttpRequest, slug: str) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_manage_partnership)
    partnership = membership.partnership
    form = PartnershipForm(request.POST or None, instance=partnership)
    save = partial(services.update_partnership, partnership=partnership)
    if submitted(request, form, save) is not NOT_SAVED:
        messages.success(request, "Partnership details saved.")
        return redirect("partnerships:settings", slug=partnership.slug)
    partnership.refresh_from_db()
    # Two tables on one page: each sorts on its own parameter.
    districts = DistrictTable(
        partnership.districts.select_related("partnership"), prefix="districts-"
    )
    agencies = AgencyTable(partnership.agencies.select_related("partnership"), prefix="agencies-")
    for table in (districts, agencies):
        sort_table(request, table)
    population = sum(d.population or 0 for d in partnership.districts.all())
    return render_page(
        request,
        "partnerships/settings.html",
        history=changes(partnership, PARTNERSHIP_FIELDS),
        form=form,
        districts=districts,
        agencies=agencies,
        population=population,
        county_form=_county_form(partnership),
        waiting=partnership.county_requests.filter(status=CountyRequest.Status.PENDING)
        .select_related("county", "requested_by")
        .first(),
        asking=partnership.district_requests.filter(status=CountyRequest.Status.PENDING)
        .select_related("partnership", "requested_by")
        .order_by("requested_at"),
        single_sign_on=_single_sign_on(partnership),
    )


def _single_sign_on(partnership) -> dict | None:
    """What the settings page says about signing in: the provider's name, and each
    domain with whether site staff have confirmed it yet."""
    row = SingleSignOn.objects.filter(partnership=partnership).first()
    if row is None:
        return None
    domains = list(row.sign_in_domains.all())
    return {
        "provider": sso.provider_label(row.provider),
        "domains": domains,
        "confirmed": [d.domain for d in domains if d.status == d.Status.CONFIRMED],
        "waiting": [d.domain for d in domains if d.status == d.Status.WAITING],
    }


@login_required
def sign_in_settings(request: HttpRequest, slug: str) -> HttpResponse:
    """The admin chooses which identity provider, and which email domains, sign in."""
    membership = access.require_member(request, slug, permissions.can_manage_sign_in)
    partnership = membership.partnership
    row = SingleSignOn.objects.filter(partnership=partnership).first()
    initial = (
        {
            "provider": row.provider,
            "domains": "\n".join(row.sign_in_domains.values_list("domain", flat=True)),
        }
        if row
        else {}
    )
    form = SingleSignOnForm(
        request.POST or None, initial=initial, providers=sso.providers().values()
    )
    return form_page(
        request,
        form,
        save=partial(sso.save_single_sign_on, partnership=partnership, by=request.user),
        message="Sign-in settings saved.",
        then=reverse("partnerships:settings", kwargs={"slug": slug}),
        heading="How people sign in",
        intro="People whose email address is at one of these domains can sign in with their "
        "organisation account. The service's support team confirms each new domain first. "
        "People still need an invitation. Passwords keep working.",
        crumbs=[("Partnership set-up", reverse("partnerships:settings", kwargs={"slug": slug}))],
    )


def _county_form(partnership, data=None):
    if partnership.kind == partnership.Kind.COUNTY:
        return None
    return CountyRequestForm(data, partnership=partnership)


@require_POST
@login_required
def county_request(request: HttpRequest, slug: str) -> HttpResponse:
    """A district's admin asks a county to take it in."""
    membership = access.require_member(request, slug, permissions.can_request_county)
    form = _county_form(membership.partnership, request.POST)
    if form is None:
        messages.error(request, "A county partnership cannot join another county.")
    else:
        save = partial(services.request_county, partnership=membership.partnership, by=request.user)
        made = submitted(request, form, save)
        if made is NOT_SAVED:
            problems = [e for errors in form.errors.values() for e in errors]
            messages.error(request, " ".join(problems))
        else:
            messages.success(
                request, f"Request sent. {made.county.name}'s admin is asked to accept it."
            )
    return redirect("partnerships:settings", slug=slug)


# Who answers a county request, how, and what they are told: the county's admin
# accepts or declines; the district's admin withdraws.
COUNTY_DECISIONS = {
    "accept": (
        False,
        services.accept_county_request,
        "{0.partnership.name} is now part of this county.",
    ),
    "decline": (
        False,
        services.decline_county_request,
        "Request from {0.partnership.name} declined.",
    ),
    "withdraw": (
        True,
        services.withdraw_county_request,
        "Request to join {0.county.name} withdrawn.",
    ),
}


@require_POST
@login_required
def county_decision(request: HttpRequest, slug: str, pk: int, decision: str) -> HttpResponse:
    """Accept or decline (as the county) or withdraw (as the district) a pending request."""
    own, decide, done = COUNTY_DECISIONS[decision]
    allowed = permissions.can_request_county if own else permissions.can_decide_county_requests
    membership = access.require_member(request, slug, allowed)
    side = {"partnership": membership.partnership} if own else {"county": membership.partnership}
    county_request = get_object_or_404(CountyRequest, pk=pk, **side)
    press(
        request,
        partial(decide, request=county_request, by=request.user),
        done.format(county_request),
    )
    return redirect("partnerships:settings", slug=slug)


@require_POST
@login_required
def county_leave(request: HttpRequest, slug: str) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_request_county)
    press(
        request,
        partial(services.leave_county, partnership=membership.partnership),
        "This partnership is no longer part of a county.",
    )
    return redirect("partnerships:settings", slug=slug)


def _edit_record(request, slug, *, model, form_class, pk, noun, success_message):
    """Add (pk None) or edit a district or agency of the partnership."""
    membership = access.require_member(request, slug, permissions.can_manage_partnership)
    partnership = membership.partnership
    instance = get_object_or_404(model, pk=pk, partnership=partnership) if pk else None
    form = form_class(request.POST or None, instance=instance, partnership=partnership)
    saver = services.save_district if model is District else services.save_agency

    def save(**_cleaned):
        return saver(**{model._meta.model_name: form.instance})

    if submitted(request, form, save) is not NOT_SAVED:
        messages.success(request, success_message.format(name=form.instance.name))
        return redirect("partnerships:settings", slug=slug)
    return render_page(
        request, "partnerships/record_form.html", form=form, noun=noun, is_new=instance is None
    )


@login_required
def district_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    return _edit_record(
        request,
        slug,
        model=District,
        form_class=DistrictForm,
        pk=pk,
        noun="district",
        success_message="District {name} saved.",
    )


@login_required
def agency_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    return _edit_record(
        request,
        slug,
        model=Agency,
        form_class=AgencyForm,
        pk=pk,
        noun="agency",
        success_message="Agency {name} saved.",
    )


@login_required
def people(request: HttpRequest, slug: str) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_manage_people)
    table = PeopleTable(
        membership.partnership.memberships.select_related(
            "user", "agency", "partnership", "invitation"
        )
    )
    paginate_table(request, table, per_page=50)
    return render_page(request, "partnerships/people.html", table=table)


@login_required
def person_invite(request: HttpRequest, slug: str) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_manage_people)
    partnership = membership.partnership
    form = InviteForm(request.POST or None, partnership=partnership)
    if request.method == "POST":
        # Inviting an admin is asked about first, on a step of its own that needs no
        # JavaScript; "Change the role" brings the filled-in form back unsent.
        changing = "change" in request.POST
        confirmed = request.POST.get("confirm_admin") == "yes" and not changing
        if form.awaits_confirmation(confirmed) or (changing and form.is_valid()):
            return render_page(
                request, "partnerships/invite.html", form=form, confirming=not changing
            )
    save = partial(
        services.invite_person,
        partnership=partnership,
        invited_by=request.user,
        request_base=request.build_absolute_uri("/"),
    )
    invited = submitted(request, form, save)
    if invited is not NOT_SAVED:
        if services.not_sent(invited):
            messages.warning(request, _not_sent_message(invited))
        else:
            messages.success(
                request, f"Invitation sent to {invited.user.email} as {invited.get_role_display()}."
            )
        return redirect("partnerships:people", slug=slug)
    return render_page(request, "partnerships/invite.html", form=form)


@login_required
def person_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    _, person = _person(request, slug, pk)
    form = MembershipForm(request.POST or None, instance=person)
    save = partial(services.update_membership, membership=person, changed_by=request.user)
    if submitted(request, form, save) is not NOT_SAVED:
        messages.success(request, f"{person.name_for_admins} saved.")
        return redirect("partnerships:people", slug=slug)
    if form.errors:
        person.refresh_from_db()
    return render_page(
        request,
        "partnerships/person_edit.html",
        form=form,
        person=person,
        held=services.records_held(person),
        history=changes(person, MEMBERSHIP_FIELDS),
    )


def _person(request: HttpRequest, slug: str, pk: int) -> tuple[Membership, Membership]:
    """The admin managing people, and the person of their partnership they opened."""
    membership = access.require_member(request, slug, permissions.can_manage_people)
    people = Membership.objects.select_related("user", "partnership", "invitation")
    return membership, access.owned(people, membership, pk)


def _person_button(request: HttpRequest, slug: str, pk: int, change, done) -> HttpResponse:
    """A one-button change on a person's page (leaving, access again): run the service
    `change(membership=person)`, say `done(person, partnership)` or why it was refused,
    and go back to the page; an admin who has just ended their own access goes home."""
    membership, person = _person(request, slug, pk)
    result = press(
        request, partial(change, membership=person), done(person, membership.partnership)
    )
    if isinstance(result, Membership) and result.has_left and result.user_id == request.user.pk:
        return redirect("home")
    return redirect("partnerships:person_edit", slug=slug, pk=pk)


def _not_sent_message(person: Membership) -> str:
    return (
        f"{person.name_for_admins} is invited, but the email to {person.user.email} could "
        "not be sent. The mail server may be down or may have refused the address. Check "
        "the address, then send a new invitation from their page."
    )


@require_POST
@login_required
def person_resend(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    _, person = _person(request, slug, pk)
    resent = press(
        request,
        partial(
            services.resend_invitation,
            membership=person,
            sent_by=request.user,
            request_base=request.build_absolute_uri("/"),
        ),
    )
    if resent is not NOT_SAVED:
        if services.not_sent(person):
            messages.warning(request, _not_sent_message(person))
        else:
            messages.success(request, f"A new invitation has been sent to {person.user.email}.")
    return redirect("partnerships:person_edit", slug=slug, pk=pk)


@require_POST
@login_required
def person_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    membership, person = _person(request, slug, pk)
    removed = press(
        request,
        partial(services.remove_membership, membership=person),
        f"{person.name_for_admins} removed from {membership.partnership.name}.",
    )
    if removed is NOT_SAVED:
        return redirect("partnerships:person_edit", slug=slug, pk=pk)
    return redirect("partnerships:people", slug=slug)


def _left_message(person: Membership, partnership: Partnership) -> str:
    return (
        f"{person.name_for_admins} has left {partnership.name}. "
        "Their access has ended and their name stays on their work."
    )


def _back_message(person: Membership, partnership: Partnership) -> str:
    role = person.get_role_display().lower()
    return f"{person.name_for_admins} can use {partnership.name} again, as {role}."


@require_POST
@login_required
def person_left(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _person_button(request, slug, pk, services.mark_left, _left_message)


@require_POST
@login_required
def person_back(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _person_button(request, slug, pk, services.give_access_again, _back_message)
