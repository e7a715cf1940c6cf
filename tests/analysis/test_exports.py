"""The analysis exports write a category that looks like a formula as text."""

import csv
import io

from openpyxl import load_workbook

from analysis.tables import LevelTable, export_csv, export_xlsx

FORMULA_CATEGORY = "+SUM(1)"
NOTES = {"title": "Levels", "dataset_name": "Police", "is_police": True, "method": False}


def _table():
    return LevelTable(
        [
            {
                "category": FORMULA_CATEGORY,
                "count": 3,
                "share": 0.5,
                "rate": None,
                "monthly_average": 3.0,
            }
        ]
    )


def test_the_csv_puts_an_apostrophe_before_a_formula_like_category():
    rows = list(csv.reader(io.StringIO(export_csv(_table(), **NOTES).decode("utf-8-sig"))))
    assert rows[0][:2] == ["Category", "Count"]
    assert rows[1][:2] == ["'" + FORMULA_CATEGORY, "3"]


def test_the_xlsx_stores_a_formula_like_category_as_text():
    sheet = load_workbook(io.BytesIO(export_xlsx(_table(), **NOTES)))["Data"]
    category = sheet.cell(2, 1)
    assert category.value == "'" + FORMULA_CATEGORY
    assert category.data_type == "s"
    assert sheet.cell(2, 2).value == 3
