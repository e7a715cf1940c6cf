"""The privacy notice: public, stating each partnership's retention as set, linked
from every page's footer and from the public survey's own privacy text."""

from django.urls import reverse

from partnerships.models import EraseOriginals, Keep


def test_the_notice_is_public_and_states_the_retention_set(client, partnership, other_partnership):
    partnership.responses_kept, partnership.responses_months = Keep.MONTHS, 18
    partnership.originals_erased = EraseOriginals.AT_ONCE
    partnership.save()
    page = client.get(reverse("privacy"), {"partnership": partnership.slug})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Survey responses: kept for 18 months after the survey closes." in text
    assert "the wording as given is erased as soon as the answer is redacted" in text
    other = client.get(reverse("privacy"), {"partnership": other_partnership.slug})
    assert "Survey responses: kept until the partnership&#x27;s next strategic assessment" in (
        other.content.decode()
    )
    assert "UK GDPR Article 6(1)(e)" in text and "Crime and Disorder Act 1998" in text


def test_a_partnerships_link_shows_only_its_retention(client, partnership, other_partnership):
    text = client.get(reverse("privacy"), {"partnership": "luton"}).content.decode()
    assert "Luton CSP" in text and "Central Bedfordshire CSP" not in text


def test_the_general_notice_lists_no_partnerships(client, partnership, other_partnership):
    """The public page does not name the service's partnerships: only a survey's link
    (which names its partnership) or a member's own partnerships show settings."""
    text = client.get(reverse("privacy")).content.decode()
    assert "Central Bedfordshire CSP" not in text and "Luton CSP" not in text
    assert "A partnership's survey links to this notice" in text


def test_a_member_reads_their_own_partnerships_settings(
    client, partnership, other_partnership, cast
):
    client.force_login(cast["analyst"])
    text = client.get(reverse("privacy")).content.decode()
    assert "Central Bedfordshire CSP" in text and "Luton CSP" not in text


def test_every_page_links_to_the_notice(client, partnership):
    for url in (reverse("privacy"), reverse("accounts:login")):
        assert f'href="{reverse("privacy")}"' in client.get(url).content.decode()
