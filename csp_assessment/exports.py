"""Every CSV and XLSX the service hands out is written here, through one escaping rule.

A cell whose text begins with = + - @, a tab or a carriage return would be read by a
spreadsheet as a formula (or the start of one). `cell` puts an apostrophe in front of
such text, headers included, and XLSX cells holding text are stored as text, so
openpyxl never writes someone's words as a formula. Text that begins with white space
before one of those characters is escaped too, as some programs trim it first, and so is
text that begins with a compatibility form of one (full-width ＝, small ﹢ and the
like), which some spreadsheet programs fold to the plain character.

Control characters (other than tab, line feed and carriage return) are taken out: they
mean nothing in a cell, and an XLSX cannot hold them, so one answer holding one would
otherwise stop the whole export.
"""

import csv
import io
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value):
    """The value as it may safely stand in a spreadsheet cell."""
    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if value.startswith(FORMULA_STARTS) or _folded_start(value).startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _folded_start(value: str) -> str:
    """The text's first few characters after leading white space, in their plain
    (NFKC) forms: only the start decides, so a long answer is not normalised whole."""
    return unicodedata.normalize("NFKC", value.lstrip()[:8])


def safe_row(row: Iterable) -> list:
    return [cell(value) for value in row]


# CSV -----------------------------------------------------------------------------------


def csv_bytes(rows: Iterable[Sequence], *, bom: bool = True) -> bytes:
    """Rows as UTF-8 CSV. The byte-order mark tells Excel the file is UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow(safe_row(row))
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode("utf-8")


def csv_response(filename: str, rows: Iterable[Sequence], *, bom: bool = True) -> HttpResponse:
    return download(csv_bytes(rows, bom=bom), filename, "text/csv; charset=utf-8")


# XLSX ----------------------------------------------------------------------------------


def new_workbook() -> Workbook:
    """A workbook with its default sheet removed: add sheets with `add_sheet`."""
    book = Workbook()
    book.remove(book.active)
    return book


def append_row(sheet: Worksheet, row: Iterable, *, bold: bool = False) -> None:
    """Append a row through `cell`: text that could start a formula is escaped, so
    openpyxl (which reads a leading = as a formula) stores it as text."""
    sheet.append(safe_row(row))
    for target in sheet[sheet.max_row]:
        if bold:
            target.font = Font(bold=True)
        if isinstance(target.value, (date, datetime)):
            target.number_format = "d mmmm yyyy"


def add_sheet(
    book: Workbook,
    title: str,
    header: Sequence[str],
    rows: Iterable[Sequence],
    *,
    widths: Sequence[int] | None = None,
    preamble: Iterable[Sequence] = (),
    wrap: bool = False,
) -> Worksheet:
    """A sheet with optional preamble lines, a bold header row and the rows."""
    sheet = book.create_sheet(title=title[:31])
    lines = list(preamble)
    for line in lines:
        append_row(sheet, line)
    if lines:
        append_row(sheet, [])
    append_row(sheet, header, bold=True)
    header_row = sheet.max_row
    for row in rows:
        append_row(sheet, row)
    for index, width in enumerate(widths or [], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    if wrap:
        for row in sheet.iter_rows(min_row=header_row + 1):
            for target in row:
                target.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    return sheet


def xlsx_bytes(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx_response(filename: str, book: Workbook) -> HttpResponse:
    return download(xlsx_bytes(book), filename, XLSX_TYPE)


def download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
