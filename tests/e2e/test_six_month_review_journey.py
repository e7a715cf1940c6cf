# ruff: noqa: F811 - the shared priorities fixtures are imported, then requested by name
"""The six-month review in Chromium, axe-core on every page: the analyst opens the
watchlist and sees a non-priority flagged by the Poisson test, writes the review (what
changed in the data, which priorities hold), takes it to the board, and a board member
records the board's decision at the meeting."""

import re
from datetime import date

from django.utils import timezone
from playwright.sync_api import expect

from priorities.review_models import Review, ReviewDecision, ReviewPriority
from priorities.services.meetings import add_item, create_meeting, record_decision
from tests.e2e.conftest import assert_accessible, follow, sign_in
from tests.priorities.conftest import (  # noqa: F401 - shared fixtures
    closed_round,
    issues,
    last_year,
    proposal,
    year,
)
from tests.priorities.review_fixtures import police_counts  # noqa: F401 - shared fixture

SLUG = "central-bedfordshire"


def test_the_analyst_writes_the_six_month_review_and_the_board_decides_it(
    page, new_page, cast, partnership, year, proposal, police_counts, member
):
    # The board agreed the priority in April 2026: the assessment's data ends there,
    # and May and June 2026 have come in since.
    agreed_at = create_meeting(partnership=partnership, held_on=date(2026, 4, 10))
    record_decision(
        item=add_item(meeting=agreed_at, title="Priorities for 2026-27"),
        priority=proposal,
        outcome="agreed",
        minute="Agreed.",
        decided_by=member(cast["board_member"]),
        today=date(2026, 4, 10),
    )
    board = create_meeting(
        partnership=partnership, held_on=timezone.localdate(), title="Community Safety Executive"
    )
    item = add_item(meeting=board, title="Six-month review of the strategic assessment")

    sign_in(page, cast["analyst"])
    page.goto(f"/p/{SLUG}/")
    expect(page.get_by_text("Key changes on the watchlist")).to_be_visible()
    assert_accessible(page)

    page.goto(f"/p/{SLUG}/priorities/years/{year.pk}/")
    page.get_by_role("link", name="Open the watchlist and its key changes").click()
    flagged = page.get_by_test_id("flagged")
    expect(flagged).to_have_count(1)
    expect(flagged).to_contain_text("Vehicle crime")
    expect(flagged).to_contain_text("unlikely to be chance")
    expect(page.get_by_test_id("flagged-count")).to_have_text("1 issue flagged.")
    assert_accessible(page)

    page.get_by_role("link", name="The six-month review").click()
    expect(page.get_by_test_id("review-status")).to_contain_text("Draft.")
    assert_accessible(page)

    follow(page.get_by_role("link", name="Write the review"))
    assert_accessible(page)
    expect(page.get_by_label("The assessment's police data ends with")).to_have_value("2026-04-01")
    page.get_by_label("What changed in the data").fill(
        "Vehicle crime has tripled since the assessment. Burglary is level."
    )
    page.get_by_label(re.compile("does it still hold")).select_option("change")
    page.get_by_role("button", name="Save the review").click()
    summary = page.get_by_test_id("error-summary")
    expect(summary.get_by_role("link", name="Say what should change.")).to_be_visible()
    assert_accessible(page)
    assert not ReviewPriority.objects.exists()
    page.get_by_label(re.compile("does it still hold")).select_option("holds")
    page.get_by_label("Note on Anti-social behaviour").fill("Repeat victims are falling.")
    page.get_by_role("button", name="Save the review").click()
    expect(page.get_by_text("Review saved.")).to_be_visible()
    expect(page.get_by_test_id("data-summary")).to_contain_text("Vehicle crime has tripled")
    expect(page.get_by_text("May to June 2026 compared with May to June 2025.")).to_be_visible()
    expect(page.get_by_test_id("data-changes")).to_contain_text("Increase unlikely to be chance")
    expect(page.get_by_test_id("verdicts")).to_contain_text("Still holds")
    assert_accessible(page)

    follow(page.get_by_role("link", name="Take it to the board"))
    assert_accessible(page)
    page.get_by_label("Agenda item").select_option(str(item.pk))
    page.get_by_role("button", name="Take it to the board").click()
    expect(page.get_by_text(re.compile("The review is on the board's agenda"))).to_be_visible()
    expect(page.get_by_test_id("review-status")).to_contain_text("Taken to the board.")
    expect(page.get_by_role("link", name="Write the review")).to_have_count(0)
    assert_accessible(page)

    chris = new_page()
    sign_in(chris, cast["board_member"])
    chris.goto(f"/p/{SLUG}/priorities/years/{year.pk}/review/record/")
    expect(chris.get_by_test_id("data-summary")).to_contain_text("Vehicle crime has tripled")
    assert_accessible(chris)
    follow(chris.get_by_role("link", name="Record the board's decision"))
    assert_accessible(chris)
    chris.get_by_role("button", name="Record decision").click()  # nothing chosen: refused
    expect(chris.locator("#error_1_id_minute")).to_contain_text("Enter minute.")
    assert_accessible(chris)
    chris.get_by_label("Agreed", exact=True).check()
    chris.get_by_label("Minute").fill("The priority stands. Keep watching vehicle crime.")
    chris.get_by_role("button", name="Record decision").click()
    expect(
        chris.get_by_text(re.compile("Decision recorded: the review was agreed"))
    ).to_be_visible()
    expect(chris.get_by_test_id("review-status")).to_contain_text("Decided by the board.")
    expect(chris.get_by_test_id("review-decision")).to_contain_text("Keep watching vehicle crime")
    assert_accessible(chris)

    chris.get_by_role("link", name=re.compile("Community Safety Executive, ")).click()
    expect(chris.get_by_text("Six-month review: agreed.")).to_be_visible()
    assert_accessible(chris)

    review = Review.objects.get(year=year)
    assert review.status == Review.Status.DECIDED
    decision = ReviewDecision.objects.get(review=review)
    assert decision.item == item
    assert decision.snapshot["priorities"][0]["verdict"] == "Still holds"
