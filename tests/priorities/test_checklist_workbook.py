"""The checklist workbook: seed 003's layout (stage headings, hallmark headings, the
Requirement / Action / Developments / Status columns, the key with our additions marked),
and partners' words that look like formulas stored as text."""

from datetime import date
from io import BytesIO

from openpyxl import load_workbook

from priorities import selectors, workbooks


def _book(run):
    return load_workbook(BytesIO(workbooks.checklist_workbook(run, selectors.checklist_items(run))))


def test_an_action_that_looks_like_a_formula_is_exported_as_text(run):
    item = run.items.order_by("requirement__position").first()
    item.action = '=HYPERLINK("http://x")'
    item.save()
    cell = _book(run)["Checklist"]["B7"]
    assert cell.value == '\'=HYPERLINK("http://x")'
    assert cell.data_type == "s"


def test_the_workbook_keeps_its_title_rows_header_and_date_format(run):
    item = run.items.order_by("requirement__position").first()
    item.due_on = date(2027, 3, 31)
    item.save()
    sheet = _book(run)["Checklist"]
    assert sheet["A1"].font.bold and sheet["A1"].font.size == 13
    assert sheet["A2"].value.startswith("0 of 107 green")
    assert "4 no longer asked" in sheet["A2"].value
    assert "England" in sheet["A3"].value
    assert [c.value for c in sheet[5]][:4] == ["Requirement", "Action", "Developments", "Status"]
    assert sheet.freeze_panes == "A6"
    assert sheet["G7"].number_format == "d mmmm yyyy"
    assert sheet["A7"].alignment.wrap_text


def test_the_workbook_has_every_stage_and_hallmark_heading_in_seed_order(run):
    sheet = _book(run)["Checklist"]
    firsts = [row[0].value for row in sheet.iter_rows(min_row=6)]
    stages = [v for v in firsts if v and v.startswith("Stage ")]
    assert stages[0] == "Stage 1: Lead and guide"
    assert stages[10] == "Stage 11: Evaluating impact" and len(stages) == 11
    assert sum(1 for v in firsts if v and v.startswith("Hallmark: ")) == 33
    rows = [r for r in sheet.iter_rows(min_row=6) if r[8].value]  # rows with a seed line
    assert len(rows) == 111
    heading = firsts.index("Stage 2: Governing partnership processes") + 6
    assert sheet.cell(row=heading, column=1).font.bold
    assert sheet.cell(row=heading + 1, column=1).value == "Statutory duties"
    local_area = next(r for r in rows if r[8].value == "Stage 6, question 1")
    assert local_area[3].value.startswith("No longer asked: Local area agreements")
    assert local_area[4].value == "Not asked"


def test_the_key_sheet_has_the_seeds_five_values_then_ours_marked(run):
    key = _book(run)["Key"]
    rows = [(r[0].value, r[1].value) for r in key.iter_rows(min_row=2)]
    assert rows[:5] == [
        ("Terms of reference", "2007 minimum standards"),
        ("Primary care trust", "2007 minimum standards"),
        ("Awaiting external bodies", "2007 minimum standards"),
        ("For consideration by the CSP", "2007 minimum standards"),
        ("Delivery plan", "2007 minimum standards"),
    ]
    assert rows[5:] == [("In place (our addition)", "Our addition")]


def test_the_workbook_says_the_2007_standards_rather_than_the_seed(run):
    sheet = _book(run)["Checklist"]
    words = " ".join(str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value)
    assert "seed" not in words.lower()
    assert "Line in the 2007 checklist" in words and "Stage 1, line 1" in words
