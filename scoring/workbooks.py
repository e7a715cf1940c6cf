"""The Excel round trip: a scorer's sheet (or a whole closed round) as a workbook laid
out like seed 001's matrix, and a completed workbook read back, validated cell by
cell and saved all or nothing."""

import re
import zipfile
import zlib
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from openpyxl import load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from csp_assessment import exports
from csp_assessment.dates import day
from csp_assessment.plurals import counted

from . import rules, selectors, services
from .models import Criterion, Round, ScoreSheet

MAX_BYTES = 5 * 1024 * 1024
# What a workbook may unpack to, counted as it unpacks. Our own export of a large round
# is well under 1 MB; a few kilobytes of hostile XML can unpack to gigabytes.
MAX_UNPACKED_BYTES = 8 * 1024 * 1024
HEADER_FILL = PatternFill("solid", fgColor="1D3557")
HEADER_FONT = Font(bold=True, color="FFFFFF")


def normalise(text) -> str:
    """Titles and headers compared loosely: case, '&' for 'and', spaces and punctuation."""
    text = str(text or "").lower().replace("&", "and")
    return re.sub(r"[^a-z0-9]", "", text)


def _header(ws, titles: list[str]) -> None:
    """The next row as a header: white on dark blue, wrapped, one wide issue column."""
    exports.append_row(ws, titles)
    row = ws.max_row
    for cell in ws[row]:
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.row_dimensions[row].height = 60
    ws.column_dimensions["A"].width = 40
    for column in range(2, len(titles) + 1):
        ws.column_dimensions[get_column_letter(column)].width = 12


def _score_value(scores, criterion):
    score = scores.get(criterion.pk)
    if score is None:
        return None
    return "NK" if score.not_known else score.value


def _write_matrix(ws, rows, criteria, method: str) -> None:
    _header(ws, ["Issue", *[c.name for c in criteria], "TOTAL"])
    first, last = get_column_letter(2), get_column_letter(len(criteria) + 1)
    for issue, scores in rows:
        exports.append_row(ws, [issue.title, *(_score_value(scores, c) for c in criteria)])
        if method == "sum":
            # A sum-of-criteria total stays live as the scorer types; other methods are
            # combined by the workbench on import. Our own formula, so it is written
            # straight to the cell rather than through the escaping in append_row.
            r = ws.max_row
            ws.cell(row=r, column=len(criteria) + 2, value=f"=SUM({first}{r}:{last}{r})")
    ws.freeze_panes = "B2"


def sheet_workbook(sheet: ScoreSheet, *, blank: bool = False) -> bytes:
    """A scorer's sheet as a workbook; `blank` leaves out every value entered so far."""
    round_ = sheet.round
    matrix = round_.matrix
    criteria = list(matrix.criteria.all())
    # An issue with a declared interest is not asked for, so it is not in the workbook.
    rows = [r for r in selectors.sheet_rows(sheet, criteria) if r.interest is None]
    wb = exports.new_workbook()
    ws = wb.create_sheet("Scores")
    _write_matrix(ws, [(r.issue, {} if blank else r.scores) for r in rows], criteria, matrix.method)
    allowed = ",".join([*(str(v) for v in matrix.scale), "NK"])
    validation = DataValidation(
        type="list",
        formula1=f'"{allowed}"',
        allow_blank=True,
        errorTitle="Not a score",
        error=f"Enter {matrix.scale_min} to {matrix.scale_max} or NK.",
    )
    ws.add_data_validation(validation)
    if rows:
        validation.add(f"B2:{get_column_letter(len(criteria) + 1)}{len(rows) + 1}")
    _about(wb, round_, sheet)
    _descriptors(wb, criteria)
    return exports.xlsx_bytes(wb)


def round_workbook(round_: Round) -> bytes:
    """A closed round: the agreed matrix with ranks, then each scorer's own sheet."""
    matrix = round_.matrix
    ranking = selectors.ranking(round_)
    criteria = ranking.criteria
    wb = exports.new_workbook()
    ws = wb.create_sheet("Agreed")
    _header(ws, ["Rank", "Issue", *[c.name for c in criteria], "Total", "Deeper analysis"])
    for row in ranking.rows:
        exports.append_row(
            ws,
            [
                row.rank,
                row.issue.title,
                *(value for _, value, _agreed, _heat in row.cells),
                row.total,
                "Yes" if row.above_line else "No",
            ],
        )
    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width = 8, 40
    sheets = ScoreSheet.objects.filter(round=round_).select_related(
        "scorer__user", "scorer__agency"
    )
    for sheet in sorted(sheets, key=lambda s: s.scorer.display_name):
        scorer_ws = wb.create_sheet(title=_sheet_title(selectors.partner_label(sheet.scorer), wb))
        rows = [r for r in selectors.sheet_rows(sheet, criteria) if r.interest is None]
        _write_matrix(scorer_ws, [(x.issue, x.scores) for x in rows], criteria, matrix.method)
    _about(wb, round_, None)
    return exports.xlsx_bytes(wb)


def _sheet_title(name: str, wb) -> str:
    title = re.sub(r"[\[\]\*\?/\\:]", "", name)[:28] or "Scorer"
    candidate, n = title, 2
    while candidate in wb.sheetnames:
        candidate, n = f"{title[:25]} {n}", n + 1
    return candidate


def _about(wb, round_: Round, sheet: ScoreSheet | None) -> None:
    ws = wb.create_sheet("About")
    matrix = round_.matrix
    lines = [
        ("Round", round_.name),
        ("Partnership", round_.year.cycle.partnership.name),
        ("Matrix", f"{matrix.name}, version {matrix.version}"),
        ("Scale", f"{matrix.scale_min} to {matrix.scale_max}; NK means not known"),
        ("Deadline", day(round_.deadline)),
    ]
    if sheet is not None:
        lines.append(("Scorer", f"{sheet.scorer.display_name} ({sheet.scorer.user.email})"))
        lines.append(
            (
                "How to return it",
                "Fill in the Scores sheet, save it, and import it on your "
                "score sheet page. Leave a cell blank if you have not scored it yet.",
            )
        )
    for line in lines:
        exports.append_row(ws, line)
        ws.cell(row=ws.max_row, column=1).font = Font(bold=True)
    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width = 20, 90


def _descriptors(wb, criteria: list[Criterion]) -> None:
    ws = wb.create_sheet("What the scores mean")
    _header(ws, ["Criterion", "Meaning", "Levels"])
    for c in criteria:
        levels = "; ".join(f"{k} = {v}" for k, v in c.levels.items())
        exports.append_row(ws, [c.name, c.meaning, levels])
    ws.column_dimensions["B"].width, ws.column_dimensions["C"].width = 50, 120


# Room around our own layout when reading a workbook back: the issue, PESTELO and total
# columns beside the criteria, and title and note rows above the header.
SPARE_COLUMNS = 6
SPARE_ROWS = 12


@dataclass
class ImportReport:
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    cells: dict = field(default_factory=dict)
    rows: int = 0
    saved: int = 0


def packed_as_excel(upload) -> bool:
    """Whether every part is stored or deflated, as Excel writes them. Reads only the
    zip's directory. A file that is not a zip passes, for the reader to refuse."""
    try:
        with zipfile.ZipFile(upload) as archive:
            return all(
                info.compress_type in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
                for info in archive.infolist()
            )
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, ValueError):
        return True
    finally:
        upload.seek(0)


def unpacks_within(upload, limit: int) -> bool:
    """Whether all the workbook's parts together unpack to no more than `limit` bytes,
    counted as they unpack: the sizes a zip declares are not believed. A part packed
    other than as Excel packs it is refused unread. A file that is not a zip at all
    passes here, for the workbook reader to refuse in its own words."""
    left = limit
    try:
        with zipfile.ZipFile(upload) as archive:
            for info in archive.infolist():
                # Excel writes deflate only. Python inflates bzip2 and LZMA a whole chunk
                # at a time, with no bound on the output: refuse them unread.
                if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                    return False
                with archive.open(info) as part:
                    while chunk := part.read(min(1 << 20, left + 1)):
                        left -= len(chunk)
                        if left < 0:
                            return False
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, ValueError, zlib.error):
        return True
    finally:
        upload.seek(0)
    return True


def _unworked_formulas(upload, title: str, max_row: int, max_col: int) -> set[tuple[int, int]]:
    """The (row number, column index) of each formula cell with no value saved. Read for
    its values alone, such a cell looks blank, and a blank clears the score."""
    upload.seek(0)
    ws = load_workbook(upload, read_only=True)[title]
    ws.reset_dimensions()
    return {
        (number, index)
        for number, row in enumerate(
            ws.iter_rows(max_row=max_row, max_col=max_col, values_only=True), start=1
        )
        for index, value in enumerate(row)
        if isinstance(value, str) and value.startswith("=")
    }


def read_sheet_workbook(sheet: ScoreSheet, upload) -> ImportReport:
    """Read a completed workbook for one scorer. Nothing is saved here."""
    report = ImportReport()
    if upload.size > MAX_BYTES:
        report.errors.append("The file is larger than 5 MB. Export a fresh workbook and try again.")
        return report
    if not packed_as_excel(upload):
        report.errors.append(
            "The workbook is packed in a way Excel does not use. "
            "Export a fresh workbook and try again."
        )
        return report
    if not unpacks_within(upload, MAX_UNPACKED_BYTES):
        report.errors.append(
            "The workbook unpacks to more than 8 MB, far more than a score sheet holds. "
            "Export a fresh workbook and try again."
        )
        return report
    try:
        wb = load_workbook(upload, data_only=True, read_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises several types for a non-workbook
        report.errors.append(
            "This file is not an Excel workbook (.xlsx). Save it as .xlsx and try again."
        )
        return report
    criteria = list(sheet.round.matrix.criteria.all())
    by_name = {normalise(c.name): c for c in criteria}
    sheet_rows = selectors.sheet_rows(sheet, criteria)
    assigned = {normalise(r.issue.title): r.issue for r in sheet_rows if r.interest is None}
    declared = {normalise(r.issue.title) for r in sheet_rows if r.interest is not None}
    ws = wb["Scores"] if "Scores" in wb.sheetnames else wb.worksheets[0]
    # Never trust the size a sheet declares: read only the columns and rows our own
    # layout can have (a short preamble, the header, one row per issue, a little room).
    ws.reset_dimensions()
    max_col = len(criteria) + SPARE_COLUMNS
    max_row = len(assigned) + SPARE_ROWS
    rows = list(ws.iter_rows(max_row=max_row + 1, max_col=max_col, values_only=True))
    unworked = _unworked_formulas(upload, ws.title, max_row, max_col)
    if len(rows) > max_row and any(value is not None for value in rows[max_row]):
        report.errors.append(
            f"The sheet has more rows than this round's {counted(len(assigned), 'issue')}. "
            "Export a fresh workbook and try again."
        )
        return report
    rows = rows[:max_row]
    header_index = next(
        (i for i, row in enumerate(rows) if sum(normalise(v) in by_name for v in row) >= 1), None
    )
    if header_index is None:
        report.errors.append(
            "No header row names this matrix's criteria. The first row should be the issue "
            "column and then one column per criterion, as in the exported workbook."
        )
        return report
    header = rows[header_index]
    columns: dict[int, Criterion] = {}
    total_column = None
    for index, title in enumerate(header):
        key = normalise(title)
        if index == 0 or not key:
            continue
        if key in by_name:
            columns[index] = by_name[key]
        elif key.startswith("total"):
            total_column = index
        elif key != "pestelo":
            report.errors.append(
                f"Column {get_column_letter(index + 1)}: '{title}' is not a criterion of "
                f"{sheet.round.matrix.name}."
            )
    missing = [c.name for c in criteria if c not in columns.values()]
    if missing:
        report.errors.append(f"These criteria have no column: {', '.join(missing)}.")
    specs = selectors.criterion_specs(criteria, sheet.round.matrix)
    seen = set()
    for offset, row in enumerate(rows[header_index + 1 :], start=header_index + 2):
        if not row or all(v in (None, "") for v in row):
            continue
        title = row[0]
        issue = assigned.get(normalise(title))
        if issue is None and normalise(title) in declared:
            report.errors.append(
                f"Row {offset}: you declared an interest in '{title}', so it takes no scores. "
                "Delete the row, or withdraw the interest on your sheet first."
            )
            continue
        if issue is None:
            report.errors.append(
                f"Row {offset}: '{title}' is not one of the issues you were asked to score."
            )
            continue
        if issue.pk in seen:
            report.errors.append(f"Row {offset}: '{title}' appears more than once.")
            continue
        seen.add(issue.pk)
        report.rows += 1
        values = {}
        for index, criterion in columns.items():
            raw = row[index] if index < len(row) else None
            if raw is None and (offset, index) in unworked:
                report.errors.append(
                    f"Row {offset}, column '{criterion.name}': the cell holds a formula "
                    "with no value saved. Type the number instead."
                )
                continue
            try:
                value, not_known = services.parse_cell(
                    ""
                    if raw is None
                    else str(int(raw) if isinstance(raw, float) and raw.is_integer() else raw),
                    criterion,
                )
            except ValidationError as error:
                reason = error.messages[0].split(": ", 1)[-1]
                report.errors.append(f"Row {offset}, column '{criterion.name}': {reason}")
                continue
            report.cells[(issue.pk, criterion.pk)] = (value, not_known)
            values[criterion.key] = value
        if (
            total_column is not None
            and total_column < len(row)
            and row[total_column] not in (None, "")
        ):
            stated = row[total_column]
            computed = rules.score_issue(
                sheet.round.matrix.method, sheet.round.matrix.settings, specs, values
            ).total
            try:
                differs = computed is None or float(stated) != float(computed)
            except (TypeError, ValueError):
                differs = True
            if differs:
                report.warnings.append(
                    f"Row {offset} ({issue.title}): the total column says {stated} but the "
                    f"criteria add up to {computed:g}. The criteria scores were imported; "
                    "the stated total was not used."
                    if computed is not None
                    else f"Row {offset} ({issue.title}): the total column says {stated} but no "
                    "criterion has a score."
                )
    if report.rows == 0 and not report.errors:
        report.errors.append("The workbook has no rows of scores.")
    return report


def import_sheet_workbook(sheet: ScoreSheet, upload) -> ImportReport:
    # A closed round or a submitted sheet takes nothing: say so before reading a byte.
    try:
        services.check_sheet_writable(sheet)
    except ValidationError as error:
        return ImportReport(errors=list(error.messages))
    report = read_sheet_workbook(sheet, upload)
    if report.errors:
        return report
    try:
        report.saved = services.save_scores(sheet=sheet, cells=report.cells)
    except ValidationError as error:
        report.errors.extend(error.messages)
    return report
