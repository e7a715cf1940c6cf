"""axe-core on the scoring pages the journeys do not already check."""

import io
import re

from openpyxl import Workbook
from playwright.sync_api import expect

from scoring import services
from scoring.models import Criterion, Matrix
from tests.e2e.conftest import assert_accessible, sign_in
from tests.e2e.test_scoring_journeys import closed_round, setting  # noqa: F401 - fixtures

SLUG = "central-bedfordshire"


def test_remaining_scoring_pages(page, new_page, cast, closed_round, setting, partnership):  # noqa: F811
    sign_in(page, cast["admin"])
    shipped = Matrix.objects.get(partnership=None, key="csp-16")
    own = services.copy_matrix(matrix=shipped, partnership=partnership)
    criterion = Criterion.objects.filter(matrix=own).first()
    year = setting["year"]
    for url, heading in [
        (f"/p/{SLUG}/scoring/matrices/", "Scoring matrices"),
        (f"/p/{SLUG}/scoring/matrices/{shipped.pk}/", str(shipped)),
        (f"/p/{SLUG}/scoring/matrices/{own.pk}/edit/", f"Edit {own}"),
        (f"/p/{SLUG}/scoring/criteria/{criterion.pk}/edit/", f"Edit {criterion.name}"),
        (f"/p/{SLUG}/scoring/rounds/{closed_round.pk}/", closed_round.name),
        (f"/p/{SLUG}/years/{year.pk}/issues/", "Long list of issues, year 1 (2026-27)"),
        (f"/p/{SLUG}/years/{year.pk}/issues/new/", "Add an issue to year 1"),
    ]:
        page.goto(url)
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
        assert_accessible(page)

    # A scorer's per-issue page, and an import that fails with errors named by row.
    round_ = services.create_round(year=year, name="Second look", matrix=shipped,
                                   deadline=year.ends_on, issues=setting["issues"])
    from partnerships.models import Membership

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
        files=[{"name": "bad.xlsx", "mimeType": "application/octet-stream",
                "buffer": buffer.getvalue()}]
    )
    scorer.get_by_role("button", name="Import scores").click()
    expect(scorer.get_by_role("heading", name="The workbook was not imported")).to_be_visible()
    expect(scorer.get_by_test_id("import-errors")).to_contain_text(
        re.compile("Row 2, column 'Media attention': 9 is outside the scale 0 to 5.")
    )
    assert_accessible(scorer)
