# ruff: noqa: F811 - the shared priorities fixtures are imported, then requested by name
"""A scorer's dashboard lists their open score sheet and the overdue rationale asked
of them; an analyst revises a published "you said, we did" page in draft while the
public keeps reading the published version, then publishes the revision over it."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from consultation.services import survey_responses as consultation
from priorities.services.you_said import draft_you_said_we_did, publish_you_said_we_did
from tests.consultation.conftest import answers_for, build_survey
from tests.cycles.test_waiting_for_you import _work_for
from tests.e2e.conftest import assert_accessible, sign_in
from tests.priorities.conftest import (  # noqa: F401 - fixtures shared with the unit tests
    agreed,
    closed_round,
    issues,
    item,
    last_year,
    meeting,
    proposal,
    year,
)


def test_a_scorer_sees_their_sheet_and_overdue_rationale_on_the_dashboard(
    page, cast, partnership, membership_of
):
    round_ = _work_for(
        partnership,
        {
            "scorer": membership_of(cast["theme_specialist"], partnership),
            "board": membership_of(cast["board_member"], partnership),
        },
    )
    sign_in(page, cast["theme_specialist"])
    waiting = page.get_by_test_id("waiting")
    expect(waiting.get_by_role("heading", name="Waiting for you")).to_be_visible()
    expect(page.get_by_text("Nothing is waiting for you")).to_have_count(0)
    expect(
        waiting.get_by_role("heading", name="Rationale documents to write (1, 1 overdue)")
    ).to_be_visible()
    rationale = waiting.get_by_role("listitem").filter(has_text="Domestic abuse")
    expect(rationale.get_by_text("Overdue", exact=True)).to_be_visible()
    sheet = waiting.get_by_role("listitem").filter(has_text="Your score sheet")
    expect(sheet.get_by_text("Overdue", exact=True)).to_have_count(0)
    expect(sheet).to_contain_text(f"due {round_.deadline:%-d %B %Y}")
    assert_accessible(page)

    sheet.get_by_role("link", name="Your score sheet for Autumn scoring").click()
    expect(page).to_have_url(re.compile(rf"/scoring/rounds/{round_.pk}/sheet/$"))
    assert_accessible(page)


@pytest.fixture
def published(year, issues, agreed):
    survey = build_survey(year)
    for n in range(12):
        consultation.submit_response(
            survey=survey,
            answers=answers_for(survey, issues),
            submission_id=f"s{n}",
            today=timezone.localdate(),
        )
    return publish_you_said_we_did(page=draft_you_said_we_did(survey=survey))


def test_analyst_revises_a_published_page_and_publishes_over_it(
    page, new_page, cast, partnership, published
):
    public_url = f"/public/{partnership.slug}/you-said-we-did/{published.survey.public_key}/"
    public = new_page(375)
    public.goto(public_url)
    expect(public.get_by_role("columnheader", name="Ranked first by")).to_be_visible()
    expect(public.get_by_role("heading", name="Where things stand now")).to_be_visible()
    assert_accessible(public)

    sign_in(page, cast["analyst"])
    page.goto(f"/p/{partnership.slug}/priorities/you-said-we-did/{published.pk}/")
    expect(page.get_by_role("button", name="Withdraw to change it")).to_have_count(0)
    assert_accessible(page)
    did = page.get_by_label("We did")
    did.fill(did.input_value() + "\nWe have written to every resident who took part.")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_test_id("revision-note")).to_be_visible()
    expect(page.get_by_test_id("preview")).to_contain_text("We have written to every resident")
    assert_accessible(page)

    public.reload()
    expect(public.get_by_text("We have written to every resident")).to_have_count(0)

    page.get_by_role("button", name="Publish the revision").click()
    expect(page.get_by_text("Published: the revision replaces the public version.")).to_be_visible()
    history = page.get_by_role("region", name="History")
    expect(
        history.get_by_role("cell", name=re.compile("Published “we did” changed")).first
    ).to_be_visible()
    assert_accessible(page)

    public.reload()
    expect(public.get_by_text("We have written to every resident who took part.")).to_be_visible()
    assert public.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(public)
