"""What every list table has beyond django-tables2's own: an accessible name, drawn as
a visually hidden caption, the column that names a row drawn as its row header, and
for a wide table a named scrolling region (all drawn by templates/table.html)."""

import django_tables2 as tables


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
