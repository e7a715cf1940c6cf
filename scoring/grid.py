"""The score grid's HTML, built in Python.

A 40 x 16 grid is 640 inputs. Rendered cell by cell through the template engine it
costs several times a plain table; built here with one escaped string per row and
column it costs about the same, which keeps the page fast for 12 scorers at once.
The template still owns the page; this module owns only the table body.
"""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .models import Criterion, Score
from .selectors import GridRow
from .suggestions import Suggestion

NOT_KNOWN_TEXT = "NK"


def cell_name(issue_id: int, criterion_id: int) -> str:
    return f"c{issue_id}_{criterion_id}"


def parse_cell_name(name: str) -> tuple[int, int] | None:
    if not name.startswith("c") or "_" not in name:
        return None
    issue, _, criterion = name[1:].partition("_")
    if not (issue.isdigit() and criterion.isdigit()):
        return None
    return int(issue), int(criterion)


def display_value(score: Score | None) -> str:
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
    return {
        cell_name(row.issue.pk, c.pk): suggestions[row.issue.pk, c.key]
        for row in rows
        for c in criteria
        if c.data_driven and (row.issue.pk, c.key) in suggestions
    }


def grid_body(
    rows: list[GridRow],
    criteria: list[Criterion],
    *,
    editable: bool,
    entered: dict[str, str] | None = None,
    errors: set[str] | None = None,
    suggested: dict[str, Suggestion] | None = None,
) -> SafeString:
    """The <tbody> rows: issue title, one input per criterion, and the row's total.

    `entered` holds values typed into a form that failed validation, so they are
    shown back as typed; `errors` names the cells to mark invalid; a cell in
    `suggested` with a value gets an "S" marker, described to screen readers.
    """
    entered = entered or {}
    errors = errors or set()
    suggested = suggested or {}
    names = [escape(c.name) for c in criteria]
    disabled = "" if editable else " readonly"
    parts = []
    for row in rows:
        issue_id = row.issue.pk
        title = escape(row.issue.title)
        parts.append(f'<tr><th scope="row" id="issue-{issue_id}">{title}</th>')
        for criterion, name in zip(criteria, names, strict=True):
            key = cell_name(issue_id, criterion.pk)
            score = row.scores.get(criterion.pk)
            value = escape(entered[key]) if key in entered else display_value(score)
            note = ' data-note="1"' if score is not None and score.note else ""
            invalid = (
                ' aria-invalid="true" class="cell is-invalid"' if key in errors else ' class="cell"'
            )
            suggestion = suggested.get(key)
            marked = suggestion is not None and suggestion.value is not None
            described = f' aria-describedby="{key}-s"' if marked else ""
            parts.append(
                f'<td><input name="{key}" id="{key}" value="{value}"{invalid}'
                f' aria-label="{title}: {name}" data-c="{criterion.pk}"'
                f' inputmode="numeric" autocomplete="off" size="2" maxlength="3"'
                f"{disabled}{note}{described}>"
            )
            if marked:
                parts.append(
                    '<span class="badge text-bg-dark ms-1 suggestion-mark" aria-hidden="true">'
                    f'S</span><span class="visually-hidden" id="{key}-s">Suggestion from '
                    f"{escape(suggestion.source)}: {suggestion.value}</span>"
                )
            parts.append("</td>")
        total = row.outcome.total
        shown = "–" if total is None else f"{total:g}"
        parts.append(f'<td class="total"><span id="total-{issue_id}">{shown}</span></td></tr>')
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped or numeric
