"""Consultation fixtures: a year with a long list, a rationale request to jo, an open
public survey with every kind of question, and helpers for attachments."""

import io
import zipfile
from datetime import date

import pytest
from django.utils import timezone

from consultation.models import Question, Survey
from consultation.services import rationales, survey_responses, surveys
from cycles.services import save_issue

TITLES = ["Anti-social behaviour", "Domestic abuse", "Shoplifting"]


def docx_bytes() -> bytes:
    """A minimal .docx. Its parts carry a fixed date, so every call gives the same bytes
    (a zip records each part's time to two seconds: two calls either side of a tick
    differed)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in (
            ("[Content_Types].xml", "<Types/>"),
            ("word/document.xml", "<document/>"),
        ):
            archive.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), text)
    return buffer.getvalue()


PDF = b"%PDF-1.4\n% test\n"


@pytest.fixture
def issues(year):
    return [save_issue(year=year, title=title) for title in TITLES]


@pytest.fixture
def rationale(year, issues, cast, member):
    return rationales.request_rationale(
        year=year,
        issue=issues[1],
        specialist=member(cast["theme_specialist"]),
        requested_by=member(cast["analyst"]),
        due_on=date(2026, 10, 9),
        message="Please cover repeat victims.",
    )


SECTIONS = {
    "key_information": "Reports rose by a tenth.",
    "current_work": "Refuge outreach and IDVA service.",
    "progress": "Repeat referrals are falling.",
    "gaps": "Little data from health.",
    "recommendations": "Fund a health IDVA.",
    "data_sources": "Police recorded crime; MARAC.",
}


@pytest.fixture
def submitted(rationale, cast, member):
    return rationales.save_rationale(
        document=rationale, by=member(cast["theme_specialist"]), sections=SECTIONS, submit=True
    )


def build_survey(year, *, audience=Survey.Audience.PUBLIC, requires_token=False, publish=True):
    today = timezone.localdate()
    survey = surveys.save_survey(
        year=year,
        title="Your views on crime and safety" if audience == "public" else "Partner views",
        audience=audience,
        opens_on=date(2026, 1, 1) if today.year >= 2026 else today,
        closes_on=date(today.year + 1, 12, 31),
        requires_token=requires_token,
    )
    surveys.save_question(
        survey=survey,
        kind=Question.Kind.RANKING,
        text="Which issues matter most to you?",
        required=True,
    )
    surveys.save_question(
        survey=survey,
        kind=Question.Kind.SINGLE,
        text="Do you feel safe after dark?",
        options=["Yes", "No", "Not sure"],
    )
    surveys.save_question(
        survey=survey,
        kind=Question.Kind.MULTIPLE,
        text="Where do you hear about our work?",
        options=["Website", "Newspaper", "Meetings"],
    )
    surveys.save_question(survey=survey, kind=Question.Kind.RATING, text="How safe is your street?")
    surveys.save_question(survey=survey, kind=Question.Kind.TEXT, text="Anything else?")
    if publish:
        # published while the fixed year ran, whatever the calendar says now
        survey = surveys.publish_survey(survey=survey, by=None, today=min(today, year.ends_on))
    return survey


@pytest.fixture
def survey(year, issues):
    return build_survey(year)


@pytest.fixture
def partner_survey(year, issues):
    return build_survey(year, audience=Survey.Audience.PARTNER)


def answers_for(survey, issues, *, text="More patrols near the station, please."):
    q = {question.kind: question for question in survey.questions.all()}
    return {
        q["ranking"].pk: [issues[1].pk, issues[0].pk],
        q["single"].pk: "No",
        q["multiple"].pk: ["Website", "Meetings"],
        q["rating"].pk: 2,
        q["text"].pk: text,
    }


@pytest.fixture
def responses(survey, issues):
    today = timezone.localdate()
    made = []
    for n, text in enumerate(
        ["Street lights are out on Elm Road.", "John Smith at no. 4 deals drugs."]
    ):
        made.append(
            survey_responses.submit_response(
                survey=survey,
                answers=answers_for(survey, issues, text=text),
                submission_id=f"sub-{n}",
                today=today,
            )
        )
    return made


@pytest.fixture
def mark(partnership):
    """A second theme specialist, not asked for the fixture's rationale."""
    from partnerships.models import Membership, Role
    from tests.conftest import make_user

    user = make_user("mark@example.org", "Mark", "Reed")
    Membership.objects.create(user=user, partnership=partnership, role=Role.THEME_SPECIALIST)
    return user
