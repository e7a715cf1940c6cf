"""The retention registry: each app says what it keeps that can expire, and how to
delete or anonymise it, without the retention run importing apps to its right.

An app registers an expiry handler in its `AppConfig.ready()`:
`register_handler(key, handler)`, where `handler(partnership, deadlines, today)` does
what has expired and returns what it did as `Done` rows (a handler that finds nothing
returns an empty list; run again, it finds nothing again). reports answers the one
question only it can: when a strategic assessment was agreed
(`register_agreed_assessments`). `partnerships.retention` runs them all once a day.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db import transaction

from .registry import Registry


@dataclass(frozen=True)
class Done:
    """One kind of record an expiry handler deleted or anonymised, and how many."""

    what: str
    count: int


@dataclass(frozen=True)
class Deadlines:
    """When something a partnership holds expires, by its own retention settings.

    `responses_expire(closed_on)` and `files_expire(uploaded_on)` return the last day
    the record is kept (it goes the day after), or None while nothing ends it yet."""

    responses_expire: Callable[[date], date | None]
    files_expire: Callable[[date], date | None]
    erase_originals_at_once: bool

    def file_expired(self, uploaded_on: date, today: date) -> bool:
        """Whether a file uploaded on `uploaded_on` is past its last day `today`."""
        until = self.files_expire(uploaded_on)
        return until is not None and until < today


def delete_after_commit(storage, name: str) -> None:
    """Delete a stored file once the transaction that stops naming it commits (robust:
    a storage fault is logged, not raised). Storage and name are taken now, so the
    field may be cleared or replaced straight after."""
    transaction.on_commit(lambda: storage.delete(name), robust=True)


Handler = Callable[[object, Deadlines, date], list[Done]]
AgreedAssessments = Callable[[object], list[date]]

_handlers: dict[str, Handler] = {}
_agreed: Registry[AgreedAssessments] = Registry()


def register_handler(key: str, handler: Handler) -> None:
    """Registered by key, so loading an app twice (tests, autoreload) adds it once."""
    _handlers[key] = handler


def handlers() -> list[tuple[str, Handler]]:
    return sorted(_handlers.items())


def register_agreed_assessments(provider: AgreedAssessments) -> None:
    """reports hands over `(partnership) -> days its strategic assessments were agreed`."""
    _agreed.add(provider)


def agreed_assessment_days(partnership) -> list[date]:
    return sorted({day for provider in _agreed for day in provider(partnership)})
