"""The sign-in pages' single sign-on steps: send an address to its organisation's
identity provider, take the person back, and sign out at the provider too."""

from urllib.parse import urlencode

import requests
from authlib.common.errors import AuthlibBaseError
from axes.handlers.proxy import AxesProxyHandler
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from csp_assessment.field_messages import PlainMessages
from csp_assessment.throttle import SIGN_IN_FAILURES

from . import sso
from .models import Membership

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
NOT_ANSWERING = (
    "{name} is not answering. Try again in a few minutes, or sign in with your password."
)


class OrganisationSignInForm(PlainMessages, forms.Form):
    prefix = "sso"
    email = forms.EmailField(
        label="Your work email",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if sso.provider_for_email(email) is None:
            raise forms.ValidationError(
                "Your organisation does not sign in here with its own accounts. "
                "Sign in with your password."
            )
        return email


class SignOutView(auth_views.LogoutView):
    """Sign out here, then at the provider too when the person came through one."""

    def post(self, request, *args, **kwargs):
        came_through = request.session.get("sso")
        response = super().post(request, *args, **kwargs)
        elsewhere = came_through and _provider_sign_out_url(request, came_through)
        return redirect(elsewhere) if elsewhere else response


def _provider_sign_out_url(request: HttpRequest, came_through: dict) -> str | None:
    provider = sso.providers().get(came_through.get("provider"))
    if provider is None:
        return None
    try:
        metadata = sso.client_for(provider).load_server_metadata()
    except (requests.RequestException, ValueError):
        return None  # signed out here; the provider's own session ends when it expires
    endpoint = metadata.get("end_session_endpoint")
    if not endpoint:
        return None
    query = {
        "client_id": provider.client_id,
        "post_logout_redirect_uri": request.build_absolute_uri(reverse("accounts:login")),
    }
    if came_through.get("id_token"):
        query["id_token_hint"] = came_through["id_token"]
    return f"{endpoint}?{urlencode(query)}"


def _refuse(request: HttpRequest, message: str) -> HttpResponse:
    SIGN_IN_FAILURES.count(request)
    messages.error(request, message)
    return redirect("accounts:login")


def send_to_provider(request: HttpRequest, email: str) -> HttpResponse:
    """Email first: an address whose domain a partnership set up goes to its provider."""
    if SIGN_IN_FAILURES.exceeded(request):
        messages.error(
            request, "Too many failed sign-ins from your network. Wait 15 minutes and try again."
        )
        return redirect("accounts:login")
    provider = sso.provider_for_email(email)
    following = request.GET.get("next", "")
    request.session["sso_next"] = (
        following
        if url_has_allowed_host_and_scheme(
            following, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
        else ""
    )
    callback = request.build_absolute_uri(reverse("accounts:sso_callback", args=[provider.key]))
    try:
        return sso.client_for(provider).authorize_redirect(request, callback, login_hint=email)
    except (requests.RequestException, ValueError, AuthlibBaseError):
        messages.error(request, NOT_ANSWERING.format(name=provider.name))
        return redirect("accounts:login")


@require_GET
def callback(request: HttpRequest, key: str) -> HttpResponse:
    """The provider sends the person back here with a code; Authlib checks the state,
    swaps the code (with the PKCE verifier) for tokens and validates the id_token."""
    provider = sso.providers().get(key)
    if provider is None:
        raise Http404("No such identity provider.")
    try:
        token = sso.client_for(provider).authorize_access_token(request)
    except requests.RequestException:
        messages.error(request, NOT_ANSWERING.format(name=provider.name))
        return redirect("accounts:login")
    except (AuthlibBaseError, ValueError, KeyError):
        return _refuse(request, f"Signing in through {provider.name} did not work. Try again.")
    claims = token.get("userinfo")
    if not claims:
        return _refuse(request, f"{provider.name} did not say who you are. Try again.")
    try:
        user = sso.account_for(provider=provider, claims=dict(claims))
    except sso.Refused as refusal:
        return _refuse(request, str(refusal))
    if AxesProxyHandler.is_locked(request, credentials={"username": user.email}):
        return _refuse(
            request, "This account is locked after too many failed sign-ins. Try again later."
        )
    following = request.session.pop("sso_next", "")
    login(request, user, backend=MODEL_BACKEND)
    request.session["sso"] = {"provider": provider.key, "id_token": token.get("id_token", "")}
    if Membership.objects.filter(user=user, accepted_at__isnull=True).exists():
        messages.info(request, "You have been invited to a partnership. Accept it to join.")
        return redirect("home")
    return redirect(following or settings.LOGIN_REDIRECT_URL)
