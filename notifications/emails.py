"""The emails themselves: a plain-text and an HTML part from one context, links made
absolute with SITE_URL (the worker has no request), and an unsubscribe link for each
kind, signed so it works without signing in (RFC 8058 one-click headers too)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from csp_assessment.plurals import counted

from . import kinds
from .models import Digest, Notification

SALT = "notifications.unsubscribe"


def unsubscribe_token(*, user_id: int, kind_keys: list[str]) -> str:
    return signing.dumps({"u": user_id, "k": sorted(set(kind_keys))}, salt=SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, list[str]]:
    """The person and kinds a link names. Raises signing.BadSignature if tampered."""
    payload = signing.loads(token, salt=SALT)
    known = {kind.key for kind in kinds.all_kinds()}
    kind_keys = [key for key in payload.get("k", []) if key in known]
    if not isinstance(payload.get("u"), int) or not kind_keys:
        raise signing.BadSignature("No person or kind in the link.")
    return payload["u"], kind_keys


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path if path.startswith("/") else path


def unsubscribe_url(*, user_id: int, kind_keys: list[str]) -> str:
    token = unsubscribe_token(user_id=user_id, kind_keys=kind_keys)
    return absolute(reverse("notifications:unsubscribe", kwargs={"token": token}))


def _message(
    *, to: str, subject: str, template: str, context: dict, unsubscribe: str, ref: str, kind: str
):
    context = {
        **context,
        "unsubscribe_url": unsubscribe,
        "settings_url": absolute(reverse("notifications:settings")),
    }
    text = render_to_string(f"notifications/email/{template}.txt", context)
    html = render_to_string(f"notifications/email/{template}.html", context)
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            # The same notification always has the same Message-ID, so in the rare case
            # a worker dies between the server accepting it and the row being marked
            # sent, the copy sent again is recognisably the same message.
            "Message-ID": f"<{ref}@{domain}>",
            "Auto-Submitted": "auto-generated",
            # For people who file their mail by rule.
            "X-Workbench-Notification": kind,
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def _item(notification: Notification) -> dict:
    context = notification.context or {}
    return {
        "subject": notification.subject,
        "lines": context.get("lines", []),
        "link": absolute(context.get("link", "")) if context.get("link") else "",
        "link_text": context.get("link_text") or "Open the workbench",
        "kind": kinds.kind(notification.kind),
    }


def notification_message(notification: Notification) -> EmailMultiAlternatives:
    user = notification.user
    return _message(
        to=user.email,
        subject=notification.subject,
        template="notice",
        context={"name": user.first_name or user.email, "item": _item(notification)},
        unsubscribe=unsubscribe_url(user_id=user.pk, kind_keys=[notification.kind]),
        ref=f"notification-{notification.pk}",
        kind=notification.kind,
    )


def digest_message(digest: Digest, items: list[Notification]) -> EmailMultiAlternatives:
    user = digest.user
    kind_keys = sorted({n.kind for n in items})
    unsubscribe_each = [
        (kinds.kind(key), unsubscribe_url(user_id=user.pk, kind_keys=[key])) for key in kind_keys
    ]
    count = len(items)
    return _message(
        to=user.email,
        subject=f"Your daily digest: {counted(count, 'thing')} to look at",
        template="digest",
        context={
            "name": user.first_name or user.email,
            "items": [_item(n) for n in items],
            "day": digest.day,
            "unsubscribe_each": unsubscribe_each,
        },
        unsubscribe=unsubscribe_url(user_id=user.pk, kind_keys=kind_keys),
        ref=f"digest-{digest.pk}",
        kind="digest",
    )
