"""A NUL character in a request's address, query string or a posted value gets the
site's 400 page before any view reads it. PostgreSQL cannot store or compare such text:
these requests answered 500 there, most of them with no sign-in needed. The file runs
in both passes; on SQLite the old views did not fail, on PostgreSQL they did."""

# The fixtures come from two apps' conftest modules; the tests name them as arguments.
# ruff: noqa: F811

import pytest
from django.urls import reverse

from consultation.models import Response
from csp_assessment.nul_bytes import holds_nul
from scoring import services
from scoring.models import AgreedScore, Score
from tests.consultation.conftest import build_survey, survey  # noqa: F401 - fixtures
from tests.scoring.conftest import (  # noqa: F401 - fixtures
    csp16,
    fire,
    issues,
    mark,
    open_round,
    scorer_of,
)

SLUG = "central-bedfordshire"


def _refused(response):
    assert response.status_code == 400
    page = response.content.decode()
    assert "Sorry, the service could not read that request" in page
    assert "NUL" not in page and "Suspicious" not in page  # nothing technical


@pytest.mark.parametrize(
    "url",
    [
        "/survey/abc%00def/",
        "/public/central-bedfordshire/you-said-we-did/a%00b/",
        "/calendar/" + "a" * 30 + "%00" + "b" * 30 + ".ics",
        "/privacy/?partnership=a%00b",
        "/privacy/?a%00b=1",
    ],
)
def test_a_public_address_holding_a_nul_gets_the_400_page(client, survey, url):
    _refused(client.get(url))


def test_a_survey_link_whose_token_holds_a_nul_gets_the_400_page(client, year, issues):
    token_survey = build_survey(year, requires_token=True)
    _refused(client.get(f"/survey/{token_survey.public_key}/?t=a%00b"))
    assert not Response.objects.exists()


def test_switching_to_a_partnership_named_with_a_nul_gets_the_400_page(client_as, cast):
    _refused(client_as(cast["analyst"]).get(reverse("switch") + "?to=a%00b"))


def test_a_score_note_holding_a_nul_gets_the_400_page_and_saves_nothing(
    client_as, cast, open_round, issues
):
    criteria = list(open_round.matrix.criteria.all())
    url = reverse(
        "scoring:sheet_issue",
        kwargs={"slug": SLUG, "round_id": open_round.pk, "issue_id": issues[0].pk},
    )
    data = {f"value-{c.pk}": "" for c in criteria}
    data[f"value-{criteria[0].pk}"] = "3"
    data[f"note-{criteria[0].pk}"] = "Seen at the\x00workshop."
    _refused(client_as(cast["theme_specialist"]).post(url, data))
    assert not Score.objects.exists()


def test_a_moderation_rationale_holding_a_nul_gets_the_400_page_and_saves_nothing(
    client_as, cast, open_round, issues
):
    services.close_round(round_=open_round)
    criteria = list(open_round.matrix.criteria.all())
    url = reverse(
        "scoring:moderate_issue",
        kwargs={"slug": SLUG, "round_id": open_round.pk, "issue_id": issues[0].pk},
    )
    data = {f"agreed-{criteria[0].pk}": "3", "rationale": "Agreed\x00at the workshop."}
    _refused(client_as(cast["analyst"]).post(url, data))
    assert not AgreedScore.objects.exists()


def test_a_request_without_a_nul_goes_through(rf):
    assert not holds_nul(rf.get("/privacy/?partnership=central-bedfordshire"))
    assert not holds_nul(rf.post("/survey/abc/", {"note": "Lights out on Cross End."}))
    assert holds_nul(rf.post("/survey/abc/", {"no\x00te": "x"}))
