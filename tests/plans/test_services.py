"""The plan's services: drafted from the agreed priorities, frozen once the board
agrees it at an open board meeting that has taken place, published only once agreed,
sent to the commissioner, revised each year as a new version."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from plans import selectors
from plans.models import Plan, PlanDecision, PlanSending
from plans.services import (
    publish_plan,
    record_plan_decision,
    record_sending,
    refresh_priorities,
    start_plan,
    update_plan,
)
from priorities.services.groups import create_group, create_group_meeting
from priorities.services.meetings import add_item, create_meeting

from .conftest import agree

RESOURCES = [
    {"agency": "Bedfordshire Police", "commitment": "Two problem-solving officers"},
    {"agency": "Central Bedfordshire Council", "commitment": "An ASB caseworker"},
]


def _fill(plan, **changes):
    values = {
        "summary": "We will focus on the places and people most at risk.",
        "engagement": "Street surgeries in each town every quarter.",
        "involvement": "Residents sit on the ASB panel.",
        "resources": RESOURCES,
        **changes,
    }
    return update_plan(plan=plan, **values)


@pytest.fixture
def draft(partnership, year, asb):
    return _fill(start_plan(partnership=partnership, year=year))


def _agree(plan, item, member, cast, outcome="agreed", **extra):
    return record_plan_decision(
        plan=plan,
        item=item,
        outcome=outcome,
        minute="Agreed as drafted.",
        recorded_by=member(cast["analyst"]),
        **extra,
    )


def test_a_draft_carries_the_agreed_priorities_with_lead_kpis_and_actions(draft):
    (row,) = draft.priorities
    assert row["title"] == "Anti-social behaviour"
    assert row["lead"] == "Chris Morgan" and row["lead_agency"] == "Bedfordshire Police"
    assert row["kpis"][0]["name"] == "Repeat victims of ASB"
    assert row["kpis"][0]["baseline"] == "120" and row["kpis"][0]["target"] == "90"
    assert row["actions"][0]["title"] == "Map repeat victims with the council"


def test_a_plan_needs_agreed_priorities(partnership, year):
    with pytest.raises(ValidationError, match="no priorities in force"):
        start_plan(partnership=partnership, year=year)
    assert not Plan.objects.exists()


def test_only_one_draft_at_a_time(draft, partnership, year):
    with pytest.raises(ValidationError, match="still a draft"):
        start_plan(partnership=partnership, year=year)
    assert Plan.objects.count() == 1


def test_agreeing_freezes_the_version_and_keeps_what_the_board_read(
    draft, board_item, member, cast
):
    decision = _agree(draft, board_item, member, cast)
    draft.refresh_from_db()
    assert draft.status == Plan.Status.APPROVED and draft.approved_at
    assert decision.snapshot["resources"] == RESOURCES
    assert decision.snapshot["priorities"][0]["title"] == "Anti-social behaviour"
    board_item.refresh_from_db()
    assert board_item.outcome == "Partnership plan, version 1: agreed. Agreed as drafted."
    with pytest.raises(ValidationError, match="cannot change"):
        _fill(draft, summary="Something else")
    with pytest.raises(ValidationError, match="cannot change"):
        refresh_priorities(plan=draft)
    draft.refresh_from_db()
    assert draft.summary == "We will focus on the places and people most at risk."


def test_a_deferred_version_stays_a_draft(draft, board_item, member, cast):
    _agree(draft, board_item, member, cast, outcome="deferred")
    draft.refresh_from_db()
    assert draft.is_draft()


def test_no_decision_at_a_meeting_still_to_come(draft, partnership, member, cast):
    meeting = create_meeting(
        partnership=partnership, held_on=timezone.localdate() + timedelta(days=3)
    )
    item = add_item(meeting=meeting, title="Plan")
    with pytest.raises(ValidationError, match="has not come yet"):
        _agree(draft, item, member, cast)
    assert not PlanDecision.objects.exists()


def test_no_decision_at_a_groups_meeting(draft, partnership, member, cast):
    group = create_group(partnership=partnership, kind="operational_delivery", name="Delivery")
    meeting = create_group_meeting(group=group, held_on=timezone.localdate())
    item = add_item(meeting=meeting, title="Plan")
    with pytest.raises(ValidationError, match="Only the board approves"):
        _agree(draft, item, member, cast)
    assert not PlanDecision.objects.exists()


def test_no_decision_without_confirmation(draft, board_item, member, cast):
    with pytest.raises(ValidationError, match="Confirm"):
        _agree(draft, board_item, member, cast, confirm=False)
    draft.refresh_from_db()
    assert draft.is_draft() and not PlanDecision.objects.exists()


def test_a_board_member_does_not_record_it(draft, board_item, member, cast):
    with pytest.raises(ValidationError, match="analysts and admins"):
        record_plan_decision(
            plan=draft,
            item=board_item,
            outcome="agreed",
            minute="Agreed.",
            recorded_by=member(cast["board_member"]),
        )
    assert not PlanDecision.objects.exists()


def test_a_draft_is_not_published(draft, member, cast):
    with pytest.raises(ValidationError, match="must agree it"):
        publish_plan(plan=draft, by=member(cast["analyst"]))
    draft.refresh_from_db()
    assert draft.published_at is None


def test_publishing_an_agreed_version(draft, board_item, member, cast, partnership):
    _agree(draft, board_item, member, cast)
    publish_plan(plan=draft, by=member(cast["analyst"]))
    assert selectors.published_plan(partnership) == draft
    with pytest.raises(ValidationError, match="already published"):
        publish_plan(plan=draft, by=member(cast["analyst"]))


def test_sending_to_the_commissioner_is_recorded(draft, board_item, member, cast, pcc_office):
    with pytest.raises(ValidationError, match="is a draft"):
        record_sending(
            plan=draft,
            sent_on=timezone.localdate(),
            sent_to="The commissioner",
            method="email",
            sent_by=member(cast["analyst"]),
        )
    _agree(draft, board_item, member, cast)
    with pytest.raises(ValidationError) as refused:
        record_sending(
            plan=draft,
            sent_on=timezone.localdate() + timedelta(days=1),
            sent_to="The commissioner",
            method="email",
            sent_by=member(cast["analyst"]),
        )
    assert "future" in str(refused.value)
    assert not PlanSending.objects.exists()
    sending = record_sending(
        plan=draft,
        sent_on=timezone.localdate(),
        agency=pcc_office,
        sent_to="The commissioner's chief executive",
        method="email",
        sent_by=member(cast["analyst"]),
    )
    assert selectors.sendings(draft) == [sending]


def test_a_non_commissioner_agency_is_refused(draft, board_item, member, cast, police):
    _agree(draft, board_item, member, cast)
    with pytest.raises(ValidationError, match="commissioner's office"):
        record_sending(
            plan=draft,
            sent_on=timezone.localdate(),
            agency=police,
            sent_to="Police HQ",
            method="letter",
            sent_by=member(cast["analyst"]),
        )
    assert not PlanSending.objects.exists()


def test_the_annual_revision_copies_the_last_agreed_version_and_refreshes_priorities(
    draft, board_item, member, cast, partnership, year
):
    _agree(draft, board_item, member, cast)
    agree(year, "Domestic abuse")
    revision = start_plan(partnership=partnership, year=year)
    assert revision.version == 2 and revision.is_draft()
    assert revision.resources == RESOURCES and revision.engagement == draft.engagement
    assert [p["title"] for p in revision.priorities] == ["Anti-social behaviour", "Domestic abuse"]
    revision = _fill(
        revision,
        engagement="Street surgeries in each town every month.",
        resources=[*RESOURCES[1:], {"agency": "Fire service", "commitment": "Home safety visits"}],
    )
    changed = {s.section: s.lines for s in selectors.changes_since_approval(revision)}
    assert set(changed) == {
        "How we will engage our communities",
        "Priorities, leads, KPIs and actions",
        "What partners commit",
    }
    assert [(line.kind, line.text) for line in changed["Priorities, leads, KPIs and actions"]] == [
        ("added", "Priority: Domestic abuse")
    ]
    resources = {(line.kind, line.text) for line in changed["What partners commit"]}
    assert resources == {
        ("added", "Fire service: Home safety visits"),
        ("removed", "Bedfordshire Police: Two problem-solving officers"),
    }
    (engagement,) = changed["How we will engage our communities"]
    assert [(w.kind, w.text) for w in engagement.words if w.kind != "same"] == [
        ("removed", "quarter."),
        ("added", "month."),
    ]


def test_a_first_version_has_nothing_to_compare(draft):
    assert selectors.changes_since_approval(draft) is None


# The years a version covers ------------------------------------------------------------


def test_a_version_covers_three_years_unless_it_says_otherwise(draft):
    first = draft.year.starts_on.year
    assert draft.years == 3 and draft.period_label == f"{first} to {first + 3}"
    four = _fill(draft, years=4)
    assert four.period_label == f"{first} to {first + 4}"
    assert four.span == f"the four years {first} to {first + 4}"


@pytest.mark.parametrize("years", [0, 6])
def test_a_plan_of_no_years_or_more_than_five_is_refused_and_nothing_changes(draft, years):
    with pytest.raises(ValidationError):
        _fill(draft, years=years, summary="Changed.")
    draft.refresh_from_db()
    assert draft.years == 3 and draft.summary != "Changed."


def test_the_revision_keeps_the_years_and_names_a_change_to_them(
    draft, board_item, member, cast, partnership, year
):
    _agree(_fill(draft, years=4), board_item, member, cast)
    revision = start_plan(partnership=partnership, year=year)
    assert revision.years == 4 and selectors.changes_since_approval(revision) == []
    revision = _fill(revision, years=3)
    changed = {s.section: s.lines for s in selectors.changes_since_approval(revision)}
    assert set(changed) == {"The years it covers"}
    first = year.starts_on.year
    (line,) = changed["The years it covers"]
    assert [(w.kind, w.text) for w in line.words if w.kind != "same"] == [
        ("removed", str(first + 4)),
        ("added", str(first + 3)),
    ]
