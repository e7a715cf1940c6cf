"""The results page pages free-text answers, 50 to a page, while its counts and charts
cover every answer; a moderated answer brings the moderator back to its own page."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from consultation.models import Answer, Response
from consultation.views.survey_results import TEXTS_PER_PAGE

SLUG = "central-bedfordshire"
TEXT = re.compile(r"Paged answer \d{3}")


def _answer(survey, start: int, count: int) -> None:
    text = survey.questions.get(kind="text")
    rating = survey.questions.get(kind="rating")
    for i in range(start, start + count):
        response = Response.objects.create(
            survey=survey, submission_id=f"paged-{i}", submitted_at=timezone.now()
        )
        Answer.objects.bulk_create(
            [
                Answer(
                    response=response,
                    question=text,
                    text=f"Paged answer {i:03d}",
                    published_text=f"Paged answer {i:03d}",
                ),
                Answer(response=response, question=rating, value=3),
            ]
        )


def _url(survey) -> str:
    return reverse("consultation:results", kwargs={"slug": SLUG, "survey_id": survey.pk})


@pytest.fixture
def analyst(client_as, cast):
    return client_as(cast["analyst"])


def test_free_text_is_paged_and_the_counts_cover_every_answer(analyst, survey):
    _answer(survey, 1, TEXTS_PER_PAGE + 7)
    first = analyst.get(_url(survey)).content.decode()
    second = analyst.get(_url(survey), {"page": 2}).content.decode()
    assert len(set(TEXT.findall(first))) == TEXTS_PER_PAGE
    assert set(TEXT.findall(second)) == {f"Paged answer {i:03d}" for i in range(51, 58)}
    for text in (first, second):
        assert "57 responses" in text and "Answered by 57 of 57" in text
        assert 'aria-label="Pagination"' in text
    # Moderation links number the answers across pages.
    assert "Moderate answer 51<" in second and "Moderate answer 1<" not in second


def test_a_bad_page_number_shows_the_nearest_page(analyst, survey):
    _answer(survey, 1, TEXTS_PER_PAGE + 1)
    for asked, shown in [("abc", 1), ("0", 1), ("999", 2)]:
        response = analyst.get(_url(survey), {"page": asked})
        assert response.status_code == 200
        assert f"Page {shown} of 2" in response.content.decode()


def test_the_queries_do_not_grow_with_the_answers(analyst, survey):
    _answer(survey, 1, TEXTS_PER_PAGE)
    analyst.get(_url(survey))
    with CaptureQueriesContext(connection) as one_page:
        analyst.get(_url(survey))
    _answer(survey, TEXTS_PER_PAGE + 1, TEXTS_PER_PAGE * 2)
    with CaptureQueriesContext(connection) as three_pages:
        assert "Page 1 of 3" in analyst.get(_url(survey)).content.decode()
    assert len(three_pages) == len(one_page)


def test_moderating_an_answer_returns_to_its_page(analyst, survey):
    _answer(survey, 1, TEXTS_PER_PAGE + 5)
    answer = Answer.objects.get(text="Paged answer 053")
    url = reverse(
        "consultation:moderate",
        kwargs={"slug": SLUG, "survey_id": survey.pk, "answer_id": answer.pk},
    )
    response = analyst.post(url, {"action": "hidden", "reason": "Names a person."})
    assert response.status_code == 302
    assert response.url == f"{_url(survey)}?page=2#answer-{answer.pk}"
