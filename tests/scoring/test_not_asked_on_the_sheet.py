"""An issue added to the long list after the public ranking was answered was never on
the survey: the sheet says so and suggests nothing, rather than a community-concerns
score of 0."""

from django.urls import reverse
from django.utils import timezone

from consultation.selectors import suggested_community_scores, survey_results
from consultation.services import survey_responses
from cycles.services import save_issue
from scoring.models import Assignment
from scoring.suggestions import COMMUNITY_CONCERNS
from tests.consultation.conftest import answers_for, build_survey

SLUG = "central-bedfordshire"


def _answered(year, issues):
    survey = build_survey(year)

    for n in range(3):
        survey_responses.submit_response(
            survey=survey,
            answers=answers_for(survey, issues),
            submission_id=f"s{n}",
            today=timezone.localdate(),
        )
    return survey


def test_an_issue_added_after_the_survey_gets_no_community_suggestion(
    client_as, cast, open_round, issues, year, scorer_of
):
    _answered(year, issues)
    late = save_issue(year=year, title="Knife crime")
    open_round.issues.add(late)
    Assignment.objects.create(
        round=open_round, issue=late, scorer=scorer_of(cast["theme_specialist"])
    )
    suggestions = suggested_community_scores(year)
    assert suggestions[late.pk].score is None
    assert suggestions[issues[2].pk].score == 0  # offered, nobody ranked it
    url = reverse(
        "scoring:sheet_issue",
        kwargs={"slug": SLUG, "round_id": open_round.pk, "issue_id": late.pk},
    )
    page = client_as(cast["theme_specialist"]).get(url).content.decode()
    community = open_round.matrix.criteria.get(key=COMMUNITY_CONCERNS)
    block = page.split(f'data-testid="suggestion-{community.pk}"')[1].split("</div>")[0]
    assert "No suggestion from the public consultation." in block
    assert "The survey did not ask about this issue" in block
    assert "respondents ranked this issue" not in block
    assert "Use the suggested score" not in block


def test_the_results_page_says_not_asked(client_as, cast, issues, year):
    survey = _answered(year, issues)
    save_issue(year=year, title="Knife crime")
    _, results = survey_results(survey, moderator=True)
    ranking = next(r for r in results if r.question.kind == "ranking")
    assert dict((title, s.score) for title, s in ranking.suggestions)["Knife crime"] is None
    url = reverse("consultation:results", kwargs={"slug": SLUG, "survey_id": survey.pk})
    page = client_as(cast["analyst"]).get(url).content.decode()
    assert '<th scope="row">Knife crime</th>' in page
    assert "Not asked" in page
