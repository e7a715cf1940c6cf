"""Signing in and out, passwords, and accepting an invitation (Django's auth views, our words)."""

from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse_lazy

from csp_assessment.field_messages import PlainMessages
from csp_assessment.throttle import RESET_BY_ADDRESS, RESET_BY_EMAIL, SIGN_IN_FAILURES

from . import services, sso, sso_views


class SignInForm(PlainMessages, AuthenticationForm):
    """Accounts are named by email address; match it whatever its case."""

    username = forms.EmailField(
        label="Email address",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    error_messages = {
        "invalid_login": "Enter a correct email address and password.",
        "inactive": "This account is not active.",
    }

    def clean_username(self) -> str:
        return self.cleaned_data["username"].strip().lower()

    def clean(self):
        # One address trying many usernames is stopped here; one username tried from
        # many addresses is stopped by axes (per account and address).
        if self.request is not None and SIGN_IN_FAILURES.exceeded(self.request):
            raise ValidationError(
                "Too many failed sign-ins from your network. Wait 15 minutes and try again.",
                code="throttled",
            )
        try:
            return super().clean()
        except ValidationError:
            if self.request is not None:
                SIGN_IN_FAILURES.count(self.request)
            raise


class ThrottledPasswordResetForm(PlainMessages, PasswordResetForm):
    """Password reset that sends no more than a few emails an hour per address asked
    from and per email address. Over the limit, the page reads exactly as usual, so it
    tells nobody whether an account exists or a limit was reached."""

    def get_users(self, email):
        """Django's (active, with a password), and also a member with no password whose
        address no confirmed domain signs in through: someone who joined through their
        organisation's sign-in before site staff refused or withdrew its domain. Without
        this, nothing could let them back in. While their domain is confirmed they sign
        in through it, and are sent no link."""
        yield from super().get_users(email)
        if sso.provider_for_email(email) is not None:
            return
        yield from (
            user
            for user in User.objects.filter(
                email__iexact=email, is_active=True, memberships__left_at__isnull=True
            ).distinct()
            if not user.has_usable_password()
        )

    def save(self, *args, request=None, **kwargs):
        email = self.cleaned_data["email"].strip().lower()
        if request is not None and (
            RESET_BY_ADDRESS.hit(request) or RESET_BY_EMAIL.hit(request, scope=email)
        ):
            return
        return super().save(*args, request=request, **kwargs)


class PlainPasswordChangeForm(PlainMessages, PasswordChangeForm):
    pass


class PlainSetPasswordForm(PlainMessages, SetPasswordForm):
    pass


class SetPasswordView(auth_views.PasswordResetConfirmView):
    """Setting a new password from a reset link also ends a sign-in lock: the person
    has shown they hold the account's email."""

    form_class = PlainSetPasswordForm

    def form_valid(self, form):
        response = super().form_valid(form)
        services.end_sign_in_lock(user=form.user)
        return response


class SignInView(auth_views.LoginView):
    """Passwords as ever; once a provider is set up, organisation accounts too. Their
    form asks for the address first (GET, to this page) and sends it to its provider."""

    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get(self, request, *args, **kwargs):
        self.sso_form = sso_views.OrganisationSignInForm(
            request.GET if "sso-email" in request.GET else None
        )
        if self.sso_form.is_valid():
            return sso_views.send_to_provider(request, self.sso_form.cleaned_data["email"])
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if sso.providers():
            sso_form = getattr(self, "sso_form", None)
            context["sso_form"] = sso_form or sso_views.OrganisationSignInForm()
        return context


ENDED_SHOWN = 20


@login_required
def account(request: HttpRequest) -> HttpResponse:
    """Your account: the partnerships you belong to and those whose access ended, and
    your own settings (password, email notifications, calendar link), one link from
    the header."""
    memberships = (
        request.user.memberships.current()
        .select_related("partnership")
        .order_by("partnership__name")
    )
    # Access that has ended says where and when, so the page does not read as if the
    # person never belonged anywhere.
    ended = (
        request.user.memberships.filter(left_at__isnull=False)
        .select_related("partnership")
        .order_by("-left_at", "pk")[:ENDED_SHOWN]
    )
    return render(
        request, "registration/account.html", {"memberships": memberships, "ended": ended}
    )


app_name = "accounts"

urlpatterns = [
    path("", account, name="account"),
    path("sign-in/", SignInView.as_view(), name="login"),
    path("sign-in/<slug:key>/done/", sso_views.callback, name="sso_callback"),
    path("sign-out/", sso_views.SignOutView.as_view(), name="logout"),
    path(
        "password/",
        auth_views.PasswordChangeView.as_view(
            form_class=PlainPasswordChangeForm,
            success_url=reverse_lazy("accounts:password_changed"),
        ),
        name="password_change",
    ),
    path(
        "password/changed/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_changed",
    ),
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(
            form_class=ThrottledPasswordResetForm,
            success_url=reverse_lazy("accounts:password_reset_sent"),
            email_template_name="registration/password_reset_email.txt",
            subject_template_name="registration/password_reset_subject.txt",
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_sent",
    ),
    path(
        "set-password/<uidb64>/<token>/",
        SetPasswordView.as_view(
            success_url=reverse_lazy("accounts:password_set"), post_reset_login=False
        ),
        name="set_password",
    ),
    path(
        "password/set/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_set",
    ),
]
