"""Issue 14 in Chromium, axe-core on every page: a theme specialist declares an interest
in an issue on their sheet (its cells go, the reason shows), marks a score low
confidence and submits; the analyst then sees the interest on moderation, and that
issue's range leaves the scorer out."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from cycles.services import create_cycle_from_template, save_issue
from partnerships.models import Membership, Role
from scoring import services
from scoring.grid import cell_name, confidence_name
from scoring.matrix_files import load_shipped_matrices
from scoring.models import Interest, Matrix, Score, ScoreSheet
from tests.conftest import make_user
from tests.e2e.conftest import assert_accessible, sign_in

SLUG = "central-bedfordshire"
TITLES = ["Anti-social behaviour", "Domestic abuse"]
REASON = "My agency runs the anti-social behaviour service"


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
    mark = Membership.objects.create(
        user=make_user("mark@example.org", "Mark", "Reed"),
        partnership=partnership,
        role=Role.THEME_SPECIALIST,
    )
    for issue in issues:
        services.assign_scorers(round_=round_, issue=issue, scorers=[jo, mark])
    services.open_round(round_=round_)
    criteria = list(round_.matrix.criteria.all())
    sheets = {s.scorer_id: s for s in ScoreSheet.objects.filter(round=round_)}
    # Jo scored the first issue high before realising her interest; Mark scores both.
    services.save_scores(
        sheet=sheets[jo.pk],
        cells={(issues[0].pk, c.pk): (5, False) for c in criteria}
        | {(issues[1].pk, c.pk): (3, False) for c in criteria},
    )
    services.save_scores(
        sheet=sheets[mark.pk],
        cells={(i.pk, c.pk): (1, False) for i in issues for c in criteria},
    )
    services.submit_sheet(sheet=sheets[mark.pk])
    return {
        "round": round_,
        "issues": issues,
        "criteria": criteria,
        "jo": jo,
        "url": f"/p/{SLUG}/scoring/rounds/{round_.pk}/sheet/",
    }


def test_a_scorer_declares_an_interest_and_moderation_leaves_them_out(new_page, cast, setting):
    issues, criteria = setting["issues"], setting["criteria"]
    jo = new_page()
    sign_in(jo, cast["theme_specialist"])
    jo.goto(setting["url"])
    expect(jo.locator(f"#{cell_name(issues[0].pk, criteria[0].pk)}")).to_have_value("5")
    assert_accessible(jo)

    # Mark one score low confidence on the grid; it saves by itself.
    jo.locator(f"select[name={confidence_name(issues[1].pk, criteria[0].pk)}]").select_option("low")
    expect(jo.locator("#grid-status")).to_contain_text("Saved at")

    jo.get_by_role("link", name="Declare an interest in Anti-social behaviour").click()
    expect(jo.get_by_role("heading", name=re.compile("Declare an interest in"))).to_be_visible()
    assert_accessible(jo)
    jo.get_by_role("button", name="Declare the interest").click()  # no reason yet
    summary = jo.get_by_test_id("error-summary")
    expect(
        summary.get_by_role("link", name="Say briefly why you have an interest in this issue.")
    ).to_be_visible()
    assert_accessible(jo)
    assert not Interest.objects.exists()
    jo.get_by_label("Why you have an interest").fill(REASON)
    jo.get_by_role("button", name="Declare the interest").click()

    expect(jo.get_by_text("Interest in “Anti-social behaviour” declared.")).to_be_visible()
    expect(jo.locator(f"#{cell_name(issues[0].pk, criteria[0].pk)}")).to_have_count(0)
    expect(jo.get_by_test_id(f"interest-{issues[0].pk}")).to_contain_text(REASON)
    expect(jo.locator(f"#{cell_name(issues[1].pk, criteria[0].pk)}")).to_have_value("3")
    expect(jo.locator("#grid-status")).to_contain_text("16 of 16 scores entered.")
    assert_accessible(jo)

    # Every score asked for is in, so the sheet submits without a confirmation.
    jo.get_by_role("button", name="Submit my scores").click()
    expect(jo.get_by_text("Your scores are submitted. Thank you.")).to_be_visible()
    assert_accessible(jo)
    sheet = ScoreSheet.objects.get(round=setting["round"], scorer=setting["jo"])
    assert sheet.status == ScoreSheet.Status.SUBMITTED
    low = Score.objects.get(sheet=sheet, issue=issues[1], criterion=criteria[0])
    assert (low.value, low.confidence) == (3, "low")

    services.close_round(round_=setting["round"])
    analyst = new_page()
    sign_in(analyst, cast["analyst"])
    analyst.goto(f"/p/{SLUG}/scoring/rounds/{setting['round'].pk}/moderation/")
    row = analyst.get_by_role("row", name=re.compile("Anti-social behaviour"))
    expect(row.get_by_test_id("interests")).to_contain_text("1 interest declared: Jo")
    expect(row.get_by_test_id("interests")).to_contain_text(REASON)
    other = analyst.get_by_role("row", name=re.compile("Domestic abuse"))
    expect(other.get_by_test_id("low-confidence")).to_have_text("1")
    assert_accessible(analyst)

    analyst.get_by_role("link", name="Anti-social behaviour").click()
    expect(analyst.get_by_test_id("interests")).to_contain_text("1 interest declared")
    expect(analyst.get_by_test_id("interests")).to_contain_text(REASON)
    first = analyst.get_by_role("row", name=re.compile(criteria[0].name)).first
    # Only Mark's 1 counts: lowest, median and highest are all 1, and Jo's 5 is absent.
    expect(first).not_to_contain_text("5")
    expect(analyst.get_by_label(f"Agreed value for {criteria[0].name}")).to_have_value("1")
    assert_accessible(analyst)

    analyst.goto(f"/p/{SLUG}/scoring/rounds/{setting['round'].pk}/moderation/{issues[1].pk}/")
    expect(analyst.get_by_test_id("low-confidence-count")).to_contain_text(
        "1 value is marked low confidence"
    )
    expect(analyst.get_by_test_id("confidence")).to_have_count(1)
    assert_accessible(analyst)
