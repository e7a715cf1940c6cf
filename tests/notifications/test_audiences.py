"""The roles the settings page offers each kind of e-mail to are the roles of the rule
its app uses to choose the recipients, so the two cannot drift apart."""

from analysis import permissions as analysis
from consultation import permissions as consultation
from notifications import kinds
from partnerships.models import Role
from reports import permissions as reports


def test_each_listed_audience_is_its_app_s_rule():
    assert kinds.AUDIENCES == {
        "analysis.agreement_review": analysis.can_manage_agreements.roles,
        "consultation.rationale_reviewed": consultation.can_write_rationales.roles,
        "reports.comment": reports.can_write.roles,
    }


def test_every_listed_audience_names_a_registered_kind():
    registered = {kind.key for kind in kinds.all_kinds()}
    assert set(kinds.AUDIENCES) <= registered


def test_someone_with_no_role_is_offered_nothing_limited():
    keys = {kind.key for kind in kinds.kinds_for_roles(set())}
    assert not keys & set(kinds.AUDIENCES)
    assert {kind.key for kind in kinds.kinds_for_roles(set(Role.values))} == {
        kind.key for kind in kinds.all_kinds()
    }
