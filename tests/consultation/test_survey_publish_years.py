"""A draft survey made while its year ran is not published once the year has ended: the
page says why and offers no button, a posted publish is refused with the reason, and
the service refuses by the rule the surveys list uses. A running year's draft still
publishes."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from consultation.models import Survey
from consultation.services import surveys

from .conftest import build_survey

SLUG = "central-bedfordshire"
ENDED = "2026-27 has ended: a survey can only be published while its year has not ended."


def _on(monkeypatch, day: date) -> None:
    monkeypatch.setattr("consultation.views.lookups.today", lambda: day)


def _publish_url(survey: Survey) -> str:
    return reverse("consultation:survey_publish", args=[SLUG, survey.pk])


def test_publishing_a_draft_of_an_ended_year_is_refused_and_changes_nothing(
    client_as, cast, year, issues, monkeypatch
):
    draft = build_survey(year, publish=False)
    records = draft.history.count()
    _on(monkeypatch, date(2027, 4, 1))  # the day after 2026-27 ends
    response = client_as(cast["analyst"]).post(_publish_url(draft), follow=True)
    assert response.redirect_chain == [(draft.get_absolute_url(), 302)]
    page = response.content.decode()
    assert ENDED in page
    assert f"{draft.title} is published." not in page
    draft.refresh_from_db()
    assert draft.status == Survey.Status.DRAFT
    assert draft.history.count() == records


def test_an_ended_years_draft_says_why_it_has_no_publish_button(
    client_as, cast, year, issues, monkeypatch
):
    draft = build_survey(year, publish=False)
    client = client_as(cast["analyst"])
    _on(monkeypatch, date(2027, 3, 31))  # the year's last day: it still runs
    running = client.get(draft.get_absolute_url()).content.decode()
    assert _publish_url(draft) in running
    assert 'data-testid="not-publishable"' not in running
    _on(monkeypatch, date(2027, 4, 1))
    ended = client.get(draft.get_absolute_url()).content.decode()
    assert _publish_url(draft) not in ended
    assert "2026-27 has ended, so this draft can no longer be published." in ended


def test_a_running_years_draft_is_published_from_its_page(
    client_as, cast, year, issues, monkeypatch
):
    draft = build_survey(year, publish=False)
    _on(monkeypatch, date(2026, 11, 30))
    response = client_as(cast["analyst"]).post(_publish_url(draft), follow=True)
    assert f"{draft.title} is published." in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Survey.Status.PUBLISHED


def test_the_service_refuses_to_publish_in_an_ended_year_by_the_lists_rule(year, issues):
    draft = build_survey(year, publish=False)
    with pytest.raises(ValidationError, match=ENDED):
        surveys.publish_survey(survey=draft, by=None, today=date(2027, 4, 1))
    draft.refresh_from_db()
    assert draft.status == Survey.Status.DRAFT
    published = surveys.publish_survey(survey=draft, by=None, today=date(2027, 3, 31))
    assert published.status == Survey.Status.PUBLISHED
