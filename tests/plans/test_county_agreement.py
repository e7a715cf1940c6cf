"""A county's plan is its community safety agreement (SI 2007/1830, regulation 9): every
page, the PDF, the public page and its link call it so and cite regulations 9 and 9A;
it lists the district priorities the county adopted and agreed, naming each district;
a district's members do not see the county's drafts unless they belong to the county."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from partnerships.models import Membership, Role
from plans import public, rendering, rules
from plans.dashboard import plan_steps
from plans.meeting_papers import plan_decisions
from plans.services import (
    publish_plan,
    refresh_priorities,
    start_plan,
    update_plan,
)
from priorities.models import Priority
from priorities.services.escalations import escalate_priority

from .conftest import adopt, agree, agree_plan

COUNTY = "safer-bedfordshire"


def url(name, **kwargs):
    return reverse(f"plans:{name}", kwargs={"slug": COUNTY, **kwargs})


@pytest.fixture
def draft(county, county_year, knife_crime, rural_crime):
    return update_plan(
        plan=start_plan(partnership=county, year=county_year),
        summary="Joint work where harm crosses district lines.",
        engagement="County-wide survey.",
        involvement="Residents' panel.",
        resources=[{"agency": "Warwickshire Police", "commitment": "A rural crime team"}],
    )


def _agree(plan, item, by):
    return agree_plan(plan, item, Membership.objects.get(user=by, partnership=plan.partnership))


@pytest.fixture
def agreed(draft, county_item, kim):
    return _agree(draft, county_item, kim)


def _body(client, page):
    response = client.get(page)
    assert response.status_code == 200, page
    return response.content.decode()


def _names_only_the_agreement(body, page):
    assert "community safety agreement" in body.lower(), page
    assert "partnership plan" not in body.lower(), page


# The rule ------------------------------------------------------------------------------


def test_only_a_county_makes_a_community_safety_agreement():
    assert rules.document("county").name == "community safety agreement"
    assert rules.document("county").title == "Community safety agreement"
    for kind in ("district", "unitary"):
        assert rules.document(kind) is rules.PARTNERSHIP_PLAN
        assert rules.document(kind).law == rules.LAW


def test_the_agreement_cites_regulations_9_and_9a_and_keeps_section_6_1a():
    cited = [c.citation for c in rules.document("county").law]
    assert "SI 2007/1830, regulation 9" in cited
    assert "SI 2007/1830, regulation 9A, inserted by SI 2012/2660" in cited
    assert not any("13A" in c or "3(1)(b)" in c for c in cited)
    assert rules.SECTION_6_1A in rules.LAW and rules.SECTION_6_1A in rules.AGREEMENT_LAW
    assert all(c.checked_against for c in rules.AGREEMENT_LAW)
    nine_a = next(c for c in rules.AGREEMENT_LAW if "9A" in c.citation)
    assert nine_a.status == rules.VERIFIED
    assert rules.TO_CHECK in {c.status for c in rules.AGREEMENT_LAW}


def test_what_changed_names_an_escalated_priority_and_its_district():
    before = {"escalations": [{"title": "Rural crime", "district": "Rugby"}]}
    after = {"escalations": [{"title": "Fraud", "district": "Warwick"}]}
    (section,) = rules.compare(before, after)
    assert section.section == rules.ESCALATED
    assert [(line.kind, line.text) for line in section.lines] == [
        ("added", "Fraud, from Warwick"),
        ("removed", "Rural crime, from Rugby"),
    ]


# The pages -----------------------------------------------------------------------------


def test_the_county_sees_the_community_safety_agreement_on_every_page(
    client_as, kim, draft, county_item
):
    client = client_as(kim)
    for page in (
        url("index"),
        url("start"),
        url("plan", plan_id=draft.pk),
        url("edit", plan_id=draft.pk),
        url("decision", plan_id=draft.pk),
        url("changes", plan_id=draft.pk),
    ):
        _names_only_the_agreement(_body(client, page), page)
    index = _body(client, url("index"))
    assert "<title>Community safety agreement" in index
    assert "<h1>Community safety agreement</h1>" in index
    assert "Versions of the community safety agreement</caption>" in index
    assert "The law behind the agreement" in index
    start = _body(client, url("start"))
    assert "The year the agreement starts from" in start
    edit = _body(client, url("edit", plan_id=draft.pk))
    assert f"Change the community safety agreement, version {draft.version}" in edit

    _agree(draft, county_item, kim)
    for page in (
        url("plan", plan_id=draft.pk),
        url("publish", plan_id=draft.pk),
        url("send", plan_id=draft.pk),
    ):
        _names_only_the_agreement(_body(client, page), page)
    send = _body(client, url("send", plan_id=draft.pk))
    assert "The county strategy group must send a copy of its agreement" in send
    assert "(SI 2007/1830, regulation 9A)" in send
    assert "I confirm the agreement was sent as recorded here." in send


def test_the_county_page_cites_regulations_9_and_9a_not_13a(client_as, kim, draft):
    body = _body(client_as(kim), url("plan", plan_id=draft.pk))
    assert "(SI 2007/1830, regulation 9; verified against" in body
    assert "(SI 2007/1830, regulation 9A, inserted by SI 2012/2660; verified against" in body
    assert "section 6(1A)" in body
    assert "13A" not in body and "3(1)(b)" not in body
    # A note on what is still to check keeps the instrument's capitals.
    assert "<strong>to check</strong>: not in the explanatory note to SI 2007/1830;" in body


def test_a_district_still_sees_the_partnership_plan_and_13a(client_as, cast):
    body = _body(client_as(cast["analyst"]), reverse("plans:index", args=["central-bedfordshire"]))
    assert "<h1>Partnership plan</h1>" in body and "regulation 13A" in body
    assert "3(1)(b)" in body
    assert "community safety agreement" not in body.lower() and "regulation 9A" not in body


def test_messages_name_the_agreement(client_as, kim, county, county_year, knife_crime):
    client = client_as(kim)
    response = client.post(url("start"), {"year": county_year.pk}, follow=True)
    plan = county.plans.get()
    assert "Community safety agreement" in str(plan)
    assert plan_steps(Membership.objects.get(user=kim), timezone.localdate())[0].kind == (
        "The community safety agreement"
    )
    assert "community safety agreement" in response.content.decode().lower()


def test_the_meeting_papers_name_the_agreement(agreed, county_item):
    (line,) = plan_decisions(county_item.meeting)
    assert line.paper.startswith("Community safety agreement ")
    assert line.paper.endswith(f"version {agreed.version}")


# What the agreement holds --------------------------------------------------------------


def test_the_escalated_priorities_show_with_their_district(
    client_as, kim, county_year, year, draft
):
    page = _body(client_as(kim), url("plan", plan_id=draft.pk))
    assert "Priorities the districts escalated to the county" in page
    assert (
        "<strong>Rural crime</strong>, from Central Bedfordshire CSP, agreed for "
        f"{county_year.label}. Why: Thefts cross every district boundary."
    ) in page
    assert "Knife crime" in page, "the county's own priorities are still there"


def test_only_escalations_the_county_adopted_and_agreed_are_listed(
    county, county_year, year, draft
):
    adopt(year, county_year, "Fly-tipping", "Every district has it.")  # adopted, not agreed
    escalate_priority(priority=agree(year, "Shoplifting"), reason="Chains work county-wide.")
    refreshed = refresh_priorities(plan=draft)
    assert [row["title"] for row in refreshed.escalations] == ["Rural crime"]


def test_a_version_keeps_the_district_it_was_written_from(client_as, kim, draft, partnership):
    partnership.name = "Central Bedfordshire Community Safety Partnership"
    partnership.save()
    page = _body(client_as(kim), url("plan", plan_id=draft.pk))
    assert "from Central Bedfordshire CSP," in page
    assert refresh_priorities(plan=draft).escalations[0]["district"] == partnership.name


def test_a_district_plan_has_no_escalations_section(client_as, cast, partnership, year, asb):
    plan = start_plan(partnership=partnership, year=year)
    assert plan.escalations == []
    page = _body(client_as(cast["analyst"]), plan.get_absolute_url())
    assert "escalated to the county" not in page


def test_the_pdf_html_is_the_agreement_with_its_escalations(agreed):
    html = rendering.build_html(agreed)
    assert "<h1>Safer Bedfordshire: community safety agreement " in html
    assert "<strong>Rural crime</strong>, from Central Bedfordshire CSP" in html
    assert "partnership plan" not in html.lower()
    # The district wrote its reason for the county alone; the PDF is published.
    assert "Thefts cross every district boundary" not in html


def test_the_public_page_and_its_link_name_the_agreement(client, agreed, kim):
    publish_plan(plan=agreed, by=Membership.objects.get(user=kim))
    body = _body(client, reverse("public_plan", kwargs={"slug": COUNTY}))
    assert "Safer Bedfordshire: our community safety agreement" in body
    assert "<title>Community safety agreement" in body
    assert "<strong>Rural crime</strong>, from Central Bedfordshire CSP" in body
    assert "partnership plan" not in body.lower()
    assert "Thefts cross every district boundary" not in body, "the district's reason stays private"
    text, _ = public.plan_link(agreed.partnership)
    assert text == "Read the community safety agreement: how the partners will work together"


def test_the_public_page_before_publication_names_the_agreement(client, county):
    body = _body(client, reverse("public_plan", kwargs={"slug": COUNTY}))
    assert "has not published its agreement yet." in body


# Who reads it --------------------------------------------------------------------------


def test_a_districts_member_cannot_read_the_countys_draft(client_as, cast, draft):
    client = client_as(cast["analyst"])
    for page in (url("index"), url("plan", plan_id=draft.pk), url("changes", plan_id=draft.pk)):
        assert client.get(page).status_code == 404, page


def test_a_districts_member_who_belongs_to_the_county_reads_it(client_as, cast, county, draft):
    Membership.objects.create(user=cast["analyst"], partnership=county, role=Role.BOARD_MEMBER)
    client = client_as(cast["analyst"])
    assert client.get(url("plan", plan_id=draft.pk)).status_code == 200
    # A board member of the county may read it, not change it.
    assert client.get(url("edit", plan_id=draft.pk)).status_code == 403


def test_an_escalation_is_dated_by_the_london_day(county, county_year, year, draft):
    """Escalated at 23:30 UTC on 14 July is 00:30 on 15 July in London."""
    escalated = Priority.objects.get(title="Rural crime", adopted_from__isnull=True)
    escalated.escalated_at = datetime(2026, 7, 14, 23, 30, tzinfo=UTC)
    escalated.save(update_fields=["escalated_at"])
    (row,) = refresh_priorities(plan=draft).escalations
    assert row["escalated_on"] == "2026-07-15"
