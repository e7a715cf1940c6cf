"""Two people editing the same thing: the second save is refused, never a silent
overwrite.

A form carries `seen`, the time the record was last saved when the form was opened.
The service locks the row (select_for_update), and if it has been saved since, refuses
with a message that says who saved it, when, and which of the fields now differ from
what this person wanted. Their own words stay in the form, so nothing they typed is
lost: they reload to see the other version and make their change again.
"""

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from .dates import clock, day

NEVER_SAVED = "never"


def seen_token(moment: datetime | None) -> str:
    """The form's note of when the record was last saved ("never" if it has not been)."""
    return moment.isoformat() if moment else NEVER_SAVED


class SeenField(forms.CharField):
    """The hidden field every edit form that can collide carries."""

    def __init__(self, **kwargs):
        super().__init__(required=False, widget=forms.HiddenInput, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        return value or None  # absent: the caller did not ask for the check


def refuse_if_changed(
    *,
    seen: str | None,
    saved_at: datetime | None,
    saved_by: str = "",
    what: str,
    plural: bool = False,
    current: Mapping[str, Any],
    wanted: Mapping[str, Any],
    labels: Mapping[str, str],
) -> None:
    """Raise if the record was saved after `seen`. Call with the row locked."""
    if seen is None or seen == seen_token(saved_at):
        return
    differ = [labels[name] for name in labels if current.get(name) != wanted.get(name)]
    when = f"{day(saved_at)} at {clock(saved_at)}" if saved_at else ""
    who = f" by {saved_by}" if saved_by else ""
    fields = f" It now differs from yours in: {', '.join(differ)}." if differ else ""
    subject = f"These {what} were" if plural else f"This {what} was"
    raise ValidationError(
        f"{subject} saved{who} on {when}, after you opened it.{fields} Your changes "
        "are not saved; they are still in the form below. Open the page again to see the "
        "new version, then make your changes to it."
    )


def last_saved_at(record) -> datetime | None:
    """When `record` was last saved: its `updated_at`, or, for a record without one
    (a KPI, a KPI figure), the time of its newest history entry."""
    if hasattr(record, "updated_at"):
        return record.updated_at
    last = record.history.order_by("-history_date", "-history_id").first()
    return last.history_date if last else None


def refuse_if_record_changed(
    record,
    *,
    seen: str | None,
    what: str,
    wanted: Mapping[str, Any],
    labels: Mapping[str, str],
    plural: bool = False,
    saved_by: str = "",
) -> None:
    """`refuse_if_changed` for a locked model row: it was saved at `last_saved_at`,
    and its fields named in `labels` are what it now says."""
    refuse_if_changed(
        seen=seen,
        saved_at=last_saved_at(record),
        saved_by=saved_by,
        what=what,
        plural=plural,
        current={name: getattr(record, name) for name in labels},
        wanted=wanted,
        labels=labels,
    )


def last_saved_by(record) -> str:
    """The name of whoever saved `record` last, from its history ("" if not known)."""
    last = record.history.select_related("history_user").first()
    return last.history_user.get_full_name() if last and last.history_user else ""


def save_values(record, values: Mapping[str, Any]):
    """Set `values` on `record`, validate it and save it."""
    for name, value in values.items():
        setattr(record, name, value)
    record.full_clean()
    record.save()
    return record


def edit_initial(record, *names: str, **more) -> dict[str, Any]:
    """What an edit form opens with: the record's fields `names`, the values `more`,
    and `seen`, when the record was last saved."""
    return {
        **{name: getattr(record, name) for name in names},
        **more,
        "seen": seen_token(last_saved_at(record)),
    }
