# ruff: noqa: F811 - the shared priorities fixtures are imported, then requested by name
"""The terms of reference in Chromium, axe-core on every page: the analyst drafts them,
records the board's agreement at a meeting that has taken place, starts version 2 and
sees what it changes; a board member reads them without the drafting buttons."""

import re

from django.utils import timezone
from playwright.sync_api import expect

from priorities.services.meetings import add_item, create_meeting
from priorities.terms_models import TermsDecision, TermsOfReference
from tests.e2e.conftest import assert_accessible, follow, sign_in
from tests.priorities.conftest import last_year, year  # noqa: F401 - shared fixtures

SLUG = "central-bedfordshire"


def test_the_analyst_drafts_the_terms_the_board_agrees_them_and_version_2_shows_changes(
    page, new_page, cast, partnership, year
):
    meeting = create_meeting(
        partnership=partnership, held_on=timezone.localdate(), title="Community Safety Executive"
    )
    item = add_item(meeting=meeting, title="Terms of reference for the assessment")

    sign_in(page, cast["analyst"])
    page.goto(f"/p/{SLUG}/priorities/years/{year.pk}/")
    page.get_by_role("link", name=re.compile("Terms of reference for the")).click()
    expect(page.get_by_test_id("no-terms")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Start the terms of reference").click()
    expect(page.get_by_role("heading", name=re.compile("version 1$"))).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Purpose").fill("Show the board where the risks are.")
    page.get_by_label("Who does what").fill("Lead analyst | Sam Taylor | Writes it\nBoard")
    page.get_by_role("button", name="Save draft").click()
    expect(
        page.get_by_test_id("error-summary").get_by_role("link", name="Line 2 needs three parts")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Who does what").fill(
        "Lead analyst | Sam Taylor | Writes it\nBoard | Community Safety Executive | Agrees it"
    )
    page.get_by_label("Sign-off").fill("The executive agrees the final assessment.")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Version 1 saved.")).to_be_visible()
    expect(page.get_by_test_id("roles")).to_contain_text("Community Safety Executive")
    assert_accessible(page)

    follow(page.get_by_role("link", name="Record the board's decision"))
    assert_accessible(page)
    page.get_by_role("button", name="Record decision").click()  # nothing chosen: refused
    expect(page.locator("#error_1_id_minute")).to_contain_text("Enter minute.")
    assert_accessible(page)
    page.get_by_label("Agenda item").select_option(str(item.pk))
    page.get_by_label("Agreed", exact=True).check()
    page.get_by_label("Minute").fill("Agreed as drafted.")
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_text(re.compile("Decision recorded: version 1, agreed"))).to_be_visible()
    expect(page.get_by_test_id("terms-version")).to_contain_text("agreed by the board")
    expect(page.get_by_test_id("terms-decision")).to_contain_text("Agreed as drafted.")
    assert_accessible(page)
    assert TermsDecision.objects.get().snapshot["purpose"] == "Show the board where the risks are."

    page.get_by_role("link", name=re.compile("Community Safety Executive, ")).click()
    expect(page.get_by_text("Terms of reference, version 1: agreed.")).to_be_visible()
    assert_accessible(page)

    page.go_back()
    page.get_by_role("button", name="Start version 2").click()
    expect(page.get_by_text(re.compile("Version 2 started as a draft"))).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Purpose").fill("Show the board where the risks and the gaps are.")
    page.get_by_role("button", name="Save draft").click()
    changes = page.get_by_test_id("changes")
    expect(changes.get_by_role("row", name=re.compile("^Purpose"))).to_contain_text(
        "the risks and the gaps"
    )
    expect(changes.get_by_role("row")).to_have_count(2)  # the header and the purpose
    assert_accessible(page)
    assert TermsOfReference.objects.get(version=1).purpose == "Show the board where the risks are."

    chris = new_page()
    sign_in(chris, cast["board_member"])
    chris.goto(f"/p/{SLUG}/priorities/years/{year.pk}/terms/")
    expect(chris.get_by_test_id("terms-version")).to_contain_text("Version 2: draft")
    expect(chris.get_by_role("link", name="Change the draft")).to_have_count(0)
    assert_accessible(chris)
    response = chris.goto(
        f"/p/{SLUG}/priorities/terms/{TermsOfReference.objects.get(version=2).pk}/edit/"
    )
    assert response.status == 403
