"""An analyst splits a survey's results by one single-choice question, such as an area
or an age group: each answer is counted within each group, with its share of the people
in the group. A bad choice says so and the results still show unsplit."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from consultation import rules, selectors
from consultation.services import survey_responses

from .conftest import answers_for

SLUG = "central-bedfordshire"


def _url(survey) -> str:
    return reverse("consultation:results", kwargs={"slug": SLUG, "survey_id": survey.pk})


def _respond(survey, issues, n: int, **changes) -> None:
    q = {question.kind: question for question in survey.questions.all()}
    answers = answers_for(survey, issues)
    for kind, value in changes.items():
        if value is None:
            answers.pop(q[kind].pk)
        else:
            answers[q[kind].pk] = value
    survey_responses.submit_response(
        survey=survey, answers=answers, submission_id=f"split-{n}", today=timezone.localdate()
    )


def _cells(table: rules.SplitTable) -> dict[str, list[tuple[int, int]]]:
    return {label: [(c.count, c.percent) for c in cells] for label, cells in table.rows}


def test_counts_fall_in_each_group_with_shares_of_the_group():
    table = rules.split_counts(
        group_options=["North", "South"],
        group_of={1: "North", 2: "North", 3: "South"},
        respondents=[1, 2, 3, 4],
        options=["Website", "Meetings"],
        given=[(1, ["Website", "Meetings"]), (2, ["Website"]), (3, ["Meetings"]), (4, "Website")],
    )
    assert table.groups == [("North", 2), ("South", 1), (rules.NO_ANSWER, 1)]
    assert _cells(table) == {
        "Website": [(2, 100), (0, 0), (1, 100)],
        "Meetings": [(1, 50), (1, 100), (0, 0)],
    }


def test_no_answer_group_shows_only_when_someone_is_in_it_and_unknown_values_are_not_counted():
    table = rules.split_counts(
        group_options=["North", "South"],
        group_of={1: "North", 2: "Elsewhere"},
        respondents=[1],
        options=[1, 2],
        given=[(1, 2), (1, 7)],
    )
    assert table.groups == [("North", 1), ("South", 0)]
    assert _cells(table) == {"1": [(0, 0), (0, 0)], "2": [(1, 100), (0, 0)]}


@pytest.fixture
def split_survey(survey, issues):
    _respond(survey, issues, 1, single="Yes", rating=5)
    _respond(survey, issues, 2, single="Yes", rating=4)
    _respond(survey, issues, 3, single="No", rating=1)
    _respond(survey, issues, 4, single=None, rating=3)
    return survey


def test_the_analyst_splits_the_results_by_a_single_choice_question(client_as, cast, split_survey):
    by = split_survey.questions.get(kind="single")
    rating = split_survey.questions.get(kind="rating")
    page = client_as(cast["analyst"]).get(_url(split_survey), {"by": by.pk}).content.decode()
    assert f'<option value="{by.pk}" selected>' in page
    assert f'data-testid="split-{rating.pk}"' in page
    assert 'Yes <span class="fw-normal">(2 people)</span>' in page
    assert 'No answer <span class="fw-normal">(1 person)</span>' in page
    # The question split by is not split by itself; ranking and free text are not split.
    assert f'data-testid="split-{by.pk}"' not in page
    for kind in ("ranking", "text"):
        assert f'data-testid="split-{split_survey.questions.get(kind=kind).pk}"' not in page


def test_the_split_tables_count_what_was_answered(split_survey):
    by = split_survey.questions.get(kind="single")
    tables = selectors.split_results(split_survey, by)
    rating = _cells(tables[split_survey.questions.get(kind="rating").pk])
    assert rating["5"] == [(1, 50), (0, 0), (0, 0), (0, 0)]
    assert rating["1"] == [(0, 0), (1, 100), (0, 0), (0, 0)]
    assert rating["3"] == [(0, 0), (0, 0), (0, 0), (1, 100)]


def test_splitting_takes_as_many_queries_however_many_answers(
    client_as, cast, split_survey, issues
):
    client = client_as(cast["analyst"])
    by = split_survey.questions.get(kind="single")
    client.get(_url(split_survey), {"by": by.pk})
    with CaptureQueriesContext(connection) as few:
        client.get(_url(split_survey), {"by": by.pk})
    for n in range(5, 12):
        _respond(split_survey, issues, n, single="Not sure")
    with CaptureQueriesContext(connection) as many:
        client.get(_url(split_survey), {"by": by.pk})
    assert len(many) == len(few)


@pytest.mark.parametrize("wanted", ["999999", "not-a-number", "rating"])
def test_a_question_not_offered_is_refused_and_the_results_show_unsplit(
    client_as, cast, split_survey, wanted
):
    if wanted == "rating":
        wanted = str(split_survey.questions.get(kind="rating").pk)
    response = client_as(cast["analyst"]).get(_url(split_survey), {"by": wanted})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Choose one of the questions listed to split the results by." in page
    assert 'data-testid="split-' not in page.replace('data-testid="split-form"', "")
    assert "Answered by 4 of 4" in page


def test_a_theme_specialist_may_not_read_results_split_or_not(client_as, cast, split_survey):
    by = split_survey.questions.get(kind="single")
    client = client_as(cast["theme_specialist"])
    assert client.get(_url(split_survey), {"by": by.pk}).status_code == 403


def test_another_partnerships_member_gets_404(client_as, cast, split_survey, lee):
    by = split_survey.questions.get(kind="single")
    assert client_as(lee).get(_url(split_survey), {"by": by.pk}).status_code == 404


def test_the_overview_links_each_survey_where_the_reader_may_go(client_as, cast, survey):
    index = reverse("consultation:index", kwargs={"slug": SLUG})
    detail = reverse("consultation:survey", kwargs={"slug": SLUG, "survey_id": survey.pk})
    analyst = client_as(cast["analyst"]).get(index).content.decode()
    board = client_as(cast["board_member"]).get(index).content.decode()
    specialist = client_as(cast["theme_specialist"]).get(index).content.decode()
    assert f'href="{detail}"' in analyst
    assert f'href="{detail}"' not in board and f'href="{_url(survey)}"' in board
    assert f'href="{detail}"' not in specialist and f'href="{_url(survey)}"' not in specialist
    assert survey.title in specialist
