"""A draft survey can be deleted, after a confirmation: one set up by mistake, or one
whose year ended before it was published (it can no longer be published, so deleting
it is the way to clear it). A published or closed survey is the record of what people
said: the page offers no delete, and a posted delete changes nothing."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from consultation.models import Question, Response, Survey, SurveyToken
from consultation.services import surveys

from .conftest import build_survey

SLUG = "central-bedfordshire"


def _delete_url(survey: Survey) -> str:
    return reverse("consultation:survey_delete", args=[SLUG, survey.pk])


def test_a_draft_is_deleted_with_its_questions_after_the_confirmation(
    client_as, cast, year, issues
):
    draft = build_survey(year, requires_token=True, publish=False)
    surveys.create_tokens(survey=draft, count=3)
    client = client_as(cast["analyst"])
    page = client.get(draft.get_absolute_url()).content.decode()
    assert _delete_url(draft) in page
    asked = client.get(_delete_url(draft)).content.decode()
    assert f"Delete {draft.title}?" in asked
    assert "5 questions will be deleted" in asked
    response = client.post(_delete_url(draft), {"confirm": "yes"}, follow=True)
    assert response.redirect_chain == [(reverse("consultation:surveys", args=[SLUG]), 302)]
    assert f"{draft.title} deleted." in response.content.decode()
    assert not Survey.objects.filter(pk=draft.pk).exists()
    assert not Question.objects.filter(survey_id=draft.pk).exists()
    assert not SurveyToken.objects.filter(survey_id=draft.pk).exists()


def test_a_post_without_the_confirmation_deletes_nothing(client_as, cast, year, issues):
    draft = build_survey(year, publish=False)
    response = client_as(cast["analyst"]).post(_delete_url(draft))
    assert response.status_code == 200  # the confirmation page again
    assert Survey.objects.filter(pk=draft.pk).exists()


def test_an_ended_years_draft_offers_delete_instead_of_publish(
    client_as, cast, year, issues, monkeypatch
):
    draft = build_survey(year, publish=False)
    monkeypatch.setattr("consultation.views.lookups.today", lambda: date(2027, 4, 1))
    page = client_as(cast["analyst"]).get(draft.get_absolute_url()).content.decode()
    assert "can no longer be published. You can delete it." in page
    assert _delete_url(draft) in page


@pytest.mark.parametrize("close", [False, True])
def test_a_published_or_closed_survey_is_not_deleted(client_as, cast, year, issues, close):
    survey = build_survey(year)
    if close:
        surveys.close_survey(survey=survey, by=None)
    client = client_as(cast["analyst"])
    assert _delete_url(survey) not in client.get(survey.get_absolute_url()).content.decode()
    response = client.post(_delete_url(survey), {"confirm": "yes"}, follow=True)
    assert response.redirect_chain == [(survey.get_absolute_url(), 302)]
    assert "Only a draft survey can be deleted." in response.content.decode()
    assert Survey.objects.filter(pk=survey.pk).exists()
    with pytest.raises(ValidationError, match="only a draft can be deleted"):
        surveys.delete_draft_survey(survey=survey)
    assert Survey.objects.filter(pk=survey.pk).exists()


def test_a_board_member_cannot_delete_a_draft(client_as, cast, year, issues):
    draft = build_survey(year, publish=False)
    response = client_as(cast["board_member"]).post(_delete_url(draft), {"confirm": "yes"})
    assert response.status_code == 403
    assert Survey.objects.filter(pk=draft.pk).exists()


def test_a_draft_with_responses_is_not_deleted(year, issues):
    """No page makes responses to a draft, but deleting would take any with it: the
    service refuses rather than lose what people said."""
    draft = build_survey(year, publish=False)
    Response.objects.create(survey=draft, submission_id="paper-1", submitted_at=timezone.now())
    with pytest.raises(ValidationError, match="has responses, so it cannot be deleted"):
        surveys.delete_draft_survey(survey=draft)
    assert Response.objects.filter(survey=draft).count() == 1
