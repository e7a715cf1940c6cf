"""The checklist run as an XLSX workbook (openpyxl): one row per requirement. A run is a
few dozen rows, so it is built in the request, as scoring's round workbook is."""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from . import rules

COLUMNS = [
    ("Section", 28),
    ("Requirement", 60),
    ("Citation", 30),
    ("Action", 40),
    ("Development and status", 40),
    ("RAG status", 14),
    ("Status key", 26),
    ("Owner", 22),
    ("Due", 12),
    ("Evidence", 40),
]


def checklist_workbook(run, items) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Checklist"
    sheet.append([f"{run.template.name}, {run.year.cycle.partnership.name}, {run.year.label}"])
    sheet["A1"].font = Font(bold=True, size=13)
    progress = rules.checklist_progress([item.rag for item in items])
    sheet.append(
        [
            f"{progress.complete} of {progress.total} green ({progress.percent}%). "
            f"Amber {progress.by_rag['amber']}, red {progress.by_rag['red']}, "
            f"not assessed {progress.by_rag['not_assessed']}."
        ]
    )
    sheet.append([])
    sheet.append([name for name, _ in COLUMNS])
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    for index, (_, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[chr(64 + index)].width = width
    for item in items:
        evidence = item.evidence_link or (item.evidence_file.name if item.evidence_file else "")
        sheet.append(
            [
                item.requirement.section,
                item.requirement.text,
                item.requirement.citation,
                item.action,
                item.development,
                item.get_rag_display(),
                item.get_status_key_display() if item.status_key else "",
                item.owner.display_name if item.owner_id else "",
                item.due_on,
                evidence,
            ]
        )
    for row in sheet.iter_rows(min_row=5):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        row[8].number_format = "d mmmm yyyy"
    sheet.freeze_panes = "A5"
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
