"""The Serious Violence Duty in Chromium, axe-core on every page: the analyst marks the
strand on the long list, records which authorities took part (a bad entry is refused
and saves nothing), starts the strategic needs assessment and writes a section whose
preview shows the strand, and a scorer sees the serious violence strand on the sheet."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from analysis.sv_models import SvParticipation
from cycles.services import create_cycle_from_template, save_issue
from partnerships.models import Membership
from reports.models import Report
from scoring import services as scoring
from scoring.matrix_files import load_shipped_matrices
from scoring.models import Matrix
from tests.e2e.conftest import assert_accessible, follow, sign_in

SLUG = "central-bedfordshire"


@pytest.fixture
def setting(partnership, cast):
    load_shipped_matrices()
    year = create_cycle_from_template(
        partnership=partnership, template_key="four-year", start_year=2026
    ).years.get(number=1)
    knife = save_issue(year=year, title="Knife crime", theme="Victims")
    shop = save_issue(year=year, title="Shoplifting")
    return {"year": year, "knife": knife, "shop": shop}


def test_the_analyst_records_the_duty_and_a_scorer_sees_the_strand(
    page, new_page, cast, partnership, police, council, setting
):
    year = setting["year"]
    sign_in(page, cast["analyst"])

    # The long list: mark knife crime as serious violence, then filter to the strand.
    page.goto(f"/p/{SLUG}/years/{year.pk}/issues/")
    expect(page.get_by_role("heading", name=re.compile("Long list of issues"))).to_be_visible()
    assert_accessible(page)
    follow(page.get_by_role("link", name="Knife crime"))
    assert_accessible(page)
    page.get_by_label("Part of the serious violence strand").check()
    page.get_by_role("button", name="Save issue").click()
    expect(page.get_by_text("“Knife crime” saved.")).to_be_visible()
    page.get_by_role("link", name="Show the serious violence strand only").click()
    expect(page.get_by_text("Showing the serious violence strand only")).to_be_visible()
    expect(page.get_by_role("link", name="Knife crime")).to_be_visible()
    expect(page.get_by_role("link", name="Shoplifting")).to_have_count(0)
    assert_accessible(page)

    # Who took part.
    page.get_by_role("link", name="Analysis", exact=True).click()
    page.get_by_role("link", name="Serious violence").click()
    expect(page.get_by_role("heading", name="Serious Violence Duty")).to_be_visible()
    expect(page.get_by_test_id("sv-missing")).to_contain_text("6 kinds of specified authority")
    page.get_by_text("What the law asks").click()
    expect(page.get_by_test_id("sv-law")).to_contain_text("section 8(3)(a) and (b)")
    assert_accessible(page)
    page.get_by_role("link", name="Record an authority's part").click()
    expect(
        page.get_by_role("heading", name=re.compile("Record an authority's part"))
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_role("combobox", name=re.compile("^Authority")).select_option(
        label="Bedfordshire Police"
    )
    page.get_by_role("button", name="Record it").click()
    summary = page.get_by_test_id("error-summary")
    expect(
        summary.get_by_role("link", name="Choose at least one thing the authority contributed.")
    ).to_be_visible()
    assert_accessible(page)
    assert not SvParticipation.objects.exists()
    page.get_by_label("Shared data").check()
    page.get_by_label("Attended the partnership's meetings").check()
    page.get_by_label("Note", exact=True).fill("Knife crime extract for 2025-26.")
    page.get_by_role("button", name="Record it").click()
    expect(page.get_by_text("Bedfordshire Police recorded for year 1.")).to_be_visible()
    table = page.get_by_test_id("sv-participation")
    expect(table).to_contain_text("Chief officer of police")
    expect(table).to_contain_text("Shared data, Attended the partnership's meetings")
    expect(page.get_by_test_id("sv-missing")).to_contain_text("5 kinds of specified authority")
    assert_accessible(page)
    assert SvParticipation.objects.get().authority == "police"

    # The strategic needs assessment.
    page.get_by_role("link", name="Reports", exact=True).click()
    page.get_by_label("Kind of report").select_option(
        label="Serious violence strategic needs assessment"
    )
    page.get_by_role("button", name="Start the report").click()
    report = Report.objects.get(kind=Report.Kind.SNA)
    expect(page.get_by_role("heading", name=report.title)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Serious violence: the kinds in the area", exact=True).click()
    expect(
        page.get_by_role("heading", name="Serious violence: the kinds in the area", level=1)
    ).to_be_visible()
    page.get_by_label("Narrative").fill("Knife possession has risen for two years.")
    page.get_by_role("button", name="Save the section").click()
    expect(page.get_by_text("Serious violence: the kinds in the area saved.")).to_be_visible()
    preview = page.get_by_test_id("preview")
    expect(preview).to_contain_text("Knife possession has risen")
    expect(preview).to_contain_text("The serious violence strand of the long list")
    expect(preview).to_contain_text("Knife crime")
    assert_accessible(page)
    page.goto(f"{report.get_absolute_url()}sections/sv-partnership/")
    expect(page.get_by_test_id("preview")).to_contain_text("Bedfordshire Police")
    assert_accessible(page)

    # A scorer sees the strand on the sheet and the issue's own page.
    matrix = Matrix.objects.get(partnership=None, key="csp-16", version=1)
    round_ = scoring.create_round(
        year=year,
        name="Autumn scoring 2026",
        matrix=matrix,
        deadline=date(2026, 12, 18),
        issues=[setting["knife"], setting["shop"]],
    )
    jo = Membership.objects.get(user=cast["theme_specialist"], partnership=partnership)
    for issue in (setting["knife"], setting["shop"]):
        scoring.assign_scorers(round_=round_, issue=issue, scorers=[jo])
    scoring.open_round(round_=round_)
    scorer = new_page()
    sign_in(scorer, cast["theme_specialist"])
    scorer.goto(f"/p/{SLUG}/scoring/rounds/{round_.pk}/sheet/")
    links = scorer.get_by_test_id("issue-links")
    expect(links.get_by_role("listitem").filter(has_text="Knife crime")).to_contain_text(
        "Serious violence"
    )
    expect(links.get_by_role("listitem").filter(has_text="Shoplifting")).not_to_contain_text(
        "Serious violence"
    )
    assert_accessible(scorer)
    scorer.get_by_role("link", name="Knife crime", exact=True).click()
    expect(scorer.get_by_text("This issue is part of the serious violence strand.")).to_be_visible()
    assert_accessible(scorer)
