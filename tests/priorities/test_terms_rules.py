"""The terms of reference's pure rules: reading "who does what" rows and comparing versions."""

import pytest

from priorities.terms_rules import RowsError, compare, parse_roles, roles_text


def test_rows_are_read_one_a_line_and_written_back():
    text = "Lead analyst | Sam Taylor | Writes the assessment\n\nBoard | The executive | Agrees it"
    rows = parse_roles(text)
    assert rows == [
        {
            "role": "Lead analyst",
            "who": "Sam Taylor",
            "responsibility": "Writes the assessment",
        },
        {"role": "Board", "who": "The executive", "responsibility": "Agrees it"},
    ]
    assert parse_roles(roles_text(rows)) == rows


@pytest.mark.parametrize("line", ["Lead analyst | Sam Taylor", "A | B | C | D", "A |  | C"])
def test_a_row_without_three_parts_names_its_line(line):
    with pytest.raises(RowsError, match="Line 2 needs three parts"):
        parse_roles(f"Board | The executive | Agrees it\n{line}")


def test_compare_names_changed_sections_and_rows():
    old = {
        "purpose": "Inform the plan.",
        "scope": "Central Bedfordshire",
        "roles": [
            {"role": "Lead analyst", "who": "Sam", "responsibility": "Writes"},
            {"role": "Board", "who": "Executive", "responsibility": "Agrees"},
        ],
    }
    new = {
        "purpose": "Inform the plan.",
        "scope": "Central Bedfordshire and Luton",
        "roles": [
            {"role": "Lead analyst", "who": "Alex", "responsibility": "Writes"},
            {"role": "Data owners", "who": "Partners", "responsibility": "Send data"},
        ],
    }
    changes = {c.section: (c.before, c.after) for c in compare(old, new)}
    assert changes == {
        "Scope": ("Central Bedfordshire", "Central Bedfordshire and Luton"),
        "Who does what: Lead analyst": (
            "Lead analyst: Sam (Writes)",
            "Lead analyst: Alex (Writes)",
        ),
        "Who does what: Data owners": ("", "Data owners: Partners (Send data)"),
        "Who does what: Board": ("Board: Executive (Agrees)", ""),
    }
    assert compare(new, new) == []
