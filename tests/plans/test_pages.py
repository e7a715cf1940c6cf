"""Every plan page: allowed for the roles that may, 403 for a member whose role may
not, 404 for a member of another partnership; bad input gets a clear message and
changes nothing."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from plans.models import Plan, PlanDecision, PlanRender, PlanSending
from plans.services import start_plan, update_plan
from priorities.models import Meeting
from tests.plans.conftest import agree_plan

SLUG = "central-bedfordshire"


def url(name, **kwargs):
    return reverse(f"plans:{name}", kwargs={"slug": SLUG, **kwargs})


@pytest.fixture
def draft(partnership, year, asb):
    return update_plan(
        plan=start_plan(partnership=partnership, year=year),
        summary="Focus on repeat victims.",
        engagement="Street surgeries.",
        involvement="Residents on the panel.",
        resources=[{"agency": "Bedfordshire Police", "commitment": "Two officers"}],
    )


@pytest.fixture
def agreed(draft, board_item, member, cast):
    return agree_plan(draft, board_item, member(cast["analyst"]))


def _messages(response):
    return " ".join(str(m) for m in response.context["messages"])


# Reading ---------------------------------------------------------------------------


def test_every_member_reads_the_plan_pages(client_as, cast, agreed):
    client = client_as(cast["theme_specialist"])
    for page in (url("index"), url("plan", plan_id=agreed.pk), url("changes", plan_id=agreed.pk)):
        response = client.get(page)
        assert response.status_code == 200, page
    body = client.get(url("plan", plan_id=agreed.pk)).content.decode()
    assert "Anti-social behaviour" in body and "Repeat victims of ASB" in body
    assert "Map repeat victims with the council" in body and "Two officers" in body
    assert "to check" in body, "an unverified statement of the law is marked"
    # A theme specialist is offered nothing they may not do.
    assert url("publish", plan_id=agreed.pk) not in body


def test_another_partnerships_member_gets_404_everywhere(client_as, cast, agreed):
    client = client_as(cast["outsider"])
    for page in (
        url("index"),
        url("start"),
        url("plan", plan_id=agreed.pk),
        url("edit", plan_id=agreed.pk),
        url("decision", plan_id=agreed.pk),
        url("publish", plan_id=agreed.pk),
        url("send", plan_id=agreed.pk),
        url("changes", plan_id=agreed.pk),
    ):
        assert client.get(page).status_code == 404, page
    for page in (url("refresh", plan_id=agreed.pk), url("pdf", plan_id=agreed.pk)):
        assert client.post(page).status_code == 404, page


def test_a_plan_of_another_partnership_is_not_found_under_ones_own(client_as, cast, agreed, lee):
    other = reverse("plans:plan", kwargs={"slug": "luton", "plan_id": agreed.pk})
    assert client_as(cast["outsider"]).get(other).status_code == 404


def test_a_board_member_may_not_draft_decide_publish_or_send(client_as, cast, draft):
    client = client_as(cast["board_member"])
    for page in (
        url("start"),
        url("edit", plan_id=draft.pk),
        url("decision", plan_id=draft.pk),
        url("publish", plan_id=draft.pk),
        url("send", plan_id=draft.pk),
    ):
        assert client.get(page).status_code == 403, page
    for page in (url("refresh", plan_id=draft.pk), url("pdf", plan_id=draft.pk)):
        assert client.post(page).status_code == 403, page
    assert Plan.objects.get().is_draft()


# Drafting --------------------------------------------------------------------------


def test_the_analyst_starts_the_plan_from_the_agreed_priorities(client_as, cast, year, asb):
    response = client_as(cast["analyst"]).post(url("start"), {"year": year.pk})
    plan = Plan.objects.get()
    assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    assert [p["title"] for p in plan.priorities] == ["Anti-social behaviour"]


def test_starting_without_agreed_priorities_says_why(client_as, cast, year):
    response = client_as(cast["analyst"]).post(url("start"), {"year": year.pk})
    assert response.status_code == 200
    assert "no priorities in force" in response.content.decode()
    assert not Plan.objects.exists()


def test_the_analyst_changes_the_draft(client_as, cast, draft):
    response = client_as(cast["admin"]).post(
        url("edit", plan_id=draft.pk),
        {
            "summary": "New summary.",
            "engagement": "Street surgeries.",
            "involvement": "Residents on the panel.",
            "resources": "Bedfordshire Police | Two officers\nCouncil | One caseworker",
        },
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.summary == "New summary." and len(draft.resources) == 2


def test_a_bad_resources_line_is_named_and_nothing_saved(client_as, cast, draft):
    response = client_as(cast["analyst"]).post(
        url("edit", plan_id=draft.pk),
        {"summary": "Changed.", "engagement": "", "involvement": "", "resources": "Police only"},
    )
    assert response.status_code == 200
    assert "Line 1 needs an agency and what it commits" in response.content.decode()
    draft.refresh_from_db()
    assert draft.summary == "Focus on repeat victims."


def test_the_analyst_sets_the_years_the_plan_covers(client_as, cast, draft):
    client = client_as(cast["analyst"])
    form = client.get(url("edit", plan_id=draft.pk)).content.decode()
    assert 'name="years"' in form
    response = client.post(
        url("edit", plan_id=draft.pk),
        {
            "years": "4",
            "summary": "Focus on repeat victims.",
            "engagement": "Street surgeries.",
            "involvement": "Residents on the panel.",
            "resources": "Bedfordshire Police | Two officers",
        },
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    first = draft.year.starts_on.year
    page = client.get(url("plan", plan_id=draft.pk)).content.decode()
    assert f"It covers the four years {first} to {first + 4}" in page
    assert f"Partnership plan {first} to {first + 4}" in page


def test_a_plan_of_nine_years_is_refused_with_the_range(client_as, cast, draft):
    response = client_as(cast["analyst"]).post(
        url("edit", plan_id=draft.pk),
        {"years": "9", "summary": "Changed.", "engagement": "", "involvement": "", "resources": ""},
    )
    assert response.status_code == 200
    assert "Choose from 1 to 5 years." in response.content.decode()
    draft.refresh_from_db()
    assert draft.years == 3 and draft.summary == "Focus on repeat victims."


def test_refreshing_takes_in_a_priority_agreed_since(client_as, cast, draft, year):
    from .conftest import agree

    agree(year, "Domestic abuse")
    response = client_as(cast["analyst"]).post(url("refresh", plan_id=draft.pk), follow=True)
    assert "Priorities refreshed: 2 in force now." in _messages(response)
    draft.refresh_from_db()
    assert len(draft.priorities) == 2


# The board's decision --------------------------------------------------------------


def test_the_analyst_records_the_boards_agreement(client_as, cast, draft, board_item):
    response = client_as(cast["analyst"]).post(
        url("decision", plan_id=draft.pk),
        {"item": board_item.pk, "outcome": "agreed", "minute": "Agreed.", "confirm": "on"},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Plan.Status.APPROVED


def test_a_decision_without_confirmation_is_refused(client_as, cast, draft, board_item):
    response = client_as(cast["analyst"]).post(
        url("decision", plan_id=draft.pk),
        {"item": board_item.pk, "outcome": "agreed", "minute": "Agreed."},
    )
    assert response.status_code == 200
    assert "Confirm that this is what the board decided." in response.content.decode()
    assert not PlanDecision.objects.exists()


def test_with_no_board_meeting_held_the_page_says_what_to_do(client_as, cast, draft):
    Meeting.objects.all().delete()
    response = client_as(cast["analyst"]).get(url("decision", plan_id=draft.pk), follow=True)
    assert "no agenda item at an open board meeting" in _messages(response)


def test_an_agreed_version_cannot_be_edited(client_as, cast, agreed):
    response = client_as(cast["analyst"]).get(url("edit", plan_id=agreed.pk), follow=True)
    assert "cannot change" in _messages(response)


# Publishing, sending and the PDF ---------------------------------------------------


def test_publishing_asks_first_then_publishes(client_as, cast, agreed):
    client = client_as(cast["analyst"])
    page = client.get(url("publish", plan_id=agreed.pk)).content.decode()
    assert "Yes, publish it" in page and "/public/central-bedfordshire/plan/" in page
    agreed.refresh_from_db()
    assert agreed.published_at is None, "the confirmation page alone publishes nothing"
    client.post(url("publish", plan_id=agreed.pk))
    agreed.refresh_from_db()
    assert agreed.published_at is not None


def test_a_draft_is_not_published(client_as, cast, draft):
    response = client_as(cast["analyst"]).post(url("publish", plan_id=draft.pk))
    assert response.status_code == 200
    assert "must agree it" in _messages(response)
    draft.refresh_from_db()
    assert draft.published_at is None


def test_recording_sending_to_the_commissioner(client_as, cast, agreed, pcc_office):
    client = client_as(cast["analyst"])
    response = client.post(
        url("send", plan_id=agreed.pk),
        {
            "sent_on": timezone.localdate().isoformat(),
            "agency": pcc_office.pk,
            "sent_to": "The commissioner's chief executive",
            "method": "email",
            "confirm": "on",
        },
        follow=True,
    )
    assert "sent to The commissioner's chief executive" in _messages(response)
    body = client.get(url("plan", plan_id=agreed.pk)).content.decode()
    assert "Sent on" in body and "Office of the Police and Crime Commissioner" in body


def test_a_sending_to_the_office_itself_names_it_once(client_as, cast, agreed, pcc_office):
    client = client_as(cast["analyst"])
    client.post(
        url("send", plan_id=agreed.pk),
        {
            "sent_on": timezone.localdate().isoformat(),
            "agency": pcc_office.pk,
            "sent_to": pcc_office.name,
            "method": "email",
            "confirm": "on",
        },
    )
    body = client.get(url("plan", plan_id=agreed.pk)).content.decode()
    sending = body.split('data-testid="plan-sending">', 1)[1].split("</li>", 1)[0]
    assert sending.count(pcc_office.name) == 1


def test_the_plan_pages_say_agreed_and_the_law_in_plain_words(client_as, cast, agreed):
    client = client_as(cast["analyst"])
    plan = client.get(url("plan", plan_id=agreed.pk)).content.decode()
    index = client.get(url("index")).content.decode()
    assert "agreed by the board." in plan and "approved" not in plan.lower()
    for body in (plan, index):
        assert "usually revised every year" in body
        assert "(to check: the regulations' exact requirement)" in body
        assert "classically" not in body.lower()


def test_a_sending_dated_tomorrow_is_refused(client_as, cast, agreed, pcc_office):
    response = client_as(cast["analyst"]).post(
        url("send", plan_id=agreed.pk),
        {
            "sent_on": (timezone.localdate() + timedelta(days=1)).isoformat(),
            "sent_to": "The commissioner",
            "method": "email",
            "confirm": "on",
        },
    )
    assert "cannot be in the future" in response.content.decode()
    assert not PlanSending.objects.exists()


def test_asking_for_the_pdf_records_a_render(
    client_as, cast, agreed, django_capture_on_commit_callbacks
):
    client = client_as(cast["analyst"])
    with django_capture_on_commit_callbacks() as sent:
        client.post(url("pdf", plan_id=agreed.pk))
        client.post(url("pdf", plan_id=agreed.pk))
    assert PlanRender.objects.filter(plan=agreed, status="queued").count() == 1
    assert len(sent) == 1, "a second press while one waits queues nothing more"


def test_no_pdf_of_a_draft(client_as, cast, draft):
    response = client_as(cast["analyst"]).post(url("pdf", plan_id=draft.pk), follow=True)
    assert "made once the board agrees it" in _messages(response)
    assert not PlanRender.objects.exists()


def test_a_pdf_not_made_is_not_found(client_as, cast, agreed):
    render = PlanRender.objects.create(plan=agreed, requested_at=timezone.now())
    page = url("pdf_download", render_id=render.pk)
    assert client_as(cast["board_member"]).get(page).status_code == 404
    assert client_as(cast["outsider"]).get(page).status_code == 404
