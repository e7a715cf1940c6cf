"""The checklist workbook: its layout, and partners' words that look like formulas
stored as text."""

from datetime import date
from io import BytesIO

from openpyxl import load_workbook

from priorities import selectors, workbooks


def _sheet(run):
    content = workbooks.checklist_workbook(run, selectors.checklist_items(run))
    return load_workbook(BytesIO(content)).active


def test_an_action_that_looks_like_a_formula_is_exported_as_text(run):
    item = run.items.order_by("requirement__position").first()
    item.action = '=HYPERLINK("http://x")'
    item.save()
    sheet = _sheet(run)
    cell = sheet["D5"]
    assert cell.value == '\'=HYPERLINK("http://x")'
    assert cell.data_type == "s"


def test_the_workbook_keeps_its_title_rows_header_and_date_format(run):
    item = run.items.order_by("requirement__position").first()
    item.due_on = date(2027, 3, 31)
    item.save()
    sheet = _sheet(run)
    assert sheet.title == "Checklist"
    assert sheet["A1"].font.bold and sheet["A1"].font.size == 13
    assert sheet["A2"].value.startswith("0 of ")
    assert sheet["A3"].value is None
    assert [c.value for c in sheet[4]][:3] == ["Section", "Requirement", "Citation"]
    assert sheet["A4"].font.bold
    assert sheet.freeze_panes == "A5"
    assert sheet.column_dimensions["B"].width == 60
    assert sheet["I5"].number_format == "d mmmm yyyy"
    assert sheet["B5"].alignment.wrap_text
