"""The public "you said, we did" page reads plainly: counts say whom they count, each
table's title sits above it, actions are a list without a stray dash, and the board's
later decisions and actions appear without republishing. The members' page revises a
published page in draft and publishes the revision over it."""

import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from consultation.services import survey_responses as consultation
from consultation.services import surveys
from priorities import rules
from priorities.models import Action, YouSaidWeDid
from priorities.services.meetings import raise_action, record_decision
from priorities.services.proposals import propose_priority
from priorities.services.you_said import draft_you_said_we_did, publish_you_said_we_did
from tests.consultation.conftest import answers_for, build_survey

SLUG = "central-bedfordshire"


@pytest.fixture
def consulted(year, issues, agreed):
    survey = build_survey(year)
    for n in range(12):
        consultation.submit_response(
            survey=survey,
            answers=answers_for(survey, issues),
            submission_id=f"s{n}",
            today=timezone.localdate(),
        )
    return survey


@pytest.fixture
def published(consulted, partnership, agreed, police):
    raise_action(
        partnership=partnership,
        owner_agency=police,
        title="Repeat victims panel",
        due_on=date(2027, 3, 1),
        raised_on=date(2027, 1, 20),
        decision=agreed.decisions.get(),
        priority=agreed,
    )
    return publish_you_said_we_did(page=draft_you_said_we_did(survey=consulted))


def _public(client, survey):
    url = reverse("public_you_said", kwargs={"slug": SLUG, "key": survey.public_key})
    return client.get(url).content.decode()


def test_text_blocks_make_bullets_a_list():
    blocks = rules.text_blocks("We agreed two priorities.\n\nWhat now:\n- Panel: open.\n- Map")
    assert blocks == [
        ("p", "We agreed two priorities."),
        ("p", "What now:"),
        ("ul", ["Panel: open.", "Map"]),
    ]


def test_the_ranking_table_says_whom_it_counts(client, published):
    body = _public(client, published.survey)
    assert ">People<" not in body
    assert '<th scope="col">Ranked first by</th>' in body
    assert '<th scope="col">Ranked at all by</th>' in body
    assert '<th scope="col">People who chose it</th>' in body


def test_each_table_has_its_title_above_it(client, published):
    body = _public(client, published.survey)
    tables = re.findall(r'<table class="([^"]*)"[^>]*>\s*<caption[^>]*>([^<]*)<', body)
    assert "Which issues matter most to you?" in [text for _, text in tables]
    assert all("caption-top" in classes for classes, _ in tables)


def test_actions_are_a_list_without_a_dash(client, published):
    body = _public(client, published.survey)
    assert "<li>- " not in body and "<li>• " not in body
    action = "Repeat victims panel (Bedfordshire Police), due 1 March 2027: open."
    assert f"<ul><li>{action}</li>" in body
    assert "<p>Still happening:</p>" in body


def test_later_decisions_and_actions_appear_without_republishing(
    client, published, year, issues, item, member, cast, partnership
):
    later = propose_priority(year=year, title="Domestic abuse", issues=[issues[2]])
    record_decision(
        item=item,
        priority=later,
        outcome="deferred",
        minute="Come back with data.",
        decided_by=member(cast["board_member"]),
        today=item.meeting.held_on,
    )
    Action.objects.filter(title="Repeat victims panel").update(status=Action.Status.DONE)
    body = _public(client, published.survey)
    decisions = body.split('data-testid="live-decisions"')[1].split("</table>")[0]
    assert "Domestic abuse" in decisions and "Deferred" in decisions
    actions = body.split('data-testid="live-actions"')[1].split("</table>")[0]
    assert "Repeat victims panel" in actions and "Done" in actions
    assert YouSaidWeDid.objects.get().public_did == published.public_did  # prose untouched


def test_the_analyst_revises_a_published_page_through_the_pages(client, client_as, cast, published):
    edit = reverse("priorities:you_said_edit", kwargs={"slug": SLUG, "page_id": published.pk})
    analyst = client_as(cast["analyst"])
    page = analyst.get(edit).content.decode()
    published_on = timezone.localtime(published.published_at)
    assert f"<strong>Published</strong> on {published_on:%-d %B %Y}." in page
    assert "Withdraw to change it" not in page
    assert "Publish the revision" not in page  # nothing to publish yet
    response = analyst.post(
        edit,
        {
            "title": "You said, we did: revised",
            "said": published.said.replace("\n", "\r\n"),  # as a browser sends it
            "did": "We acted on it.",
            "questions": [str(pk) for pk in published.questions],
        },
        follow=True,
    )
    page = response.content.decode()
    assert "The public still sees the published version" in page
    assert YouSaidWeDid.objects.get().said == published.said  # unchanged, not re-lined
    assert "Publish the revision" in page
    assert "We acted on it." not in _public(client, published.survey)
    analyst.post(reverse("priorities:you_said_publish", args=[SLUG, published.pk]))
    assert "We acted on it." in _public(client, published.survey)
    page = analyst.get(edit).content.decode()
    assert "Published “we did” changed" in page  # the history shows the revision


def test_withdrawing_asks_for_confirmation(client, client_as, cast, published):
    analyst = client_as(cast["analyst"])
    url = reverse("priorities:you_said_withdraw", args=[SLUG, published.pk])
    response = analyst.post(url, follow=True)
    assert "to confirm. Nothing was changed." in response.content.decode()
    assert YouSaidWeDid.objects.get().status == YouSaidWeDid.Status.PUBLISHED
    analyst.post(url, {"confirm": "1"})
    assert YouSaidWeDid.objects.get().status == YouSaidWeDid.Status.DRAFT


def test_who_may_publish_and_withdraw(client_as, cast, published):
    for name in ("you_said_publish", "you_said_withdraw"):
        url = reverse(f"priorities:{name}", args=[SLUG, published.pk])
        assert client_as(cast["board_member"]).post(url, {"confirm": "1"}).status_code == 403
        assert client_as(cast["outsider"]).post(url, {"confirm": "1"}).status_code == 404
    assert YouSaidWeDid.objects.get().status == YouSaidWeDid.Status.PUBLISHED


def test_a_closed_survey_and_the_priorities_page_link_to_its_published_page(client, published):
    survey = published.survey
    surveys.close_survey(survey=survey, by=None)
    page_url = reverse("public_you_said", kwargs={"slug": SLUG, "key": survey.public_key})
    closed = client.get(reverse("consultation_public:survey", args=[survey.public_key]))
    assert f'href="{page_url}">{published.public_title}</a>' in (closed.content.decode())
    summary = client.get(reverse("public_summary", kwargs={"slug": SLUG})).content.decode()
    assert f'<a href="{page_url}">{published.public_title}</a>' in summary


def test_a_draft_page_is_not_offered_to_the_public(client, consulted):
    draft = draft_you_said_we_did(survey=consulted)
    summary = client.get(reverse("public_summary", kwargs={"slug": SLUG})).content.decode()
    assert "You said, we did" not in summary
    assert draft.title not in summary
