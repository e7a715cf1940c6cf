"""The round's scoring figures (consensus values, scorers' totals, the leave-one-partner-out
rank ranges), cached per round state.

Working these out reads every score of the round and scores every issue once per partner
left out: most of the ranking and moderation pages' time. The figures are a function of
the round's scores, sheets, interests and agreed values, so they are cached under a key
made of the round's id and its `version`, which a signal bumps in the same transaction as
every save or delete of one of those rows. The key also holds what a bulk write could
change without a signal (the number of scores, the status, the round's settings, the
issues and criteria), so no stale figure is ever served. One round's key names only that
round: nothing another round or partnership does touches it.

Any cache fault (Redis down) is logged and the figures are computed as if not cached.
"""

import hashlib
import logging

from django.core.cache import cache
from django.db.models import F
from django.db.models.signals import post_delete, post_save

log = logging.getLogger(__name__)

TIMEOUT = 60 * 60  # an hour: a quiet round's figures need not stay longer
FORMAT = 2  # bump when the cached figures change shape or how they are worked out


def key(round_, issue_ids, criterion_ids, score_count: int) -> str:
    parts = (
        FORMAT,
        # With the id, the creation time names the round even where ids are reused
        # (SQLite may hand a deleted round's id to the next one).
        round_.created_at.isoformat(),
        round_.version,
        round_.status,
        round_.divergence_range,
        round_.matrix_id,
        score_count,
        tuple(sorted(issue_ids)),
        tuple(criterion_ids),
    )
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f"scoring:figures:{round_.pk}:{round_.version}:{digest}"


def get_or_compute(cache_key: str, compute):
    try:
        found = cache.get(cache_key)
    except Exception:  # noqa: BLE001 - any cache fault: compute, and say so in the log
        log.warning("Scoring figures: cache unreachable, computed without it")
        return compute()
    if found is not None:
        return found
    figures = compute()
    try:
        cache.set(cache_key, figures, TIMEOUT)
    except Exception:  # noqa: BLE001
        log.warning("Scoring figures: cache unreachable, not stored")
    return figures


def bump(round_id: int | None) -> None:
    """A new round state: later readers use a new key (in the writer's transaction)."""
    from .models import Round

    if round_id is not None:
        Round.objects.filter(pk=round_id).update(version=F("version") + 1)


def _round_of_row(sender, instance, **kwargs) -> None:
    bump(getattr(instance, "round_id", None))


def _round_of_score(sender, instance, **kwargs) -> None:
    from .models import Score, ScoreSheet

    if Score.sheet.is_cached(instance):
        return bump(instance.sheet.round_id)
    round_id = (
        ScoreSheet.objects.filter(pk=instance.sheet_id).values_list("round_id", flat=True).first()
    )
    bump(round_id)


def connect() -> None:
    from .models import AgreedScore, Interest, Score, ScoreSheet

    for model in (AgreedScore, Interest, ScoreSheet):
        post_save.connect(_round_of_row, sender=model, dispatch_uid=f"figures-{model.__name__}")
        post_delete.connect(_round_of_row, sender=model, dispatch_uid=f"figures-d{model.__name__}")
    post_save.connect(_round_of_score, sender=Score, dispatch_uid="figures-Score")
    post_delete.connect(_round_of_score, sender=Score, dispatch_uid="figures-dScore")
