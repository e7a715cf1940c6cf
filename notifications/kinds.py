"""The registry of notification kinds and of the checks that find what is due.

`notifications` sits just right of `partnerships`, so it cannot know the scoring
rounds, actions or reviews it tells people about. Each app to the right registers its
kinds and its scheduled "due" checks here from its apps.py; the notifications app
records, sends and lets people choose, and one beat task runs every check."""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from csp_assessment.registry import Registry

log = logging.getLogger(__name__)

NOW, DIGEST, OFF = "now", "digest", "off"
DELIVERIES = [
    (NOW, "At once"),
    (DIGEST, "In a daily digest"),
    (OFF, "Off"),
]


@dataclass(frozen=True)
class Kind:
    key: str
    label: str  # what the emails are about, as the settings page names them
    hint: str  # who gets them and when
    default: str = NOW
    # The roles that can receive it, so the settings page offers it to them only: the
    # `roles` of the permission rule its app uses to choose recipients (its notices.py).
    # None: anyone may be named (actions, reviews and scoring go to whoever is named).
    roles: frozenset[str] | None = None


_kinds: dict[str, Kind] = {}
_checks: Registry[Callable[..., int]] = Registry()


def register_kind(kind: Kind) -> None:
    _kinds[kind.key] = kind


def kind(key: str) -> Kind:
    return _kinds[key]


def all_kinds() -> list[Kind]:
    return list(_kinds.values())


def kinds_for_roles(roles: set[str]) -> list[Kind]:
    """The kinds someone with these roles can receive, in the registry's order."""
    return [kind for kind in _kinds.values() if kind.roles is None or kind.roles & roles]


def register_check(check: Callable[..., int]) -> None:
    """A check takes `today` and records (with `services.notify`) what is now due."""
    _checks.add(check)


def run_checks(*, today: date) -> int:
    """Run every registered check. One check failing does not stop the others; the
    next run tries it again (each notification's unique key stops a second copy)."""
    recorded = 0
    for check in _checks:
        try:
            recorded += check(today=today) or 0
        except Exception:  # noqa: BLE001 - logged; the other apps' checks still run
            log.exception("Notification check %s failed", check.__qualname__)
    return recorded
