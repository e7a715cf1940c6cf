"""The migration to confirmed sign-in domains: a partnership that signed in through its
provider before keeps doing so (its domains are marked confirmed, with a history row),
a domain named through two providers waits for staff, and going back writes only the
confirmed domains into the old text field."""

import pytest

from partnerships import sso
from tests.migrating import migrate, migrate_to_latest

BEFORE = [("partnerships", "0009_alter_agency_type")]
AFTER = [("partnerships", "0010_sign_in_domains_are_confirmed")]


@pytest.mark.django_db(transaction=True)
def test_domains_in_use_are_confirmed_and_going_back_keeps_them(
    partnership, other_partnership, county, settings
):
    settings.OIDC_PROVIDERS = {
        "police": {"name": "Bedfordshire Police", "discovery_url": "x", "client_id": "id"},
        "hostile": {"name": "Somebody else", "discovery_url": "y", "client_id": "id2"},
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
        # Named through a second provider, as the old Django admin could save.
        SingleSignOn.objects.create(
            partnership_id=county.pk, provider="hostile", domains="WFRS.org.uk\n\nwfrs.org.uk"
        )
        new = migrate(AFTER)
        rows = new.get_model("partnerships", "SignInDomain").objects.values_list(
            "single_sign_on__partnership", "domain", "status"
        )
        assert sorted(rows) == sorted(
            [
                (partnership.pk, "beds.police.uk", "confirmed"),
                (partnership.pk, "wfrs.org.uk", "waiting"),
                (other_partnership.pk, "beds.police.uk", "confirmed"),
                (county.pk, "wfrs.org.uk", "waiting"),
            ]
        )
        history = new.get_model("partnerships", "HistoricalSignInDomain").objects
        assert history.count() == 4
        assert history.filter(status="waiting").count() == 2
        back = migrate(BEFORE)
        texts = dict(
            back.get_model("partnerships", "SingleSignOn").objects.values_list(
                "partnership", "domains"
            )
        )
        # A waiting (or refused) claim must not route anyone after going back.
        assert texts == {
            partnership.pk: "beds.police.uk",
            other_partnership.pk: "beds.police.uk",
            county.pk: "",
        }
    finally:
        migrate_to_latest()
    assert sso.provider_for_email("sam@beds.police.uk").key == "police"
    assert sso.domains_of(sso.providers()["police"]) == {"beds.police.uk"}
    assert sso.provider_for_email("jo@wfrs.org.uk") is None
