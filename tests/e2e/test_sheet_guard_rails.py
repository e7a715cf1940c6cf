"""Issue 17 in Chromium, axe-core on every page: a scorer types a bad value among good
ones, sees it marked and counted, is warned before leaving, and after a reload finds
the good ones saved; then submits an incomplete sheet only after a confirmation that
says what is empty."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from cycles.services import create_cycle_from_template, save_issue
from scoring import services
from scoring.grid import cell_name
from scoring.matrix_files import load_shipped_matrices
from scoring.models import Matrix, Score, ScoreSheet
from tests.e2e.conftest import assert_accessible, sign_in

SLUG = "central-bedfordshire"
TITLES = ["Anti-social behaviour", "Domestic abuse"]


@pytest.fixture
def setting(partnership, cast, membership_of):
    load_shipped_matrices()
    year = create_cycle_from_template(
        partnership=partnership, template_key="four-year", start_year=2026
    ).years.get(number=1)
    issues = [save_issue(year=year, title=t) for t in TITLES]
    round_ = services.create_round(
        year=year,
        name="Autumn scoring 2026",
        matrix=Matrix.objects.get(partnership=None, key="csp-16", version=1),
        deadline=date(2026, 12, 18),
        issues=issues,
    )
    jo = membership_of(cast["theme_specialist"], partnership)
    for issue in issues:
        services.assign_scorers(round_=round_, issue=issue, scorers=[jo])
    services.open_round(round_=round_)
    return {
        "round": round_,
        "issues": issues,
        "criteria": list(round_.matrix.criteria.all()),
        "sheet": ScoreSheet.objects.get(round=round_),
        "url": f"/p/{SLUG}/scoring/rounds/{round_.pk}/sheet/",
    }


def _cell(page, setting, issue: int, criterion: int):
    name = cell_name(setting["issues"][issue].pk, setting["criteria"][criterion].pk)
    return page.locator(f"#{name}")


def test_a_bad_value_is_marked_and_the_good_ones_around_it_save(new_page, cast, setting):
    jo = new_page()
    dialogs = []

    def answer(dialog):
        dialogs.append(dialog.type)
        dialog.accept()

    jo.on("dialog", answer)
    sign_in(jo, cast["theme_specialist"])
    jo.goto(setting["url"])
    assert_accessible(jo)

    # "3", then a 7 (off the scale), "abc", "4", and "nk" on the next issue.
    _cell(jo, setting, 0, 0).focus()
    for value in ["3", "7", "abc", "4"]:
        jo.keyboard.type(value)
        jo.keyboard.press("ArrowRight")
    jo.keyboard.press("ArrowDown")  # to the row below, saving the cell it leaves
    jo.keyboard.type("nk")
    jo.keyboard.press("Tab")

    summary = jo.get_by_test_id("grid-summary")
    expect(summary.get_by_role("heading", name="2 scores not saved")).to_be_visible()
    expect(summary.get_by_role("link")).to_have_count(2)
    expect(jo.locator("#grid-status")).to_contain_text(
        re.compile(r"Saved at .* 3 of 32 scores entered\. 2 scores are not valid")
    )
    seven, abc = _cell(jo, setting, 0, 1), _cell(jo, setting, 0, 2)
    for cell, typed in ((seven, "7"), (abc, "abc")):
        expect(cell).to_have_value(typed)  # kept as typed until fixed
        expect(cell).to_have_attribute("aria-invalid", "true")
        expect(cell).to_have_accessible_description(
            re.compile("outside the scale|enter a whole number")
        )
    expect(seven).to_have_accessible_description(re.compile("7 is outside the scale 0 to 5"))
    expect(_cell(jo, setting, 0, 0)).not_to_have_attribute("aria-invalid", "true")
    assert_accessible(jo)
    assert Score.objects.filter(sheet=setting["sheet"]).count() == 3

    # The summary's link takes the scorer to the bad cell.
    summary.get_by_role("link", name=re.compile("7 is outside")).click()
    expect(seven).to_be_focused()

    # A score typed but not yet sent is counted too.
    _cell(jo, setting, 1, 5).focus()
    jo.keyboard.type("2")
    expect(jo.locator("#grid-pending")).to_have_text("1 score is not saved yet.")

    # Leaving warns first; the scorer leaves anyway.
    jo.reload()
    assert dialogs == ["beforeunload"]
    expect(jo.get_by_role("heading", name="Your scores: Autumn scoring 2026")).to_be_visible()
    assert_accessible(jo)
    for (issue, criterion), shown in {
        (0, 0): "3",
        (0, 1): "",
        (0, 2): "",
        (0, 3): "4",
        (1, 4): "NK",
    }.items():
        expect(_cell(jo, setting, issue, criterion)).to_have_value(shown)
    expect(jo.locator("#grid-status")).to_contain_text("3 of 32 scores entered.")

    # With everything saved, leaving does not warn.
    _cell(jo, setting, 0, 1).fill("5")
    _cell(jo, setting, 0, 1).press("Tab")
    expect(jo.locator("#grid-status")).to_contain_text("4 of 32 scores entered.")
    expect(jo.get_by_test_id("grid-summary")).to_have_count(0)
    jo.reload()
    assert dialogs == ["beforeunload"]


def test_an_incomplete_sheet_is_submitted_only_after_a_confirmation(new_page, cast, setting):
    issues, criteria = setting["issues"], setting["criteria"]
    services.save_scores(
        sheet=setting["sheet"],
        cells={(issues[0].pk, c.pk): (2, False) for c in criteria[:14]}
        | {(issues[1].pk, criteria[0].pk): (None, True)},
    )
    jo = new_page()
    dialogs = []
    jo.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.accept()))
    sign_in(jo, cast["theme_specialist"])
    jo.goto(setting["url"])
    assert_accessible(jo)
    jo.get_by_role("button", name="Submit my scores").click()

    confirm = jo.get_by_test_id("confirm-empty")
    expect(confirm.get_by_role("heading", name="Submit with 17 empty scores?")).to_be_visible()
    # "Not known" on Domestic abuse counts as an answer: 15 of 32 answered.
    expect(confirm).to_contain_text("You have answered 15 of 32 scores.")
    expect(confirm).to_contain_text(
        f"Anti-social behaviour: {criteria[14].name} and {criteria[15].name}"
    )
    expect(confirm).to_contain_text("Domestic abuse: 15 of 16 criteria")
    expect(confirm).to_be_focused()
    assert_accessible(jo)
    assert ScoreSheet.objects.get(pk=setting["sheet"].pk).status == "draft"

    confirm.get_by_role("button", name="Submit with 17 empty").click()
    expect(jo.get_by_text("Your scores are submitted. Thank you.")).to_be_visible()
    assert_accessible(jo)
    assert ScoreSheet.objects.get(pk=setting["sheet"].pk).status == "submitted"
    assert dialogs == []  # submitting is not leaving with unsaved work
