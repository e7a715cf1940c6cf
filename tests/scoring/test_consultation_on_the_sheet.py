"""The score sheet shows what consultation found: the public ranking's suggested
community-concerns score, and accepted rationale documents beside their issue."""

from django.urls import reverse
from django.utils import timezone

from consultation.models import RationaleDocument
from consultation.services import rationales, survey_responses
from scoring.models import ScoreSheet
from tests.consultation.conftest import SECTIONS, answers_for, build_survey

SLUG = "central-bedfordshire"


def test_the_public_ranking_suggests_a_community_concerns_score(
    client_as, cast, open_round, issues, year
):
    survey = build_survey(year)
    for n in range(3):
        survey_responses.submit_response(
            survey=survey,
            answers=answers_for(survey, issues),
            submission_id=f"s{n}",
            today=timezone.localdate(),
        )
    url = reverse(
        "scoring:sheet_issue",
        kwargs={"slug": SLUG, "round_id": open_round.pk, "issue_id": issues[1].pk},
    )
    page = client_as(cast["theme_specialist"]).get(url).content.decode()
    # Everyone ranked Reducing re-offending first: the top score.
    assert "Suggested from the public consultation: 5" in page
    assert "3 of 3 respondents ranked this issue" in page
    grid = (
        client_as(cast["theme_specialist"])
        .get(reverse("scoring:sheet", kwargs={"slug": SLUG, "round_id": open_round.pk}))
        .content.decode()
    )
    assert "Suggestion from the public consultation: 5" in grid


def test_no_ranking_answers_means_no_community_suggestion(client_as, cast, open_round, issues):
    url = reverse(
        "scoring:sheet_issue",
        kwargs={"slug": SLUG, "round_id": open_round.pk, "issue_id": issues[1].pk},
    )
    page = client_as(cast["theme_specialist"]).get(url).content.decode()
    assert "public consultation" not in page


def test_accepted_rationale_documents_are_listed_beside_their_issue(
    client_as, cast, open_round, issues, year, partnership, membership_of
):
    jo, sam = (
        membership_of(cast["theme_specialist"], partnership),
        membership_of(cast["analyst"], partnership),
    )
    document = rationales.request_rationale(
        year=year,
        issue=issues[1],
        specialist=jo,
        requested_by=sam,
        due_on=year.ends_on,
        message="Please cover repeat offenders.",
    )
    rationales.save_rationale(document=document, by=jo, sections=SECTIONS, submit=True)
    url = reverse("scoring:sheet", kwargs={"slug": SLUG, "round_id": open_round.pk})
    client = client_as(cast["theme_specialist"])
    assert "rationale by Jo Evans" not in client.get(url).content.decode()  # not accepted yet
    rationales.review_rationale(document=document, by=sam, accept=True)
    assert RationaleDocument.objects.get().state == RationaleDocument.State.ACCEPTED
    page = client.get(url).content.decode()
    assert f'href="/p/{SLUG}/consultation/rationale/{document.pk}/">by Jo Evans' in page
    assert ScoreSheet.objects.filter(round=open_round).count() == 2
