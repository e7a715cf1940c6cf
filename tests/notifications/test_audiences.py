"""The roles the settings page offers each kind of email to are the roles of the rule
its app uses to choose the recipients, so the two cannot drift apart."""

from analysis import notices as analysis_notices
from analysis import permissions as analysis
from consultation import notices as consultation_notices
from consultation import permissions as consultation
from notifications import kinds
from partnerships.models import Role
from reports import notices as reports_notices
from reports import permissions as reports


def test_each_limited_kind_is_offered_to_the_roles_of_its_app_s_rule():
    assert analysis_notices.AGREEMENT_REVIEW.roles == analysis.can_manage_agreements.roles
    assert consultation_notices.REVIEWED.roles == consultation.can_write_rationales.roles
    assert reports_notices.COMMENTED.roles == reports.can_write.roles
    # A board member sends and receives none of the three.
    limited = [k for k in kinds.all_kinds() if k.roles is not None]
    assert {k.key for k in limited} == {
        "analysis.agreement_review",
        "consultation.rationale_reviewed",
        "reports.comment",
    }
    assert not any(Role.BOARD_MEMBER in k.roles for k in limited)


def test_someone_with_no_role_is_offered_nothing_limited():
    keys = {kind.key for kind in kinds.kinds_for_roles(set())}
    assert all(kinds.kind(key).roles is None for key in keys)
    assert {kind.key for kind in kinds.kinds_for_roles(set(Role.values))} == {
        kind.key for kind in kinds.all_kinds()
    }
