"""The public plan page: no sign-in, only a published version, never a draft."""

import pytest
from django.urls import reverse

from plans.services import publish_plan, record_plan_decision, start_plan, update_plan

PUBLIC = reverse("public_plan", kwargs={"slug": "central-bedfordshire"})
PUBLIC_PDF = reverse("public_plan_pdf", kwargs={"slug": "central-bedfordshire"})


@pytest.fixture
def agreed(partnership, year, asb, board_item, member, cast):
    plan = update_plan(
        plan=start_plan(partnership=partnership, year=year),
        summary="Focus on repeat victims.",
        engagement="Street surgeries.",
        involvement="Residents on the panel.",
        resources=[{"agency": "Bedfordshire Police", "commitment": "Two officers"}],
    )
    record_plan_decision(
        plan=plan,
        item=board_item,
        outcome="agreed",
        minute="Agreed.",
        recorded_by=member(cast["analyst"]),
    )
    plan.refresh_from_db()
    return plan


def test_nothing_shows_before_publication(client, agreed):
    body = client.get(PUBLIC).content.decode()
    assert "has not published its plan yet" in body
    assert "Focus on repeat victims." not in body
    assert client.get(PUBLIC_PDF).status_code == 404


def test_the_published_plan_reads_without_signing_in(client, agreed, member, cast):
    publish_plan(plan=agreed, by=member(cast["analyst"]))
    response = client.get(PUBLIC)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Focus on repeat victims." in body and "Anti-social behaviour" in body
    assert "Repeat victims of ASB" in body and "Two officers" in body
    assert '<meta name="viewport" content="width=device-width' in body


def test_an_unknown_partnership_is_not_found(client, db):
    assert client.get(reverse("public_plan", kwargs={"slug": "nowhere"})).status_code == 404
