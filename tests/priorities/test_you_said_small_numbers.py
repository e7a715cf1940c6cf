"""A small count on the public "you said, we did" page cannot be worked out by
subtraction: where a question's counts add up to the people who took part, the count
hidden as "fewer than N" is hidden with another, and people who gave no answer are a
row of their own. A multiple-choice question's counts add up to nothing, so each small
one is hidden on its own."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from consultation.services import survey_responses as consultation
from priorities.services.you_said import draft_you_said_we_did, publish_you_said_we_did
from tests.consultation.conftest import answers_for, build_survey


def _page_text(client, survey, partnership):
    url = reverse("public_you_said", kwargs={"slug": partnership.slug, "key": survey.public_key})
    response = client.get(url)
    assert response.status_code == 200
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def _table(text, title, following):
    part = text[text.rindex(title) :]
    return part[: part.index(following)]


@pytest.fixture
def survey(year, issues, agreed):
    return build_survey(year)


def _answer(survey, issues, n, **by_kind):
    answers = answers_for(survey, issues)
    questions = {q.kind: q for q in survey.questions.all()}
    for kind, value in by_kind.items():
        if value is None:
            answers.pop(questions[kind].pk)
        else:
            answers[questions[kind].pk] = value
    consultation.submit_response(
        survey=survey, answers=answers, submission_id=f"s{n}", today=timezone.localdate()
    )


def test_one_small_answer_is_hidden_with_another(client, survey, issues, partnership):
    assert partnership.suppress_below == 10
    for n in range(12):
        _answer(survey, issues, n, single="Yes" if n == 0 else "No")
    page = publish_you_said_we_did(page=draft_you_said_we_did(survey=survey))
    text = _page_text(client, survey, partnership)
    assert "12 people took part" in text
    table = _table(text, "Do you feel safe after dark?", "Where do you hear")
    # Before, "No 11" was shown, so Yes was 12 - 11 - 0 = 1.
    assert "Yes fewer than 10 No not shown Not sure 0" in table
    assert "11" not in table
    assert "(11 people)" not in page.public_said
    assert "the most common answer was “No”." in page.public_said
    assert "another number is not shown either" in text


def test_a_page_drafted_while_answers_still_come_in_names_no_count(
    client, survey, issues, partnership
):
    """The sentence is written once; the table is worked out on each view. A count the
    sentence fixed at drafting would give away the one the table hides later."""
    for n in range(11):
        _answer(survey, issues, n, single="No")
    page = draft_you_said_we_did(survey=survey)
    _answer(survey, issues, 11, single="Yes")  # the survey is still open
    page = publish_you_said_we_did(page=page)
    text = _page_text(client, survey, partnership)
    table = _table(text, "Do you feel safe after dark?", "Where do you hear")
    assert "Yes fewer than 10 No not shown Not sure 0" in table
    assert "11" not in page.public_said
    assert "the most common answer was “No”." in page.public_said


def test_people_who_gave_no_answer_are_counted_with_the_rest(client, survey, issues, partnership):
    # 12 took part, 11 answered: "No 11" and 12 taking part would leave 1 unaccounted.
    for n in range(12):
        _answer(survey, issues, n, single=None if n == 0 else "No")
    publish_you_said_we_did(page=draft_you_said_we_did(survey=survey))
    table = _table(
        _page_text(client, survey, partnership), "Do you feel safe after dark?", "Where do you hear"
    )
    assert "Yes 0 No not shown Not sure 0 No answer fewer than 10" in table


def test_a_ranking_hides_first_choices_as_a_group(client, survey, issues, partnership):
    first, second = issues[0].pk, issues[1].pk
    for n in range(12):
        _answer(survey, issues, n, ranking=[first, second] if n == 0 else [second, first])
    publish_you_said_we_did(page=draft_you_said_we_did(survey=survey))
    table = _table(
        _page_text(client, survey, partnership), "Which issues matter most to you?", "Do you feel"
    )
    assert f"{issues[0].title} fewer than 10 12" in table
    assert f"{issues[1].title} not shown 12" in table


def test_multiple_choice_counts_are_hidden_one_by_one(client, survey, issues, partnership):
    for n in range(12):
        _answer(survey, issues, n, multiple=["Website", "Newspaper"] if n == 0 else ["Website"])
    publish_you_said_we_did(page=draft_you_said_we_did(survey=survey))
    table = _table(
        _page_text(client, survey, partnership), "Where do you hear about our work?", "How safe"
    )
    # Website 12 and Newspaper "fewer than 10": people may choose both, so 12 minus
    # anything shown says nothing about how many chose the newspaper.
    assert "Website 12 Newspaper fewer than 10 Meetings 0" in table
