"""The survey page gives the public link once the survey is published (and after it
closes, saying what the link now shows); only a draft says "Available once published"."""

from django.urls import reverse

from consultation.models import Survey
from consultation.services import surveys

from .conftest import build_survey

SLUG = "central-bedfordshire"


def _page(client, survey):
    url = reverse("consultation:survey", args=[SLUG, survey.pk])
    return client.get(url).content.decode()


def test_a_published_survey_shows_its_public_link(client_as, cast, year, issues):
    survey = build_survey(year)
    assert survey.status == Survey.Status.PUBLISHED
    page = _page(client_as(cast["analyst"]), survey)
    link = reverse("consultation_public:survey", args=[survey.public_key])
    assert f'href="http://testserver{link}"' in page
    assert "Available once published" not in page
    assert "Open now: share this link." in page


def test_a_draft_says_the_link_comes_with_publishing(client_as, cast, year, issues):
    survey = build_survey(year, publish=False)
    page = _page(client_as(cast["analyst"]), survey)
    assert "Available once published." in page
    assert survey.public_key not in page


def test_a_closed_survey_keeps_its_link_and_says_it_is_closed(client_as, cast, year, issues):
    survey = surveys.close_survey(survey=build_survey(year), by=None)
    page = _page(client_as(cast["admin"]), survey)
    assert survey.public_key in page
    assert "The survey is closed: the link now says so." in page


def test_the_survey_page_is_for_those_who_run_surveys(
    client_as, cast, year, issues, other_partnership
):
    survey = build_survey(year)
    url = reverse("consultation:survey", args=[SLUG, survey.pk])
    assert client_as(cast["board_member"]).get(url).status_code == 403
    assert client_as(cast["outsider"]).get(url).status_code == 404
