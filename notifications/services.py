"""Every write of the notifications app: recording a notification, sending it (by the
worker), gathering the daily digest, and a person's choices.

Never sent twice: the notification's unique key stops a second row for one event, and
sending claims the row with a conditional update (free, unsent, due), so two workers,
a redelivered message or the minute sweep racing the task send it once. A worker that
dies mid-send leaves its claim to expire; the sweep sends it then. A mail server that
refuses or cannot be reached is recorded on the row and tried again later, with a
growing wait; the person whose action caused the notification never sees the fault,
because sending happens in the worker after their request has answered."""

import logging
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from csp_assessment import queueing
from partnerships.models import Membership, Partnership

from . import emails, kinds
from .kinds import DIGEST, NOW, OFF
from .models import Digest, Notification, Outgoing, Preference

log = logging.getLogger(__name__)

# Tries before a message is left for someone to look at (operations.md).
MAX_ATTEMPTS = 8


def delivery_for(*, user: User, kind: str) -> str:
    chosen = Preference.objects.filter(user=user, kind=kind).values_list("delivery", flat=True)
    return chosen.first() or kinds.kind(kind).default


def kinds_for(user: User) -> list[kinds.Kind]:
    """The kinds of email the person's roles can receive, across every partnership
    they are a member of now."""
    roles = set(Membership.objects.current().filter(user=user).values_list("role", flat=True))
    return kinds.kinds_for_roles(roles)


def choices_for(user: User) -> dict[str, str]:
    chosen = dict(Preference.objects.filter(user=user).values_list("kind", "delivery"))
    return {kind.key: chosen.get(kind.key, kind.default) for kind in kinds.all_kinds()}


@transaction.atomic
def set_choices(*, user: User, choices: dict[str, str]) -> int:
    """Save a person's choice for each kind named. Returns how many changed."""
    known = {kind.key for kind in kinds.all_kinds()}
    allowed = {value for value, _ in kinds.DELIVERIES}
    wrong = [key for key, value in choices.items() if key not in known or value not in allowed]
    if wrong:
        raise ValidationError("Choose at once, daily digest or off for each kind of email.")
    before = choices_for(user)
    changed = 0
    for key, value in choices.items():
        if before[key] != value:
            Preference.objects.update_or_create(user=user, kind=key, defaults={"delivery": value})
            changed += 1
    # A kind turned off stops what is already waiting too, as its unsubscribe link does.
    stopped = [key for key, value in choices.items() if value == OFF]
    Notification.objects.filter(user=user, kind__in=stopped, sent_at=None).update(delivery=OFF)
    return changed


def stop_unsent_from(membership) -> int:
    """Someone left a partnership: nothing it recorded for them and has not sent yet
    goes out (its links would not open for them now). Registered with partnerships."""
    prefix = f"/p/{membership.partnership.slug}/"
    return Notification.objects.filter(
        user_id=membership.user_id, sent_at=None, context__link__startswith=prefix
    ).update(delivery=OFF)


def notify(
    *,
    user: User,
    kind: str,
    key: str,
    subject: str,
    lines: list[str],
    link: str = "",
    link_text: str = "",
) -> Notification | None:
    """Record that `user` should hear about an event, once per `key`.

    Called from another app's service inside its transaction, so the notification is
    recorded with the change it is about, or not at all. An email wanted at once is
    handed to the worker when that transaction commits. Returns the new notification,
    or None when the key was already used."""
    if not user.is_active or not user.email:
        return None
    delivery = delivery_for(user=user, kind=kind)
    notification, created = Notification.objects.get_or_create(
        key=key[:200],
        defaults={
            "user": user,
            "kind": kind,
            # A line break in a header is refused by the mail library: titles people
            # typed can hold one, so the subject is one line.
            "subject": " ".join(subject.split())[:300],
            "context": {"lines": lines, "link": link, "link_text": link_text},
            "delivery": delivery,
            "next_attempt_at": timezone.now(),
        },
    )
    if not created:
        return None
    if delivery == NOW:
        from .tasks import send_notification

        queueing.send_after_commit(send_notification, notification.pk)
    return notification


def _claim(model: type[Outgoing], pk: int, now: datetime) -> bool:
    claim_for = timedelta(seconds=settings.NOTIFICATION_CLAIM_SECONDS)
    return bool(
        model.objects.filter(pk=pk, sent_at__isnull=True, next_attempt_at__lte=now)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .update(claimed_until=now + claim_for, attempts=F("attempts") + 1)
    )


def _send(model: type[Outgoing], pk: int, message) -> bool:
    """Send a claimed row's message and record what happened."""
    try:
        message.send()
    except Exception as error:  # noqa: BLE001 - an SMTP fault or a message the library refuses
        # Either way the row records why and waits, so the sweep goes on to the others.
        row = model.objects.get(pk=pk)
        wait = timedelta(minutes=min(2 ** (row.attempts - 1), 60))
        model.objects.filter(pk=pk).update(
            claimed_until=None,
            last_error=f"{type(error).__name__}: {error}"[:1000],
            next_attempt_at=timezone.now() + wait,
        )
        log.warning("%s %s not sent, will try again in %s: %s", model.__name__, pk, wait, error)
        return False
    model.objects.filter(pk=pk).update(sent_at=timezone.now(), claimed_until=None, last_error="")
    return True


def send_notification(*, notification_id: int, now: datetime | None = None) -> bool:
    """Send one notification at once, if it is still waiting and nobody holds it."""
    now = now or timezone.now()
    if not _claim(Notification, notification_id, now):
        return False
    notification = Notification.objects.select_related("user").get(pk=notification_id)
    # The person may have changed their mind since it was recorded.
    delivery = delivery_for(user=notification.user, kind=notification.kind)
    if delivery != NOW:
        Notification.objects.filter(pk=notification_id).update(
            delivery=delivery, claimed_until=None
        )
        return False
    return _send(Notification, notification_id, emails.notification_message(notification))


def send_digest(*, digest_id: int, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    if not _claim(Digest, digest_id, now):
        return False
    digest = Digest.objects.select_related("user").get(pk=digest_id)
    # Not those the person has since stopped (an unsubscribe link, their settings).
    stopped = [key for key, delivery in choices_for(digest.user).items() if delivery == OFF]
    items = list(
        digest.notifications.exclude(delivery=OFF)
        .exclude(kind__in=stopped)
        .order_by("created_at", "pk")
    )
    if not items:
        Digest.objects.filter(pk=digest_id).update(sent_at=now, claimed_until=None)
        return False
    return _send(Digest, digest_id, emails.digest_message(digest, items))


def gather_digests(
    *,
    today: date,
    user_ids: list[int] | None = None,
    now: datetime | None = None,
    before: datetime | None = None,
) -> list[int]:
    """Put each person's waiting digest notifications into today's digest (one a day),
    only those recorded before `before` if it is given. A digest already sent today
    leaves later ones for tomorrow's. Safe to run twice, or twice at once: a person has
    one digest a day, and sending claims it."""
    now = now or timezone.now()
    gathered = []
    waiting = Notification.objects.filter(delivery=DIGEST, digest__isnull=True, sent_at=None)
    if before is not None:
        waiting = waiting.filter(created_at__lt=before)
    people = waiting if user_ids is None else waiting.filter(user_id__in=user_ids)
    for user_id in people.values_list("user_id", flat=True).distinct().order_by("user_id"):
        with transaction.atomic():
            digest, _ = Digest.objects.get_or_create(
                user_id=user_id, day=today, defaults={"next_attempt_at": now}
            )
            if digest.sent_at is not None:
                continue
            waiting.filter(user_id=user_id).update(digest=digest)
        gathered.append(digest.pk)
    return gathered


def catch_up_digests(*, now: datetime) -> list[int]:
    """Gather today's digests if the daily run was missed (the broker or worker was
    down at the digest hour): for those with a digest notification recorded before
    that hour, still not gathered, and no digest today. Only what was recorded before
    the hour goes in, as the daily run would have gathered; the rest waits for
    tomorrow's. One query when there is nothing to do; none before the hour."""
    today = timezone.localdate(now)
    hour = timezone.make_aware(datetime.combine(today, time(settings.NOTIFICATION_DIGEST_HOUR)))
    if now < hour:
        return []
    missed = (
        Notification.objects.filter(
            delivery=DIGEST, digest__isnull=True, sent_at=None, created_at__lt=hour
        )
        .exclude(user__notification_digests__day=today)
        .values_list("user_id", flat=True)
        .distinct()
    )
    user_ids = list(missed)
    if not user_ids:
        return []
    log.warning("Gathering %s missed digests for %s", len(user_ids), today)
    return gather_digests(today=today, user_ids=user_ids, now=now, before=hour)


def send_digests(*, today: date) -> int:
    return sum(send_digest(digest_id=pk) for pk in gather_digests(today=today))


def send_waiting(*, now: datetime | None = None) -> int:
    """The minute sweep: send what is due and not held, after a mail fault or a worker
    that died, and any message the broker never delivered. Each claim reads the clock
    as it is taken (unless `now` is given): a sweep slowed by a slow mail server must
    not claim a row with a claim that has already run out. It also gathers today's
    digests if the daily run was missed."""
    catch_up_digests(now=now or timezone.now())
    given, now = now, now or timezone.now()
    due = Q(sent_at=None, attempts__lt=MAX_ATTEMPTS, next_attempt_at__lte=now) & (
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    )
    sent = 0
    for pk in Notification.objects.filter(due, delivery=NOW).values_list("pk", flat=True):
        sent += send_notification(notification_id=pk, now=given)
    for pk in Digest.objects.filter(due).values_list("pk", flat=True):
        sent += send_digest(digest_id=pk, now=given)
    return sent


def mark_past_as_sent(
    *, recorded_since: datetime, partnerships: list[Partnership], now: datetime | None = None
) -> int:
    """Record as sent, without emailing, what is still waiting from `recorded_since` on
    for the members of `partnerships`. For a history built in one go (the demo's past),
    whose events are long over: an email about each would arrive at once as a pile of
    stale news. Anyone else's waiting email, recorded meanwhile by a real partnership,
    is untouched, as is what the scheduled checks record later. Returns how many."""
    now = now or timezone.now()
    members = Membership.objects.filter(partnership__in=partnerships).values("user_id")
    waiting = Notification.objects.filter(
        sent_at=None, created_at__gte=recorded_since, user_id__in=members
    )
    return waiting.update(sent_at=now, claimed_until=None)


@transaction.atomic
def unsubscribe(*, user_id: int, kind_keys: list[str]) -> list[kinds.Kind]:
    """Turn off the kinds an unsubscribe link names. Waiting ones are not sent."""
    user = User.objects.get(pk=user_id)
    for key in kind_keys:
        Preference.objects.update_or_create(user=user, kind=key, defaults={"delivery": OFF})
    Notification.objects.filter(user=user, kind__in=kind_keys, sent_at=None).update(delivery=OFF)
    return [kinds.kind(key) for key in kind_keys]
