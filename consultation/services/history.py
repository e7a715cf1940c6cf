"""Who, when and why for the next save of a row that keeps its history
(django-simple-history): services stamp the row before saving it, so the history
names the member even where no request is running (the demo, tests, workers)."""

from datetime import datetime

from django.db import models

from partnerships.models import Membership


def stamp(
    row: models.Model, *, by: Membership | None, note: str = "", now: datetime | None = None
) -> None:
    """Record `by`, `note` and, when given, `now` on the historical row the next save writes."""
    if by is not None:
        row._history_user = by.user
    row._change_reason = note
    if now is not None:
        row._history_date = now
    else:
        row.__dict__.pop("_history_date", None)  # a stale time must not date a later save
