"""What every list table has beyond django-tables2's own: an accessible name, drawn as
a visually hidden caption, the column that names a row drawn as its row header, and
for a wide table a named scrolling region (all drawn by templates/table.html)."""

from datetime import datetime

import django_tables2 as tables
from django.utils import timezone
from django.utils.formats import date_format


class CaptionedTable(tables.Table):
    """A table with a caption: fixed on the class, or passed in when it names the
    partnership, the year or what the reader may see."""

    caption = ""
    row_header = ""
    region_label = ""

    def __init__(self, data=None, *, caption: str | None = None, **kwargs):
        super().__init__(data, **kwargs)
        if caption is not None:
            self.caption = caption


def day(value) -> str:
    """A date, or a moment's local date, as the templates' ``|date`` draws it in a cell:
    23 November 2026."""
    if isinstance(value, datetime):
        value = timezone.localtime(value)
    return date_format(value, "j F Y")


def moment(value: datetime) -> str:
    """A moment in local time as the templates draw it: 23 November 2026, 14:05."""
    return date_format(timezone.localtime(value), "j F Y, H:i")
