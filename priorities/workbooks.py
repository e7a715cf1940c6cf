"""The checklist run as an XLSX workbook: one row per requirement. A run is a few dozen
rows, so it is built in the request, as scoring's round workbook is. Every cell goes
through csp_assessment.exports, so text that looks like a formula stays text."""

from openpyxl.styles import Font

from csp_assessment import exports

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


def _row(item) -> list:
    evidence = item.evidence_link or (item.evidence_file.name if item.evidence_file else "")
    return [
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


def checklist_workbook(run, items) -> bytes:
    progress = rules.checklist_progress([item.rag for item in items])
    book = exports.new_workbook()
    sheet = exports.add_sheet(
        book,
        "Checklist",
        [name for name, _ in COLUMNS],
        [_row(item) for item in items],
        widths=[width for _, width in COLUMNS],
        preamble=[
            [f"{run.template.name}, {run.year.cycle.partnership.name}, {run.year.label}"],
            [
                f"{progress.complete} of {progress.total} green ({progress.percent}%). "
                f"Amber {progress.by_rag['amber']}, red {progress.by_rag['red']}, "
                f"not assessed {progress.by_rag['not_assessed']}."
            ],
        ],
        wrap=True,
    )
    sheet["A1"].font = Font(bold=True, size=13)
    return exports.xlsx_bytes(book)
