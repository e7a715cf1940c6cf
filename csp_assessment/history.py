"""What a record's page shows of its history: who changed what, when, old to new.

The records keep their history with django-simple-history; the history middleware
notes who. `changes` reads the newest entries and says, per save, which of the named
fields changed and from what to what. Long text is only said to have changed.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from csp_assessment.dates import day, moment

from .text import figure, shorten

SHOWN = 20
LONGEST_VALUE = 80


@dataclass(frozen=True)
class Change:
    when: datetime
    who: str
    what: list[str] = field(default_factory=list)


def _person(user) -> str:
    if user is None:
        return "The workbench"
    return user.get_full_name() or user.email


def _empty(value) -> bool:
    # simple-history stands in a DeletedObject for an empty or deleted relation.
    if type(value).__name__ == "DeletedObject":
        return value.pk is None
    return value is None or (not isinstance(value, bool) and value in ("", []))


def _shown(model, name: str, value) -> str:
    if _empty(value):
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    model_field = model._meta.get_field(name)
    if model_field.is_relation:
        if type(value).__name__ == "DeletedObject":
            return "a removed record"
        return str(value)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, datetime):
        return moment(value)
    if isinstance(value, date):
        return day(value)
    if isinstance(value, Decimal):
        return figure(value)
    text = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    return shorten(text, LONGEST_VALUE)


def _old_to_new(model, change) -> str:
    new = _shown(model, change.field, change.new)
    if _empty(change.old):
        return f"set to {new}"
    return f"{_shown(model, change.field, change.old)} to {new}"


def changes(
    obj, labels: dict[str, str], *, long_text: frozenset[str] = frozenset()
) -> list[Change]:
    """The last SHOWN saves of `obj` that changed one of the labelled fields."""
    records = list(
        obj.history.select_related("history_user").order_by("-history_date", "-history_id")[
            : SHOWN + 1
        ]
    )
    shown = []
    for newer, older in zip(records, [*records[1:], None][: len(records)], strict=True):
        if older is None:
            if newer.history_type == "+":
                shown.append(Change(newer.history_date, _person(newer.history_user), ["Created"]))
            continue
        delta = newer.diff_against(older, included_fields=list(labels), foreign_keys_are_objs=True)
        what = [
            f"{labels[c.field]} changed"
            if c.field in long_text
            else f"{labels[c.field]}: {_old_to_new(type(obj), c)}"
            for c in delta.changes
        ]
        if what:
            shown.append(Change(newer.history_date, _person(newer.history_user), what))
    return shown[:SHOWN]
