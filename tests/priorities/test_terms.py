"""Terms of reference: versions, the board's decision at a meeting that has taken
place, frozen approved versions, and the pages for every role."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from csp_assessment.edits import seen_token
from priorities.models import Item
from priorities.services.groups import create_group, create_group_meeting
from priorities.services.meetings import add_item, close_meeting, create_meeting, update_meeting
from priorities.services.terms import record_terms_decision, start_terms, update_terms
from priorities.terms_models import TermsDecision, TermsOfReference
from priorities.terms_selectors import items_for_decision

ROWS = [
    {"role": "Lead analyst", "who": "Sam Taylor", "responsibility": "Writes the assessment"},
    {"role": "Board", "who": "Community Safety Executive", "responsibility": "Agrees it"},
]


def _fill(terms, **changes):
    values = {
        "purpose": "Tell the board where the risks are.",
        "scope": "Central Bedfordshire, the last 12 months.",
        "roles": ROWS,
        "data": "Police recorded crime, monthly, from Bedfordshire Police.",
        "timetable_note": "The board meets in January.",
        "sign_off": "The executive signs it off at its January meeting.",
        **changes,
    }
    return update_terms(terms=terms, **values)


@pytest.fixture
def draft(year):
    return _fill(start_terms(year=year))


@pytest.fixture
def board_item(partnership):
    meeting = create_meeting(partnership=partnership, held_on=date(2026, 9, 10))
    return add_item(meeting=meeting, title="Terms of reference for the assessment")


def _decide(terms, item, member, cast, outcome="agreed", today=date(2026, 9, 10)):
    return record_terms_decision(
        terms=terms,
        item=item,
        outcome=outcome,
        minute="Agreed as drafted.",
        recorded_by=member(cast["analyst"]),
        today=today,
    )


def test_agreeing_a_version_freezes_it_and_sets_the_item_outcome(draft, board_item, member, cast):
    decision = _decide(draft, board_item, member, cast)
    draft.refresh_from_db()
    assert draft.status == TermsOfReference.Status.APPROVED and draft.approved_at
    assert decision.snapshot["roles"] == ROWS
    assert decision.snapshot["timetable"], "the timetable is frozen with the terms"
    board_item.refresh_from_db()
    assert board_item.outcome == "Terms of reference, version 1: agreed. Agreed as drafted."
    with pytest.raises(ValidationError, match="cannot change"):
        _fill(draft, purpose="Something else")
    draft.refresh_from_db()
    assert draft.purpose == "Tell the board where the risks are."


def test_an_item_outcome_already_written_is_kept(draft, board_item, member, cast):
    Item.objects.filter(pk=board_item.pk).update(outcome="Agreed, with actions to follow.")
    _decide(draft, board_item, member, cast)
    board_item.refresh_from_db()
    assert board_item.outcome == "Agreed, with actions to follow."


def test_a_deferred_version_stays_a_draft(draft, board_item, member, cast):
    _decide(draft, board_item, member, cast, outcome="deferred")
    draft.refresh_from_db()
    assert draft.is_draft()
    _fill(draft, purpose="Reworded after the board's comments.")


def test_no_decision_at_a_meeting_still_to_come(draft, board_item, member, cast):
    with pytest.raises(ValidationError, match="has not come yet"):
        _decide(draft, board_item, member, cast, today=date(2026, 9, 9))
    assert not TermsDecision.objects.exists()
    draft.refresh_from_db()
    assert draft.is_draft()


def test_only_analysts_and_admins_record_it(draft, board_item, member, cast):
    with pytest.raises(ValidationError, match="analysts and admins"):
        record_terms_decision(
            terms=draft,
            item=board_item,
            outcome="agreed",
            minute="Agreed.",
            recorded_by=member(cast["board_member"]),
            today=date(2026, 9, 10),
        )
    assert not TermsDecision.objects.exists()


def test_an_item_of_another_partnership_is_refused(draft, other_partnership, member, cast):
    meeting = create_meeting(partnership=other_partnership, held_on=date(2026, 9, 10))
    item = add_item(meeting=meeting, title="Their terms")
    with pytest.raises(ValidationError, match="this partnership's meetings"):
        _decide(draft, item, member, cast)
    assert not TermsDecision.objects.exists()


def test_only_an_open_board_meeting_takes_the_decision(
    draft, board_item, partnership, member, cast
):
    group = create_group(partnership=partnership, kind="operational_delivery", name="Delivery")
    group_meeting = create_group_meeting(group=group, held_on=date(2026, 9, 10))
    group_item = add_item(meeting=group_meeting, title="Terms of reference")
    with pytest.raises(ValidationError, match="Only the board agrees"):
        _decide(draft, group_item, member, cast)
    Item.objects.filter(pk=board_item.pk).update(outcome="Noted.")
    close_meeting(meeting=board_item.meeting, closed_by=member(cast["analyst"]))
    with pytest.raises(ValidationError, match="closed"):
        _decide(draft, board_item, member, cast)
    assert not TermsDecision.objects.exists()
    assert not items_for_decision(partnership, date(2026, 9, 10)).exists()


def test_a_new_version_copies_the_last_and_only_one_draft_at_a_time(
    draft, board_item, member, cast, year
):
    with pytest.raises(ValidationError, match="still a draft"):
        start_terms(year=year)
    _decide(draft, board_item, member, cast)
    second = start_terms(year=year)
    assert second.version == 2 and second.is_draft()
    assert (second.purpose, second.roles) == (draft.purpose, draft.roles)


def test_a_save_over_someone_elses_is_refused(draft):
    seen = seen_token(draft.updated_at)
    _fill(draft, purpose="First change.")
    with pytest.raises(ValidationError, match="after you opened it"):
        _fill(draft, purpose="Second change.", seen=seen)
    draft.refresh_from_db()
    assert draft.purpose == "First change."


def _url(name, **kwargs):
    return reverse(f"priorities:{name}", kwargs={"slug": "central-bedfordshire", **kwargs})


def test_the_analyst_drafts_and_records_the_decision_through_the_pages(
    client_as, cast, year, partnership
):
    client = client_as(cast["analyst"])
    response = client.post(_url("terms_start", year_id=year.pk))
    terms = TermsOfReference.objects.get(year=year)
    assert response.url == _url("terms_edit", terms_id=terms.pk)
    response = client.post(
        _url("terms_edit", terms_id=terms.pk),
        {"purpose": "Find the risks.", "roles": "Lead analyst | Sam | Writes it\nBoard only"},
    )
    assert "Line 2 needs three parts" in response.content.decode()
    terms.refresh_from_db()
    assert terms.purpose == ""
    client.post(
        _url("terms_edit", terms_id=terms.pk),
        {"purpose": "Find the risks.", "roles": "Lead analyst | Sam | Writes it"},
    )
    terms.refresh_from_db()
    assert terms.roles == [{"role": "Lead analyst", "who": "Sam", "responsibility": "Writes it"}]
    item = add_item(
        meeting=create_meeting(partnership=partnership, held_on=timezone.localdate()),
        title="Terms of reference",
    )
    add_item(
        meeting=create_meeting(
            partnership=partnership, held_on=timezone.localdate() + timedelta(days=7)
        ),
        title="Next meeting",
    )
    page = client.get(_url("terms_decision", terms_id=terms.pk)).content.decode()
    assert "Terms of reference" in page and "Next meeting" not in page
    response = client.post(
        _url("terms_decision", terms_id=terms.pk),
        {"item": item.pk, "outcome": "agreed", "minute": "Agreed."},
    )
    assert response.status_code == 302
    terms.refresh_from_db()
    assert not terms.is_draft()
    assert client.get(_url("terms_edit", terms_id=terms.pk)).status_code == 302
    client.post(_url("terms_start", year_id=year.pk))
    second = TermsOfReference.objects.get(year=year, version=2)
    client.post(
        _url("terms_edit", terms_id=second.pk),
        {"purpose": "Find the risks and the gaps.", "roles": "Lead analyst | Sam | Writes it"},
    )
    page = client.get(_url("terms", year_id=year.pk)).content.decode()
    assert "Changes since the board agreed version 1" in page
    assert "Find the risks and the gaps." in page


ROLES = ["admin", "analyst", "theme_specialist", "board_member", "outsider"]
EVERYONE = {"admin", "analyst", "theme_specialist", "board_member"}
DRAFTERS = {"admin", "analyst"}


@pytest.fixture
def ids(draft, board_item, year):
    return {"year_id": year.pk, "terms_id": draft.pk}


PAGES = [
    ("terms", "year_id", "get", EVERYONE),
    ("terms_start", "year_id", "post", DRAFTERS),
    ("terms_edit", "terms_id", "get", DRAFTERS),
    ("terms_edit", "terms_id", "post", DRAFTERS),
    ("terms_decision", "terms_id", "get", DRAFTERS),
]


@pytest.mark.parametrize("name,key,method,allowed", PAGES, ids=[f"{p[0]}-{p[2]}" for p in PAGES])
@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_what_it_is_allowed(client_as, cast, ids, role, name, key, method, allowed):
    response = getattr(client_as(cast[role]), method)(_url(name, **{key: ids[key]}))
    if role == "outsider":
        assert response.status_code == 404
    elif role in allowed:
        assert response.status_code in (200, 302), response.status_code
    else:
        assert response.status_code == 403, response.status_code


def test_readers_are_not_offered_the_drafting_buttons(client_as, cast, ids):
    page = client_as(cast["board_member"]).get(_url("terms", year_id=ids["year_id"]))
    text = page.content.decode()
    assert "Tell the board where the risks are." in text
    assert "Change the draft" not in text and "Record the board" not in text
    analyst_page = client_as(cast["analyst"]).get(_url("terms", year_id=ids["year_id"]))
    assert "Change the draft" in analyst_page.content.decode()


def test_a_meeting_holding_a_terms_decision_cannot_move_into_the_future(
    draft, board_item, member, cast
):
    _decide(draft, board_item, member, cast)
    meeting = board_item.meeting
    with pytest.raises(ValidationError, match="already recorded 1 decision"):
        update_meeting(
            meeting=meeting,
            held_on=date(2026, 12, 1),
            title=meeting.title,
            today=date(2026, 9, 10),
        )
    meeting.refresh_from_db()
    assert meeting.held_on == date(2026, 9, 10)


def test_the_meeting_page_lists_the_decision_on_the_terms(
    client_as, cast, draft, board_item, member
):
    _decide(draft, board_item, member, cast)
    url = _url("meeting", meeting_id=board_item.meeting_id)
    page = client_as(cast["board_member"]).get(url).content.decode()
    assert 'data-testid="terms-decision"' in page
    assert f"Terms of reference for {draft.year.label}, version 1</a>: <strong>Agreed" in page


def test_an_agreed_version_says_agreed_by_the_board_as_plans_do(
    client_as, cast, draft, board_item, member, year
):
    _decide(draft, board_item, member, cast)
    page = client_as(cast["board_member"]).get(_url("terms", year_id=year.pk)).content.decode()
    assert "Version 1: agreed by the board" in page
    assert "approved by the board" not in page.lower()
