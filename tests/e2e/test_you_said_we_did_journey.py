# ruff: noqa: F811 - the shared priorities fixtures are imported, then requested by name
"""The analyst drafts, edits and publishes "you said, we did" for a consultation, and
a member of the public reads it on a phone."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from consultation.services import survey_responses as consultation
from consultation.services import surveys
from tests.consultation.conftest import answers_for, build_survey
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


@pytest.fixture
def consulted(year, issues, agreed):
    survey = build_survey(year)
    for n in range(12):
        consultation.submit_response(
            survey=survey,
            answers=answers_for(survey, issues),
            submission_id=f"s{n}",
            today=timezone.localdate(),
        )
    return survey


def test_analyst_publishes_you_said_we_did_and_the_public_reads_it(
    page, new_page, cast, consulted, partnership
):
    sign_in(page, cast["analyst"])
    page.goto(f"/p/{partnership.slug}/priorities/you-said-we-did/")
    expect(page.get_by_role("heading", name="You said, we did")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("Draft the page")).click()
    expect(page.get_by_text("Drafted from the survey and the board's decisions.")).to_be_visible()
    did = page.get_by_label("We did")
    expect(did).to_have_value(re.compile("The board agreed “Anti-social behaviour”"))
    assert_accessible(page)
    did.fill(did.input_value() + "\nWe have written to every resident who took part.")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_test_id("preview")).to_contain_text("We have written to every resident")
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("Published.")).to_be_visible()

    public = new_page(375)
    public.goto(f"/public/{partnership.slug}/you-said-we-did/{consulted.public_key}/")
    expect(public.get_by_role("heading", name=re.compile("You said, we did"))).to_be_visible()
    expect(public.get_by_text("12 people took part.")).to_be_visible()
    expect(public.get_by_text("We have written to every resident who took part.")).to_be_visible()
    assert public.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(public)

    # The resident finds it again from the partnership's priorities page...
    public.goto(f"/public/{partnership.slug}/priorities/")
    public.get_by_test_id("you-said-pages").get_by_role("link").click()
    expect(public.get_by_text("We have written to every resident who took part.")).to_be_visible()
    # ...and from the survey's own link, once the survey has closed.
    surveys.close_survey(survey=consulted, by=None)
    public.goto(f"/survey/{consulted.public_key}/")
    expect(public.get_by_role("heading", name="This survey is closed")).to_be_visible()
    expect(public.get_by_text(f"{partnership.name} is not taking answers")).to_be_visible()
    assert_accessible(public)
    public.get_by_test_id("read-on").get_by_role("link").click()
    expect(public.get_by_text("12 people took part.")).to_be_visible()
