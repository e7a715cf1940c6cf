"""Site staff confirm or refuse the email domains partnerships ask to sign in through
(partnerships/sso.py). Not a partnership's page: it lists every partnership's asks."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from csp_assessment.form_pages import confirmed, press

from . import permissions, sso
from .models import SignInDomain


def _require_staff(request: HttpRequest) -> None:
    if not permissions.can_confirm_sign_in_domains(request.user):
        raise PermissionDenied("Only the service's support team confirms sign-in domains.")


@login_required
def waiting_domains(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    asks = list(sso.waiting())
    # Every other claim to the same domains, waiting or confirmed: a hostile claim made
    # first must not look like the only one.
    claims = {}
    for row in (
        SignInDomain.objects.filter(domain__in={ask.domain for ask in asks})
        .exclude(status=SignInDomain.Status.REFUSED)
        .select_related("single_sign_on__partnership")
        .order_by("single_sign_on__partnership__name", "pk")
    ):
        claims.setdefault(row.domain, []).append(row)

    rows = [
        {
            "ask": ask,
            "provider": sso.provider_label(ask.single_sign_on.provider),
            "rivals": [
                {
                    "partnership": other.single_sign_on.partnership.name,
                    "provider": sso.provider_label(other.single_sign_on.provider),
                    "confirmed": other.status == SignInDomain.Status.CONFIRMED,
                }
                for other in claims.get(ask.domain, [])
                if other.pk != ask.pk
            ],
        }
        for ask in asks
    ]
    held = [
        {"domain": row, "provider": sso.provider_label(row.single_sign_on.provider)}
        for row in sso.confirmed()
        .select_related("single_sign_on__partnership", "decided_by")
        .order_by("domain", "single_sign_on__partnership__name", "pk")
    ]
    return render(request, "partnerships/sign_in_domains.html", {"rows": rows, "held": held})


DECISIONS = {
    "confirm": (sso.confirm_domain, "{0.domain} confirmed for {0.single_sign_on.partnership}."),
    "refuse": (sso.refuse_domain, "{0.domain} refused for {0.single_sign_on.partnership}."),
}


@require_POST
@login_required
def decide_domain(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    _require_staff(request)
    decide, done = DECISIONS[decision]
    domain = SignInDomain.objects.filter(pk=pk).first()
    if domain is None:
        # Removed by the partnership's admin, or asked afresh for a new provider.
        messages.error(request, "That domain is no longer asked for. Nothing was changed.")
    else:
        press(request, partial(decide, domain=domain, by=request.user), done.format)
    return redirect("sign_in_domains")


@login_required
def withdraw_domain(request: HttpRequest, pk: int) -> HttpResponse:
    """Take back a confirmation, after a confirmation page: the partnership's people at
    the domain sign in with a password from then on."""
    _require_staff(request)
    domain = (
        SignInDomain.objects.filter(pk=pk).select_related("single_sign_on__partnership").first()
    )
    if domain is None:
        messages.error(request, "That domain is no longer asked for. Nothing was changed.")
        return redirect("sign_in_domains")
    if confirmed(request):  # only a post changes anything
        press(
            request,
            partial(sso.withdraw_domain, domain=domain, by=request.user),
            "Confirmation withdrawn: {0.domain} no longer signs anyone in to "
            "{0.single_sign_on.partnership}.".format,
        )
        return redirect("sign_in_domains")
    if domain.status != SignInDomain.Status.CONFIRMED:
        messages.error(request, f"{domain.domain} is not confirmed. Nothing was changed.")
        return redirect("sign_in_domains")
    return render(
        request,
        "partnerships/sign_in_domain_withdraw.html",
        {"domain": domain, "provider": sso.provider_label(domain.single_sign_on.provider)},
    )
