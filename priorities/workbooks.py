"""The checklist run as an XLSX workbook, laid out as seed 003 is: a heading row for each
stage, then its statutory lines, then each hallmark's questions under a heading row, with
the Requirement, Action, Developments and Status columns first, and a Key sheet with
seed 003's status key and our additions marked. A run is at most a few hundred rows, so
it is built in the request, as scoring's round workbook is. Every cell goes through
csp_assessment.exports, so text that looks like a formula stays text."""

from openpyxl.styles import Font

from csp_assessment import exports

from . import checklist_layout, rules

COLUMNS = [
    ("Requirement", 60),
    ("Action", 40),
    ("Developments", 40),
    ("Status", 26),
    ("RAG status", 14),
    ("Owner", 22),
    ("Due", 12),
    ("Evidence", 40),
    ("Line in the 2007 checklist", 24),
    ("Citation", 34),
    ("Citation check", 14),
]
PREAMBLE_ROWS = 3  # title, progress, the England note


def _row(item) -> list:
    requirement = item.requirement
    evidence = item.evidence_link or (item.evidence_file.name if item.evidence_file else "")
    status = item.get_status_key_display() if item.status_key else ""
    rag = item.get_rag_display()
    if requirement.not_asked:
        status, rag = f"No longer asked: {requirement.not_asked_shown}", "Not asked"
    return [
        requirement.text_shown,
        item.action,
        item.development,
        status,
        rag,
        item.owner.display_name if item.owner_id else "",
        item.due_on,
        evidence,
        requirement.place,
        requirement.citation,
        requirement.get_citation_status_display() if requirement.citation_status else "",
    ]


def _rows(items, numbered: bool) -> tuple[list[list], list[int]]:
    """The rows, and the positions of the heading rows among them."""
    rows, headings = [], []
    for stage in checklist_layout.stages(items):
        headings.append(len(rows))
        rows.append([f"Stage {stage.number}: {stage.name}" if numbered else stage.name])
        if stage.lines and stage.hallmarks:
            headings.append(len(rows))
            rows.append(["Statutory duties"])
        rows.extend(_row(item) for item in stage.lines)
        for hallmark in stage.hallmarks:
            headings.append(len(rows))
            rows.append([f"Hallmark: {hallmark.name}"])
            rows.extend(_row(item) for item in hallmark.items)
    return rows, headings


def checklist_workbook(run, items) -> bytes:
    asked = [item.rag for item in items if not item.requirement.not_asked]
    progress = rules.checklist_progress(asked)
    not_asked = len(items) - len(asked)
    numbered = any(item.requirement.seed_ref for item in items)
    rows, headings = _rows(items, numbered)
    book = exports.new_workbook()
    sheet = exports.add_sheet(
        book,
        "Checklist",
        [name for name, _ in COLUMNS],
        rows,
        widths=[width for _, width in COLUMNS],
        preamble=[
            [f"{run.template.name}, {run.year.cycle.partnership.name}, {run.year.label}"],
            [
                f"{progress.complete} of {progress.total} green ({progress.percent}%). "
                f"Amber {progress.by_rag['amber']}, red {progress.by_rag['red']}, "
                f"not assessed {progress.by_rag['not_assessed']}."
                + (f" {not_asked} no longer asked, so not counted." if not_asked else "")
            ],
            ["This service covers England; the duties are those of the regulations for England."],
        ],
        wrap=True,
    )
    sheet["A1"].font = Font(bold=True, size=13)
    first_row = PREAMBLE_ROWS + 3  # the preamble, a blank row, the header
    for index in headings:
        sheet.cell(row=first_row + index, column=1).font = Font(bold=True)
    key = exports.add_sheet(
        book,
        "Key",
        ["Status", "Where it comes from"],
        [
            [value["label"], "Our addition" if value["ours"] else "2007 minimum standards"]
            for value in checklist_layout.status_key_legend()
        ],
        widths=[34, 20],
    )
    key["A1"].font = Font(bold=True)
    return exports.xlsx_bytes(book)
