"""Consultation's rules as tables: role x rule x answer, and role x object x answer.
No database: memberships and objects are unsaved rows."""

import pytest

from consultation import permissions
from consultation.models import RationaleDocument, Survey
from partnerships.models import Membership

ROLES = ["admin", "analyst", "theme_specialist", "board_member"]
RUNNERS = {"admin", "analyst"}

ROLE_RULES = {
    "can_view": set(ROLES),
    "can_request_rationales": RUNNERS,
    "can_review_rationales": RUNNERS,
    "can_read_every_rationale": RUNNERS,
    "can_manage_surveys": RUNNERS,
    "can_moderate": RUNNERS,
    "can_triage": RUNNERS,
    "can_write_rationales": {"theme_specialist"},
    "can_read_results": {"admin", "analyst", "board_member"},
}


def as_member(role: str, pk: int = 1) -> Membership:
    return Membership(pk=pk, role=role)


@pytest.mark.parametrize("rule", sorted(ROLE_RULES))
@pytest.mark.parametrize("role", ROLES)
def test_each_role_rule_answers_for_each_role(rule, role):
    assert getattr(permissions, rule)(as_member(role)) is (role in ROLE_RULES[rule])


WRITER = 7
STATES = RationaleDocument.State


@pytest.mark.parametrize(
    "role, pk, state, read, write, edit, review",
    [
        # the specialist asked for it
        ("theme_specialist", WRITER, STATES.DRAFT, True, True, True, False),
        ("theme_specialist", WRITER, STATES.SUBMITTED, True, True, False, False),
        # another specialist sees it only once accepted
        ("theme_specialist", 8, STATES.DRAFT, False, False, False, False),
        ("theme_specialist", 8, STATES.ACCEPTED, True, False, False, False),
        ("board_member", 8, STATES.RETURNED, False, False, False, False),
        ("board_member", 8, STATES.ACCEPTED, True, False, False, False),
        # the analyst reads everything and reviews what waits for review
        ("analyst", 8, STATES.DRAFT, True, False, False, False),
        ("analyst", 8, STATES.SUBMITTED, True, False, False, True),
        ("admin", 8, STATES.RESUBMITTED, True, False, False, True),
        ("admin", 8, STATES.ACCEPTED, True, False, False, False),
    ],
)
def test_rationale_object_rules(role, pk, state, read, write, edit, review):
    membership = as_member(role, pk)
    document = RationaleDocument(specialist_id=WRITER, state=state)
    assert permissions.can_read_rationale(membership, document) is read
    assert permissions.can_write_rationale(membership, document) is write
    assert permissions.can_edit_rationale(membership, document) is edit
    assert permissions.can_review_rationale(membership, document) is review


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "audience, allowed", [(Survey.Audience.PARTNER, True), (Survey.Audience.PUBLIC, False)]
)
def test_members_answer_partner_surveys_here_and_public_ones_by_their_link(role, audience, allowed):
    survey = Survey(audience=audience)
    assert permissions.can_answer_survey(as_member(role), survey) is allowed
