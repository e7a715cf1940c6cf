"""The migration to confirmed sign-in domains: a partnership that signed in through its
provider before keeps doing so (its domains are marked confirmed), and going back
writes the domains into the old text field."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from partnerships import sso

BEFORE = [("partnerships", "0009_alter_agency_type")]
AFTER = [("partnerships", "0010_sign_in_domains_are_confirmed")]


def migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


def migrate_to_latest():
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(latest)
    assert not MigrationExecutor(connection).migration_plan(latest)


@pytest.mark.django_db(transaction=True)
def test_domains_in_use_are_confirmed_and_going_back_keeps_them(
    partnership, other_partnership, settings
):
    settings.OIDC_PROVIDERS = {
        "police": {"name": "Bedfordshire Police", "discovery_url": "x", "client_id": "id"}
    }
    old = migrate(BEFORE)
    try:
        SingleSignOn = old.get_model("partnerships", "SingleSignOn")
        SingleSignOn.objects.create(
            partnership_id=partnership.pk, provider="police", domains="beds.police.uk\nwfrs.org.uk"
        )
        # Shared through one provider, as the old check allowed.
        SingleSignOn.objects.create(
            partnership_id=other_partnership.pk, provider="police", domains="beds.police.uk"
        )
        new = migrate(AFTER)
        rows = new.get_model("partnerships", "SignInDomain").objects.values_list(
            "single_sign_on__partnership", "domain", "status"
        )
        assert sorted(rows) == sorted(
            [
                (partnership.pk, "beds.police.uk", "confirmed"),
                (partnership.pk, "wfrs.org.uk", "confirmed"),
                (other_partnership.pk, "beds.police.uk", "confirmed"),
            ]
        )
        back = migrate(BEFORE)
        texts = dict(
            back.get_model("partnerships", "SingleSignOn").objects.values_list(
                "partnership", "domains"
            )
        )
        assert texts == {
            partnership.pk: "beds.police.uk\nwfrs.org.uk",
            other_partnership.pk: "beds.police.uk",
        }
    finally:
        migrate_to_latest()
    assert sso.provider_for_email("sam@beds.police.uk").key == "police"
    assert sso.domains_of(sso.providers()["police"]) == {"beds.police.uk", "wfrs.org.uk"}
