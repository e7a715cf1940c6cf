"""Pure rules for the terms of reference: reading the "who does what" rows from the
form's text, writing them back, and saying what changed between two versions.
No ORM, no request: tested without a database."""

from dataclasses import dataclass

from .rules import agreed_version_refusal

SEPARATOR = "|"

# The text sections of a version, in the order the page shows them.
SECTIONS = {
    "purpose": "Purpose",
    "scope": "Scope",
    "data": "Data and who supplies it",
    "timetable_note": "Timetable note",
    "sign_off": "Sign-off",
}


class RowsError(ValueError):
    """A line of the "who does what" text that cannot be read."""


def parse_roles(text: str) -> list[dict[str, str]]:
    """One row a line: role | person or agency | responsibility. Blank lines are skipped."""
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split(SEPARATOR)]
        if len(parts) != 3 or not all(parts):
            raise RowsError(
                f"Line {number} needs three parts separated by {SEPARATOR}: the role, "
                "the person or agency, and what they do. For example: Lead analyst | "
                "Sam Taylor, council | Writes the assessment."
            )
        role, who, responsibility = parts
        rows.append({"role": role, "who": who, "responsibility": responsibility})
    return rows


def roles_text(rows: list[dict[str, str]]) -> str:
    return "\n".join(
        f" {SEPARATOR} ".join((row["role"], row["who"], row["responsibility"])) for row in rows
    )


@dataclass(frozen=True)
class TermsChange:
    section: str
    before: str
    after: str


def _row(row: dict[str, str]) -> str:
    return f"{row['role']}: {row['who']} ({row['responsibility']})"


def compare(old: dict, new: dict) -> list[TermsChange]:
    """What `new` changes against `old`, both snapshots of a version: each changed text
    section with its old and new words, and each "who does what" row added, removed or
    changed (rows are matched by their role)."""
    changes = [
        TermsChange(label, old.get(name, ""), new.get(name, ""))
        for name, label in SECTIONS.items()
        if old.get(name, "") != new.get(name, "")
    ]
    old_rows = {row["role"]: row for row in old.get("roles", [])}
    new_rows = {row["role"]: row for row in new.get("roles", [])}
    for role, row in new_rows.items():
        if role not in old_rows:
            changes.append(TermsChange(f"Who does what: {role}", "", _row(row)))
        elif old_rows[role] != row:
            changes.append(TermsChange(f"Who does what: {role}", _row(old_rows[role]), _row(row)))
    for role, row in old_rows.items():
        if role not in new_rows:
            changes.append(TermsChange(f"Who does what: {role}", _row(row), ""))
    return changes


def frozen_message(version) -> str:
    """Why an agreed version cannot change."""
    return agreed_version_refusal(version.version, "Start a new version to make changes.")
