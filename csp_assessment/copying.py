"""Copying a record's fields into a new one (carrying issues or priorities over to the
next year, copying a matrix, laying out a cycle from its plan). The one place that
reads "these fields, as they are on the original"."""

from typing import Any


def fields_of(original: Any, *names: str) -> dict[str, Any]:
    """The named attributes of `original`, as keyword arguments for a new record."""
    return {name: getattr(original, name) for name in names}
