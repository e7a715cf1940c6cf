"""Scoring journeys in Chromium, axe-core on every page: the analyst opens a round, one
scorer scores by keyboard, another imports a workbook, neither sees the other's sheet,
the analyst moderates a divergent issue and a board member reads the ranking."""

import io
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from playwright.sync_api import expect

from cycles.services import create_cycle_from_template, save_issue
from partnerships.models import Agency, Membership, Role
from scoring import services
from scoring.matrix_files import load_shipped_matrices
from scoring.models import Criterion, Matrix, Round, Score, ScoreSheet
from tests.conftest import make_user
from tests.e2e.conftest import assert_accessible, follow, sign_in

SLUG = "central-bedfordshire"
TITLES = ["Anti-social behaviour", "Reducing re-offending", "Domestic abuse"]


@pytest.fixture
def setting(partnership, cast):
    load_shipped_matrices()
    year = create_cycle_from_template(
        partnership=partnership, template_key="four-year", start_year=2026
    ).years.get(number=1)
    issues = [save_issue(year=year, title=t) for t in TITLES]
    fire = Agency.objects.create(
        partnership=partnership,
        name="Bedfordshire Fire and Rescue",
        type=Agency.Type.FIRE_AND_RESCUE,
        is_responsible_authority=True,
    )
    mark = make_user("mark@example.org", "Mark", "Reed")
    Membership.objects.create(
        user=mark, partnership=partnership, role=Role.THEME_SPECIALIST, agency=fire
    )
    return {"year": year, "issues": issues, "mark": mark}


def test_a_round_is_opened_scored_by_keyboard_and_by_workbook_blind(page, new_page, cast, setting):
    # The analyst opens a round.
    sign_in(page, cast["analyst"])
    page.get_by_role("link", name="Scoring").click()
    expect(page.get_by_role("heading", name="Scoring rounds")).to_be_visible()
    assert_accessible(page)
    follow(page.get_by_role("link", name=re.compile("new round for year 1")))
    assert_accessible(page)
    page.get_by_label("Name").fill("Autumn scoring 2026")
    page.get_by_label("Deadline").fill((date.today() + timedelta(days=16)).isoformat())
    for title in TITLES:
        page.get_by_label(title).check()
    page.get_by_role("button", name="Create round").click()
    expect(page.get_by_role("heading", name="Choose who scores each issue")).to_be_visible()
    assert_accessible(page)
    for title in TITLES:
        page.get_by_label(f"Jo Evans scores {title}").check()
        page.get_by_label(f"Mark Reed scores {title}").check()
    page.get_by_role("button", name="Save scorers").click()
    expect(page.get_by_text("Scorers saved.")).to_be_visible()
    page.get_by_role("button", name="Open the round").click()
    expect(page.get_by_text("Autumn scoring 2026 is now open for scoring.")).to_be_visible()
    assert_accessible(page)
    round_ = Round.objects.get(name="Autumn scoring 2026")

    # Jo scores Anti-social behaviour in the grid by keyboard only.
    jo = new_page()
    sign_in(jo, cast["theme_specialist"])
    jo.goto(f"/p/{SLUG}/scoring/rounds/{round_.pk}/sheet/")
    assert_accessible(jo)
    first = jo.get_by_label("Anti-social behaviour: Gap in current picture", exact=True)
    first.focus()
    expect(jo.locator("#descriptor")).to_contain_text("We know very little")
    for value in ["3", "nk", "0", "4"]:
        jo.keyboard.type(value)
        jo.keyboard.press("ArrowRight")
    jo.keyboard.press("ArrowDown")  # moves to the row below, saving the last cell
    expect(jo.get_by_text(re.compile(r"Saved at .* 4 of 48 scores entered"))).to_be_visible()
    expect(jo.locator(f"#total-{setting['issues'][0].pk}")).to_have_text("7")
    jo_sheet = ScoreSheet.objects.get(round=round_, scorer__user=cast["theme_specialist"])
    values = list(
        Score.objects.filter(sheet=jo_sheet)
        .order_by("criterion__position")
        .values_list("value", "not_known")
    )
    assert values == [(3, False), (None, True), (0, False), (4, False)]
    jo.get_by_role("button", name="Submit my scores").click()
    # 4 of 48 filled: submitting asks first (issue 17).
    jo.get_by_role("button", name="Submit with 44 empty").click()
    expect(jo.get_by_text("Your scores are submitted. Thank you.")).to_be_visible()

    # Mark works offline: he downloads his sheet, fills it in and imports it.
    mark = new_page()
    sign_in(mark, setting["mark"])
    mark.goto(f"/p/{SLUG}/scoring/rounds/{round_.pk}/sheet/")
    expect(
        mark.get_by_label("Anti-social behaviour: Gap in current picture", exact=True)
    ).to_have_value("")
    with mark.expect_download() as download:
        mark.get_by_role("link", name="Download your sheet as a workbook").click()
    wb = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    ws = wb["Scores"]
    for row in range(2, 5):
        for column in range(2, 18):
            ws.cell(row, column).value = (
                5 if ws.cell(row, 1).value == "Anti-social behaviour" else 2
            )
    buffer = io.BytesIO()
    wb.save(buffer)
    mark.get_by_label("Completed workbook (.xlsx)").set_input_files(
        files=[
            {
                "name": "mark.xlsx",
                "mimeType": "application/octet-stream",
                "buffer": buffer.getvalue(),
            }
        ]
    )
    mark.get_by_role("button", name="Import scores").click()
    expect(mark.get_by_role("heading", name="Workbook imported")).to_be_visible()
    expect(mark.get_by_text("48 scores changed")).to_be_visible()
    assert_accessible(mark)

    # Neither sees the other's scores while the round is open.
    mark.goto(f"/p/{SLUG}/scoring/rounds/{round_.pk}/sheet/")
    expect(
        mark.get_by_label("Anti-social behaviour: Gap in current picture", exact=True)
    ).to_have_value("5")
    response = mark.goto(f"/p/{SLUG}/scoring/rounds/{round_.pk}/ranking/")
    assert response.status == 403
    jo.goto(f"/p/{SLUG}/scoring/rounds/{round_.pk}/sheet/")
    expect(jo.get_by_label("Domestic abuse: Media attention", exact=True)).to_have_value("")

    # The analyst sees who has submitted, not what they scored.
    page.goto(f"/p/{SLUG}/scoring/rounds/{round_.pk}/")
    expect(page.get_by_text("1 of 2 scorers have submitted.")).to_be_visible()
    asb = page.get_by_role("row", name=re.compile("^Anti-social behaviour"))
    expect(asb).to_contain_text("Jo Evans: submitted, 4")
    expect(asb).to_contain_text("Mark Reed: draft, 16")
    assert_accessible(page)


@pytest.fixture
def closed_round(setting, cast, partnership):
    matrix = Matrix.objects.get(partnership=None, key="csp-16")
    criteria = list(matrix.criteria.all())
    round_ = services.create_round(
        year=setting["year"],
        name="Autumn scoring",
        matrix=matrix,
        deadline=date(2026, 10, 24),
        issues=setting["issues"],
        threshold_value=2,
    )
    scorers = [
        Membership.objects.get(user=cast["theme_specialist"], partnership=partnership),
        Membership.objects.get(user=setting["mark"], partnership=partnership),
    ]
    for issue in setting["issues"]:
        services.assign_scorers(round_=round_, issue=issue, scorers=scorers)
    services.open_round(round_=round_)
    for n, scorer in enumerate(scorers):
        sheet = ScoreSheet.objects.get(round=round_, scorer=scorer)
        cells = {}
        for i, issue in enumerate(setting["issues"]):
            for c in criteria:
                # The scorers disagree sharply on Anti-social behaviour's media attention.
                value = (1 if n == 0 else 5) if (i == 0 and c.key == "media_attention") else 4 - i
                cells[(issue.pk, c.pk)] = (value, False)
        services.save_scores(sheet=sheet, cells=cells)
    return services.close_round(round_=round_)


def test_analyst_moderates_a_divergent_issue_and_the_board_reads_the_ranking(
    page, new_page, cast, closed_round, setting
):
    sign_in(page, cast["analyst"])
    page.goto(f"/p/{SLUG}/scoring/rounds/{closed_round.pk}/moderation/")
    assert_accessible(page)
    row = page.get_by_role("row", name=re.compile("Anti-social behaviour"))
    expect(row.get_by_role("cell").nth(1)).to_have_text("1")  # one divergent criterion
    page.get_by_role("link", name="Anti-social behaviour").click()
    media = page.get_by_role("row", name=re.compile("^Media attention"))
    expect(media.get_by_text("Divergent")).to_be_visible()
    assert_accessible(page)
    expect(page.get_by_label("Agreed value for Media attention")).to_have_value("3")
    page.get_by_label("Agreed value for Media attention").fill("5")
    page.get_by_label("Rationale").fill("Two local papers ran the story for a month.")
    page.get_by_role("button", name="Save agreed scores").click()
    expect(page.get_by_text("Agreed scores for “Anti-social behaviour” saved.")).to_be_visible()
    history = page.get_by_role("table", name="Changes to this issue's scores")
    expect(
        history.get_by_role("row", name=re.compile("Sam Taylor.*Media attention"))
    ).to_be_visible()
    assert_accessible(page)

    board = new_page()
    sign_in(board, cast["board_member"])
    board.goto(f"/p/{SLUG}/scoring/")
    board.get_by_role("link", name="Autumn scoring").click()
    expect(board.get_by_role("heading", name="Ranking: Autumn scoring")).to_be_visible()
    ranking = board.get_by_test_id("ranking")
    first = ranking.get_by_role("row").nth(1)
    expect(first).to_contain_text("Anti-social behaviour")
    expect(first).to_contain_text("Yes")
    heatmap = board.get_by_test_id("heatmap")
    expect(heatmap.get_by_role("row", name=re.compile("^Anti-social behaviour"))).to_contain_text(
        "5"
    )
    expect(board.get_by_role("img", name=re.compile("Bar chart"))).to_be_visible()
    assert_accessible(board)
    # The board reads; it does not moderate.
    response = board.goto(f"/p/{SLUG}/scoring/rounds/{closed_round.pk}/moderation/")
    assert response.status == 403


def test_remaining_scoring_pages_are_accessible(
    page, new_page, cast, closed_round, setting, partnership
):
    sign_in(page, cast["admin"])
    shipped = Matrix.objects.get(partnership=None, key="csp-16")
    own = services.copy_matrix(matrix=shipped, partnership=partnership)
    criterion = Criterion.objects.filter(matrix=own).first()
    year = setting["year"]
    for url, heading in [
        (f"/p/{SLUG}/scoring/matrices/", "Scoring matrices"),
        (f"/p/{SLUG}/scoring/matrices/{shipped.pk}/", str(shipped)),
        (f"/p/{SLUG}/scoring/matrices/{own.pk}/edit/", f"Change {own}"),
        (f"/p/{SLUG}/scoring/criteria/{criterion.pk}/edit/", f"Change {criterion.name}"),
        (f"/p/{SLUG}/scoring/rounds/{closed_round.pk}/", closed_round.name),
        (f"/p/{SLUG}/years/{year.pk}/issues/", "Long list of issues, year 1 (2026-27)"),
        (f"/p/{SLUG}/years/{year.pk}/issues/new/", "Add an issue to year 1"),
    ]:
        page.goto(url)
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
        assert_accessible(page)

    # A scorer's per-issue page, and an import that fails with errors named by row.
    round_ = services.create_round(
        year=year,
        name="Second look",
        matrix=shipped,
        deadline=year.ends_on,
        issues=setting["issues"],
    )
    jo = Membership.objects.get(user=cast["theme_specialist"], partnership=partnership)
    services.assign_scorers(round_=round_, issue=setting["issues"][0], scorers=[jo])
    services.open_round(round_=round_)
    scorer = new_page()
    sign_in(scorer, cast["theme_specialist"])
    scorer.goto(f"/p/{SLUG}/scoring/rounds/{round_.pk}/sheet/issues/{setting['issues'][0].pk}/")
    expect(scorer.get_by_role("heading", name="Anti-social behaviour")).to_be_visible()
    assert_accessible(scorer)
    scorer.get_by_label("Score").first.select_option("nk")
    scorer.get_by_label("Note (optional)").first.fill("Waiting for the council's data.")
    scorer.get_by_role("button", name="Save scores and notes").click()
    expect(scorer.get_by_text("Scores for “Anti-social behaviour” saved.")).to_be_visible()

    wb = Workbook()
    wb.active.append(["Issue", "Media attention"])
    wb.active.append(["Anti-social behaviour", 9])
    buffer = io.BytesIO()
    wb.save(buffer)
    scorer.get_by_label("Completed workbook (.xlsx)").set_input_files(
        files=[
            {
                "name": "bad.xlsx",
                "mimeType": "application/octet-stream",
                "buffer": buffer.getvalue(),
            }
        ]
    )
    scorer.get_by_role("button", name="Import scores").click()
    expect(scorer.get_by_role("heading", name="The workbook was not imported")).to_be_visible()
    expect(scorer.get_by_test_id("import-errors")).to_contain_text(
        re.compile("Row 2, column 'Media attention': 9 is outside the scale 0 to 5.")
    )
    assert_accessible(scorer)


# Every criterion header, on the sheet and the heatmap: its box holds all its text (a
# clipped or ellipsised name is wider or taller inside than its box shows).
CLIPPED_HEADERS = """(table) => [...table.querySelectorAll("th.crit span")]
    .filter((span) => span.scrollWidth > span.clientWidth || span.scrollHeight > span.clientHeight
        || getComputedStyle(span).textOverflow === "ellipsis"
        || span.closest("th").scrollHeight > span.closest("th").clientHeight)
    .map((span) => span.textContent)"""


@pytest.mark.parametrize("width", [1280, 390])
def test_criterion_names_head_the_sheet_and_the_heatmap_in_full(
    new_page, cast, closed_round, width
):
    names = [c.name for c in closed_round.matrix.criteria.all()]
    assert "Community concerns / public perception" in names
    scorer = new_page(width)
    sign_in(scorer, cast["theme_specialist"])
    scorer.goto(f"/p/{SLUG}/scoring/rounds/{closed_round.pk}/sheet/")
    grid = scorer.locator("table.score-grid")
    expect(grid.locator("th.crit")).to_have_text(names)
    assert grid.evaluate(CLIPPED_HEADERS) == []
    assert_accessible(scorer)

    board = new_page(width)
    sign_in(board, cast["board_member"])
    board.goto(f"/p/{SLUG}/scoring/rounds/{closed_round.pk}/ranking/")
    heatmap = board.get_by_test_id("heatmap")
    expect(heatmap.locator("th.crit")).to_have_text(names)  # spelled as on the sheet
    assert heatmap.evaluate(CLIPPED_HEADERS) == []
    assert_accessible(board)
