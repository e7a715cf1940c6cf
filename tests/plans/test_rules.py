"""Pure rules: the resources table and the comparison of two versions."""

import pytest

from plans import rules


def test_resources_are_read_one_row_a_line():
    assert rules.parse_resources("Police | Two officers\n\nCouncil | A caseworker") == [
        {"agency": "Police", "commitment": "Two officers"},
        {"agency": "Council", "commitment": "A caseworker"},
    ]


def test_a_row_without_a_commitment_is_named():
    with pytest.raises(rules.RowsError, match="Line 2"):
        rules.parse_resources("Police | Two officers\nCouncil |")


def _priority(title, **extra):
    return {"title": title, "lead": "", "lead_agency": "", "kpis": [], "actions": [], **extra}


def test_kpis_actions_and_leads_are_compared_within_a_kept_priority():
    kpi = {"name": "Repeat victims", "baseline": "120", "target": "90", "unit": ""}
    before = {"priorities": [_priority("ASB", lead="Chris", kpis=[kpi])]}
    after = {
        "priorities": [
            _priority("ASB", lead="Jo", actions=[{"title": "Map hotspots"}]),
            _priority("Domestic abuse"),
        ]
    }
    (section,) = rules.compare(before, after)
    assert [(line.kind, line.text) for line in section.lines] == [
        ("added", "Priority: Domestic abuse"),
        ("changed", "ASB, lead: Chris to Jo"),
        ("removed", "ASB, KPI: Repeat victims (from 120 to 90)"),
        ("added", "ASB, action: Map hotspots"),
    ]


def test_unchanged_versions_have_no_changes():
    same = {"summary": "Text", "priorities": [_priority("ASB")], "resources": []}
    assert rules.compare(same, dict(same)) == []


def test_every_unverified_statement_of_the_law_says_so():
    statuses = {c.status for c in rules.LAW}
    assert statuses == {rules.VERIFIED, rules.TO_CHECK}
    assert all(c.checked_against for c in rules.LAW)
