"""A person's notification settings, and the unsubscribe link in every email.

Both are about the signed-in person (or the person a signed link names), never about a
partnership, so there is no role rule: nobody can reach another person's settings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt

from csp_assessment.form_pages import NOT_SAVED, submitted

from . import emails, kinds, services
from .forms import SettingsForm


@login_required
def settings_page(request: HttpRequest) -> HttpResponse:
    form = SettingsForm(
        request.POST or None,
        offered=services.kinds_for(request.user),
        initial_choices=services.choices_for(request.user),
    )
    changed = submitted(
        request, form, lambda **choices: services.set_choices(user=request.user, choices=choices)
    )
    if changed is not NOT_SAVED:
        if changed:
            messages.success(request, "Your notification settings are saved.")
        else:
            messages.info(request, "Nothing changed. Your settings are as they were.")
        return redirect("notifications:settings")
    return render(request, "notifications/settings.html", {"form": form})


# The token in the link is the credential (signed, for one person and kind), and mail
# programs send RFC 8058 one-click POSTs without a CSRF token.
@csrf_exempt
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    try:
        user_id, kind_keys = emails.read_unsubscribe_token(token)
        if not User.objects.filter(pk=user_id, is_active=True).exists():
            raise signing.BadSignature("No such person.")
    except signing.BadSignature:
        return render(request, "notifications/unsubscribe_invalid.html", status=400)
    if request.method == "POST":
        stopped = services.unsubscribe(user_id=user_id, kind_keys=kind_keys)
        return render(request, "notifications/unsubscribed.html", {"kinds": stopped})
    named = [kinds.kind(key) for key in kind_keys]
    return render(request, "notifications/unsubscribe.html", {"kinds": named})
