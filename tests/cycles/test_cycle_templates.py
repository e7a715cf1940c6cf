"""The cycle templates are data: they parse, and plans land on the right dates."""

from datetime import date

import pytest

from cycles.cycle_templates import (
    TemplateError,
    available_templates,
    get_template,
    parse_template,
    plan_cycle,
)


def test_both_seed_templates_are_available():
    keys = {t.key for t in available_templates()}
    assert {"four-year", "annual"} <= keys


def test_four_year_plan_follows_seed_000():
    years = plan_cycle(get_template("four-year"), 2026)
    assert [y.kind for y in years] == ["full", "interim", "refresh", "interim"]
    assert (years[0].starts_on, years[0].ends_on) == (date(2026, 4, 1), date(2027, 3, 31))
    assert years[3].ends_on == date(2030, 3, 31)
    year1 = {s.kind: s for s in years[0].stages}
    assert (year1["consultation"].starts_on, year1["consultation"].ends_on) == (
        date(2026, 9, 1),
        date(2026, 10, 31),
    )
    assert (year1["analysis"].starts_on, year1["analysis"].ends_on) == (
        date(2026, 10, 1),
        date(2027, 1, 31),
    )
    assert (year1["reports"].starts_on, year1["reports"].ends_on) == (
        date(2026, 12, 1),
        date(2027, 2, 28),
    )
    # Light years run every stage throughout the year.
    year2 = {s.kind: s for s in years[1].stages}
    assert year2["consultation"].starts_on == date(2027, 4, 1)
    assert year2["reports"].ends_on == date(2028, 3, 31)
    year3 = {s.kind: s for s in years[2].stages}
    assert year3["reports"].ends_on == date(2029, 1, 31)


def test_activities_default_to_their_stage_end_unless_dated():
    year1 = plan_cycle(get_template("four-year"), 2026)[0]
    consultation = next(s for s in year1.stages if s.kind == "consultation")
    dues = {a.title: a.due_on for a in consultation.activities}
    assert dues["Complete rationale documents for your themes"] == date(2026, 10, 15)
    assert dues["Hold the partnership risk scoring sessions"] == date(2026, 10, 31)


def test_annual_plan_follows_seed_002_timetable():
    (year,) = plan_cycle(get_template("annual"), 2026)
    stages = {s.kind: s for s in year.stages}
    assert stages["consultation"].starts_on == date(2026, 7, 14)
    assert stages["reports"].ends_on == date(2027, 1, 31)
    titles = [a.title for s in year.stages for a in s.activities]
    assert "Present to the partnership and agree priorities" in titles
    # The "assess" step of scan, analyse, respond and assess closes the year.
    assert titles[-1] == "Review this year's process and note what to change next year"
    assert year.stages[-1].activities[-1].due_on == date(2027, 1, 31)


def _minimal(**year_overrides):
    year = {
        "kind": "annual",
        "stages": [
            {"kind": "consultation", "window": "year"},
            {"kind": "analysis", "window": "year"},
            {"kind": "reports", "window": {"start": "10-01", "end": "01-31"}},
        ],
    }
    year.update(year_overrides)
    return {"key": "t", "name": "T", "version": 1, "years": [year]}


def test_a_minimal_template_parses():
    assert parse_template(_minimal(), "t.yaml").year_count == 1


@pytest.mark.parametrize(
    "data,message",
    [
        ({"key": "t", "name": "T", "years": []}, "missing 'version'"),
        ({"key": "t", "name": "T", "version": 1, "years": []}, "at least one year"),
        (_minimal(kind="decade"), "unknown year kind 'decade'"),
        (_minimal(stages=[{"kind": "consultation", "window": "year"}]), "needs one each"),
    ],
)
def test_a_broken_template_says_what_is_wrong(data, message):
    with pytest.raises(TemplateError, match=message):
        parse_template(data, "t.yaml")


def test_a_bad_date_in_a_template_is_named():
    data = _minimal()
    data["years"][0]["stages"][2]["window"]["end"] = "02-30"
    with pytest.raises(TemplateError, match="'02-30' is not a month-day"):
        parse_template(data, "t.yaml")


def test_an_unknown_template_key_is_an_error():
    with pytest.raises(TemplateError, match="no cycle template called 'weekly'"):
        get_template("weekly")
