"""You said, we did: drafted from a consultation's results and the board's decisions,
edited by the analyst, published for the public with small numbers banded."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from consultation.services import survey_responses as consultation
from priorities import rules
from priorities.models import YouSaidWeDid
from priorities.services.you_said import (
    draft_you_said_we_did,
    publish_you_said_we_did,
    update_you_said_we_did,
    withdraw_you_said_we_did,
)
from tests.consultation.conftest import answers_for, build_survey

SLUG = "central-bedfordshire"


def test_the_board_s_decisions_become_sentences():
    text = rules.draft_we_did(
        [
            {
                "title": "Anti-social behaviour",
                "emphasis": "Emphasis on repeat victims",
                "outcome": "agreed",
                "decided_on": "20 January 2027",
                "lead_agency": "Police",
            },
            {
                "title": "Drug dealing",
                "emphasis": "",
                "outcome": "agreed_with_amendments",
                "decided_on": "20 January 2027",
                "lead_agency": "",
            },
            {
                "title": "Hate crime",
                "emphasis": "",
                "outcome": "deferred",
                "decided_on": "20 January 2027",
                "lead_agency": "",
            },
        ],
        [
            {
                "title": "Repeat victims panel",
                "status": "Open",
                "owner_agency": "Council",
                "due_on": "1 March 2027",
            }
        ],
    )
    assert (
        "The board agreed “Anti-social behaviour” as a priority, emphasis on repeat victims "
        "(20 January 2027). Police leads it." in text
    )
    assert "The board deferred “Hate crime” (20 January 2027)." in text
    assert (
        "The board agreed “Drug dealing” as a priority with amendments (20 January 2027)." in text
    )
    assert "- Repeat victims panel (Council), due 1 March 2027: open." in text


@pytest.fixture
def consulted(year, issues, agreed):
    survey = build_survey(year)
    for n in range(7):
        consultation.submit_response(
            survey=survey,
            answers=answers_for(survey, issues),
            submission_id=f"s{n}",
            today=timezone.localdate(),
        )
    return survey


def test_drafting_reads_the_results_and_decisions_and_keeps_later_edits(consulted):
    partnership = consulted.year.cycle.partnership
    partnership.suppress_below = 5  # the partnership's own threshold: 7 shows as 7
    partnership.save()
    page = draft_you_said_we_did(survey=consulted)
    assert "people answered" not in page.said  # the page says how many took part, once
    assert "The issues you ranked most important were" in page.said
    # The last two are joined with "and", not a comma: "A, B and C."
    assert re.search(r"most important were [^,.]+, [^,.]+ and [^,.]+\.", page.said), page.said
    assert "The board agreed “Anti-social behaviour” as a priority" in page.did
    update_you_said_we_did(
        page=page,
        title=page.title,
        said="Edited.",
        did=page.did,
        questions=page.questions,
    )
    assert draft_you_said_we_did(survey=consulted).said == "Edited."


def test_a_published_page_is_revised_in_draft_and_published_over(client, consulted):
    page = publish_you_said_we_did(page=draft_you_said_we_did(survey=consulted))
    url = reverse("public_you_said", kwargs={"slug": SLUG, "key": consulted.public_key})
    first_did = page.did
    page = update_you_said_we_did(
        page=page, title="Revised title", said="We heard you.", did="We acted.", questions=[]
    )
    assert page.status == YouSaidWeDid.Status.PUBLISHED and page.has_unpublished_changes()
    body = client.get(url).content.decode()
    assert "Revised title" not in body and "We acted." not in body  # still the published one
    assert first_did.splitlines()[0] in body.replace("&ldquo;", "“").replace("&rdquo;", "”")
    published = publish_you_said_we_did(page=page)
    assert not published.has_unpublished_changes()
    body = client.get(url).content.decode()
    assert "Revised title" in body and "We acted." in body
    with pytest.raises(ValidationError, match="Nothing has changed since it was published"):
        publish_you_said_we_did(page=published)
    # History keeps both versions: the first publication and the revision over it.
    versions = [h.public_did for h in published.history.order_by("history_date", "history_id")]
    assert first_did in versions and "We acted." in versions


def test_withdrawing_takes_the_page_offline_and_keeps_the_working_copy(client, consulted):
    page = publish_you_said_we_did(page=draft_you_said_we_did(survey=consulted))
    page = withdraw_you_said_we_did(page=page)
    assert page.status == YouSaidWeDid.Status.DRAFT and page.said
    url = reverse("public_you_said", kwargs={"slug": SLUG, "key": consulted.public_key})
    assert client.get(url).status_code == 404
    with pytest.raises(ValidationError, match="not published"):
        withdraw_you_said_we_did(page=page)


def test_the_public_page_appears_only_when_published_and_bands_small_counts(
    client, client_as, cast, consulted
):
    page = draft_you_said_we_did(survey=consulted)
    url = reverse("public_you_said", kwargs={"slug": SLUG, "key": consulted.public_key})
    assert client.get(url).status_code == 404
    update_you_said_we_did(
        page=page,
        title=page.title,
        said=page.said,
        did=page.did,
        questions=page.questions,
    )
    publish_you_said_we_did(page=page)
    response = client.get(url)
    body = response.content.decode()
    assert response.status_code == 200
    assert "fewer than 10 people took part" in body.lower()
    assert body.lower().count("people took part") == 1 and "people answered" not in body
    assert "More patrols near the station" not in body  # free text is never published here
    assert (
        client.get(
            reverse("public_you_said", kwargs={"slug": "luton", "key": consulted.public_key})
        ).status_code
        == 404
    )


def test_who_may_draft_edit_and_publish(client_as, cast, consulted):
    draft = reverse("priorities:you_said_draft", kwargs={"slug": SLUG, "survey_id": consulted.pk})
    assert client_as(cast["board_member"]).post(draft).status_code == 403
    assert client_as(cast["outsider"]).post(draft).status_code == 404
    assert client_as(cast["analyst"]).post(draft).status_code == 302
    page = YouSaidWeDid.objects.get()
    edit = reverse("priorities:you_said_edit", kwargs={"slug": SLUG, "page_id": page.pk})
    assert client_as(cast["theme_specialist"]).get(edit).status_code == 403
    assert client_as(cast["outsider"]).get(edit).status_code == 404
    listing = reverse("priorities:you_said_list", kwargs={"slug": SLUG})
    assert client_as(cast["board_member"]).get(listing).status_code == 200
    assert client_as(cast["outsider"]).get(listing).status_code == 404
    client = client_as(cast["admin"])
    response = client.post(edit, {"title": "You said, we did", "said": "", "did": "x"})
    assert "Fill in “You said”." in response.content.decode()
    client.post(reverse("priorities:you_said_publish", kwargs={"slug": SLUG, "page_id": page.pk}))
    page.refresh_from_db()
    assert page.status == YouSaidWeDid.Status.PUBLISHED


def test_an_unpublished_survey_cannot_be_drafted(year, issues, agreed):
    survey = build_survey(year, publish=False)
    with pytest.raises(ValidationError, match="has not been published"):
        draft_you_said_we_did(survey=survey)


def test_done_actions_are_told_apart_from_those_still_happening():
    def action(title, status, state):
        return {"title": title, "status": status, "state": state, "owner_agency": "", "due_on": ""}

    text = rules.draft_we_did(
        [],
        [
            action("Repeat victims panel", "In progress", "in_progress"),
            action("Train the wardens", "Done", "done"),
            action("Buy a CCTV van", "Dropped", "dropped"),
        ],
    )
    assert "What is happening now" not in text
    done, still = text.index("Done:"), text.index("Still happening:")
    assert "- Train the wardens." in text[done:still]
    assert "- Repeat victims panel: in progress." in text[still:]
    assert "Buy a CCTV van" not in text
