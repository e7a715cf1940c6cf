"""Every consultation page for every role, and for a member of another partnership (404)."""

import pytest
from django.urls import reverse

from consultation.models import Answer, Question
from consultation.services import emerging_issues, rationales

from .conftest import build_survey, docx_bytes

MANAGERS = {"admin", "analyst"}
EVERYONE = {"admin", "analyst", "theme_specialist", "board_member"}
READERS = {"admin", "analyst", "board_member"}
WRITER = {"theme_specialist"}  # jo is asked for the rationale in these fixtures
ROLES = ["admin", "analyst", "theme_specialist", "board_member", "outsider"]


@pytest.fixture
def objects(
    year, issues, rationale, survey, responses, partner_survey, partnership, cast, member, media
):
    attachment = rationales.add_attachment(
        document=rationale,
        by=member(cast["theme_specialist"]),
        name="plan.docx",
        content=docx_bytes(),
    )
    draft = build_survey(year, publish=False)
    emerging = emerging_issues.log_emerging_issue(
        partnership=partnership, by=member(cast["board_member"]), title="Fly-tipping"
    )
    return {
        "year_id": year.pk,
        "rationale_id": rationale.pk,
        "attachment_id": attachment.pk,
        "survey_id": survey.pk,
        "partner_survey_id": partner_survey.pk,
        "draft_id": draft.pk,
        "question_id": draft.questions.get(kind=Question.Kind.TEXT).pk,
        "answer_id": Answer.objects.filter(question__kind="text").first().pk,
        "emerging_id": emerging.pk,
    }


# (url name, kwargs, method, roles allowed)
PAGES = [
    ("consultation:index", {}, "get", EVERYONE),
    ("consultation:rationales", {}, "get", EVERYONE),
    ("consultation:rationale_request", {"year_id": "year_id"}, "get", MANAGERS),
    ("consultation:rationale", {"rationale_id": "rationale_id"}, "get", MANAGERS | WRITER),
    ("consultation:rationale_write", {"rationale_id": "rationale_id"}, "get", WRITER),
    ("consultation:rationale_attach", {"rationale_id": "rationale_id"}, "get", WRITER),
    ("consultation:rationale_review", {"rationale_id": "rationale_id"}, "post", MANAGERS),
    (
        "consultation:attachment",
        {"rationale_id": "rationale_id", "attachment_id": "attachment_id"},
        "get",
        MANAGERS | WRITER,
    ),
    (
        "consultation:attachment_remove",
        {"rationale_id": "rationale_id", "attachment_id": "attachment_id"},
        "post",
        WRITER,
    ),
    ("consultation:surveys", {}, "get", EVERYONE),
    ("consultation:survey_new", {"year_id": "year_id"}, "get", MANAGERS),
    ("consultation:survey", {"survey_id": "survey_id"}, "get", MANAGERS),
    ("consultation:survey_edit", {"survey_id": "draft_id"}, "get", MANAGERS),
    ("consultation:survey_delete", {"survey_id": "draft_id"}, "get", MANAGERS),
    ("consultation:question_new", {"survey_id": "draft_id"}, "get", MANAGERS),
    (
        "consultation:question_edit",
        {"survey_id": "draft_id", "question_id": "question_id"},
        "get",
        MANAGERS,
    ),
    (
        "consultation:question_delete",
        {"survey_id": "draft_id", "question_id": "question_id"},
        "post",
        MANAGERS,
    ),
    ("consultation:survey_publish", {"survey_id": "draft_id"}, "post", MANAGERS),
    ("consultation:survey_close", {"survey_id": "survey_id"}, "post", MANAGERS),
    ("consultation:survey_tokens", {"survey_id": "survey_id"}, "post", MANAGERS),
    ("consultation:survey_answer", {"survey_id": "partner_survey_id"}, "get", EVERYONE),
    ("consultation:results", {"survey_id": "survey_id"}, "get", READERS),
    ("consultation:export_csv", {"survey_id": "survey_id"}, "get", READERS),
    ("consultation:export_xlsx", {"survey_id": "survey_id"}, "get", READERS),
    (
        "consultation:moderate",
        {"survey_id": "survey_id", "answer_id": "answer_id"},
        "get",
        MANAGERS,
    ),
    ("consultation:survey_import", {"survey_id": "survey_id"}, "get", MANAGERS),
    ("consultation:emerging", {}, "get", EVERYONE),
    ("consultation:emerging_triage", {"emerging_id": "emerging_id"}, "get", MANAGERS),
]


def _url(name, kwargs, objects, slug="central-bedfordshire"):
    return reverse(name, kwargs={"slug": slug, **{k: objects[v] for k, v in kwargs.items()}})


@pytest.mark.parametrize("name,kwargs,method,allowed", PAGES, ids=[p[0] for p in PAGES])
@pytest.mark.parametrize("role", ROLES)
def test_each_page_for_each_role(client_as, cast, objects, role, name, kwargs, method, allowed):
    client = client_as(cast[role])
    url = _url(name, kwargs, objects)
    response = getattr(client, method)(url)
    if role == "outsider":
        assert response.status_code == 404, url
    elif role in allowed:
        assert response.status_code in (200, 302), (role, url, response.status_code)
    else:
        assert response.status_code == 403, (role, url, response.status_code)


def test_signed_out_visitors_are_sent_to_sign_in(client, objects):
    response = client.get(_url("consultation:results", {"survey_id": "survey_id"}, objects))
    assert response.status_code == 302 and "/accounts/" in response["Location"]


def test_an_outsider_cannot_reach_objects_through_their_own_partnership(client_as, cast, objects):
    client = client_as(cast["outsider"])
    for name, kwargs, method, _ in PAGES:
        if not kwargs:
            continue
        response = getattr(client, method)(_url(name, kwargs, objects, slug="luton"))
        assert response.status_code == 404, name


def test_board_members_read_accepted_rationales_but_not_drafts(
    client_as, cast, objects, submitted, member
):
    client = client_as(cast["board_member"])
    url = _url("consultation:rationale", {"rationale_id": "rationale_id"}, objects)
    assert client.get(url).status_code == 403
    rationales.review_rationale(document=submitted, by=member(cast["analyst"]), accept=True)
    assert client.get(url).status_code == 200
    download = _url(
        "consultation:attachment",
        {"rationale_id": "rationale_id", "attachment_id": "attachment_id"},
        objects,
    )
    assert client.get(download).status_code == 200


def test_another_specialist_cannot_read_or_write_jos_draft(client_as, objects, mark):
    client = client_as(mark)
    url = _url("consultation:rationale", {"rationale_id": "rationale_id"}, objects)
    assert client.get(url).status_code == 403
    assert client.get(url + "write/").status_code == 403
