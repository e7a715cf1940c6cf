"""The score grid's HTML, built in Python.

A 40 x 16 grid is 640 inputs and 640 confidence selects. Rendered cell by cell through
the template engine it would cost several times what it costs built here, with one
escaped string per cell. The whole page still serves at about half the rate of a plain
40 x 16 table (benchmarks/scoring_pages.py; docs/operations.md has the figures).
The template still owns the page; this module owns only the table body.
"""

from collections.abc import Callable

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .models import Criterion, Score
from .selectors import CellScore, GridRow
from .suggestions import Suggestion

NOT_KNOWN_TEXT = "NK"


def cell_name(issue_id: int, criterion_id: int) -> str:
    return f"c{issue_id}_{criterion_id}"


def confidence_name(issue_id: int, criterion_id: int) -> str:
    """The confidence select beside a cell."""
    return f"k{issue_id}_{criterion_id}"


# Short enough for a select beside a 2-digit cell; the select's label says "confidence".
CONFIDENCE_CHOICES = (("", "–"), ("high", "High"), ("medium", "Med"), ("low", "Low"))


def parse_cell_name(name: str, prefix: str = "c") -> tuple[int, int] | None:
    if not name.startswith(prefix) or "_" not in name:
        return None
    issue, _, criterion = name[len(prefix) :].partition("_")
    if not (issue.isdigit() and criterion.isdigit()):
        return None
    return int(issue), int(criterion)


def display_value(score: CellScore | Score | None) -> str:
    if score is None:
        return ""
    if score.not_known:
        return NOT_KNOWN_TEXT
    return "" if score.value is None else str(score.value)


def suggested_cells(
    suggestions: dict[tuple[int, str], Suggestion],
    rows: list[GridRow],
    criteria: list[Criterion],
) -> dict[str, Suggestion]:
    """The suggestions (keyed by issue id and criterion key) for the grid's data-driven
    cells, keyed by cell name."""
    driven = [(c.pk, c.key) for c in criteria if c.data_driven]
    found = {}
    for row in rows:
        issue_id = row.issue.pk
        for criterion_id, key in driven:
            if (issue_id, key) in suggestions:
                found[cell_name(issue_id, criterion_id)] = suggestions[issue_id, key]
    return found


def error_mark(key: str, message: str) -> str:
    """The mark beside an invalid cell: a visible "!" and the message, read out with
    the cell. score-grid.js builds the same markup."""
    return (
        f'<span class="cell-error" id="{key}-error"><span aria-hidden="true">!</span>'
        f'<span class="visually-hidden">{escape(message)}</span></span>'
    )


def is_answered(score: CellScore | Score | None) -> bool:
    """A score or "not known": both are answers; a blank cell is not."""
    return score is not None and (score.value is not None or score.not_known)


def empty_cells(rows: list[GridRow], criteria: list[Criterion]) -> list[tuple[str, str]]:
    """Each issue with empty cells and which criteria are empty, said compactly:
    (issue title, "all 16 criteria" or "Gap in current picture and Media attention" or
    "5 of 16 criteria: A, B, C and 2 more")."""
    found = []
    for row in rows:
        if row.interest is not None:
            continue  # not asked for
        missing = [c.name for c in criteria if not is_answered(row.scores.get(c.pk))]
        if not missing:
            continue
        if len(missing) == len(criteria):
            said = f"all {len(criteria)} criteria"
        elif len(missing) <= 3:
            said = " and ".join(filter(None, [", ".join(missing[:-1]), missing[-1]]))
        else:
            said = (
                f"{len(missing)} of {len(criteria)} criteria: {', '.join(missing[:3])} "
                f"and {len(missing) - 3} more"
            )
        found.append((row.issue.title, said))
    return found


# A select's options for each value it may hold: a grid draws 640 selects, and only
# four sets of options.
_CONFIDENCE_OPTIONS = {
    current: "".join(
        f'<option value="{value}"{" selected" if value == current else ""}>{text}</option>'
        for value, text in CONFIDENCE_CHOICES
    )
    for current, _ in CONFIDENCE_CHOICES
}


def _confidence_select(key: str, label: str, current: str, editable: bool) -> str:
    options = _CONFIDENCE_OPTIONS.get(current, _CONFIDENCE_OPTIONS[""])
    disabled = "" if editable else " disabled"
    return (
        f'<select name="{key}" class="confidence-select" aria-label="{label}, confidence"'
        f"{disabled}>{options}</select>"
    )


def _interest_row(row: GridRow, span: int, interest_url: Callable[[int], str] | None) -> str:
    """An issue the scorer declared an interest in: no cells, the reason, and a link to
    withdraw it (while the sheet can change)."""
    issue_id = row.issue.pk
    link = (
        f' <a href="{escape(interest_url(issue_id))}">Withdraw the interest'
        f'<span class="visually-hidden"> in {escape(row.issue.title)}</span></a>'
        if interest_url
        else ""
    )
    return (
        f'<tr class="interest-row"><th scope="row" id="issue-{issue_id}">'
        f"{escape(row.issue.title)}</th>"
        f'<td colspan="{span}" class="interest" data-testid="interest-{issue_id}">'
        f"<strong>Interest declared:</strong> {escape(row.interest.reason)}. "
        f"Your scores for this issue are not asked for and do not count.{link}</td>"
        f'<td class="total"><span id="total-{issue_id}">–</span></td></tr>'
    )


def grid_body(
    rows: list[GridRow],
    criteria: list[Criterion],
    *,
    editable: bool,
    entered: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    suggested: dict[str, Suggestion] | None = None,
    interest_url: Callable[[int], str] | None = None,
) -> SafeString:
    """The <tbody> rows: issue title, one input and one confidence select per
    criterion, and the row's total; an issue the scorer declared an interest in gets
    the reason instead of cells.

    `entered` holds values typed into a form that failed validation, so they are
    shown back as typed; `errors` maps the cells to mark invalid to their message,
    tied to the input by aria-describedby; a cell in `suggested` with a value gets an
    "S" marker, described to screen readers. static/js/score-grid.js marks cells the
    same way after an autosave. `interest_url(issue id)` links to withdrawing an
    interest, given while the sheet can change.
    """
    entered = entered or {}
    errors = errors or {}
    suggested = suggested or {}
    columns = [(c.pk, escape(c.name)) for c in criteria]  # read once: 640 cells
    disabled = "" if editable else " readonly"
    parts = []
    for row in rows:
        if row.interest is not None:
            parts.append(_interest_row(row, len(criteria), interest_url if editable else None))
            continue
        issue_id = row.issue.pk
        title = escape(row.issue.title)
        parts.append(f'<tr><th scope="row" id="issue-{issue_id}">{title}</th>')
        for criterion_id, name in columns:
            key = cell_name(issue_id, criterion_id)
            score = row.scores.get(criterion_id)
            value = escape(entered[key]) if key in entered else display_value(score)
            note = ' data-note="1"' if score is not None and score.note else ""
            invalid = (
                ' aria-invalid="true" class="cell is-invalid"' if key in errors else ' class="cell"'
            )
            suggestion = suggested.get(key)
            marked = suggestion is not None and suggestion.value is not None
            ids = [f"{key}-error"] if key in errors else []
            ids += [f"{key}-s"] if marked else []
            described = f' aria-describedby="{" ".join(ids)}"' if ids else ""
            parts.append(
                f'<td><input name="{key}" id="{key}" value="{value}"{invalid}'
                f' aria-label="{title}: {name}" data-c="{criterion_id}"'
                f' inputmode="numeric" autocomplete="off" size="2" maxlength="3"'
                f"{disabled}{note}{described}>"
            )
            if key in errors:
                parts.append(error_mark(key, errors[key]))
            if marked:
                parts.append(
                    '<span class="badge text-bg-dark ms-1 suggestion-mark" aria-hidden="true">'
                    f'S</span><span class="visually-hidden" id="{key}-s">Suggestion from '
                    f"{escape(suggestion.source)}: {suggestion.value}</span>"
                )
            parts.append(
                _confidence_select(
                    confidence_name(issue_id, criterion_id),
                    f"{title}: {name}",
                    score.confidence if score is not None else "",
                    editable,
                )
            )
            parts.append("</td>")
        total = row.outcome.total
        shown = "–" if total is None else f"{total:g}"
        parts.append(f'<td class="total"><span id="total-{issue_id}">{shown}</span></td></tr>')
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped or numeric
