"""The notification settings page: each person's own choices, per kind."""

import re

import pytest
from django.urls import reverse

from notifications.models import Preference
from notifications.services import choices_for

URL = reverse("notifications:settings")
LABELS = [
    "A scoring round opens with you as a scorer",
    "Your score sheet is due soon",
    "A comment on a report section you wrote",
    "Your rationale document is returned or accepted",
    "An action you own is due",
    "A six-month review is due",
    "An information-sharing agreement is due for review",
]


@pytest.mark.parametrize("role", ["admin", "analyst", "theme_specialist", "board_member"])
def test_every_member_sees_a_radio_group_for_each_kind(client_as, cast, role):
    page = client_as(cast[role]).get(URL).content.decode()
    assert page.count("<fieldset") == len(LABELS)
    for label in LABELS:
        assert f'<legend class="h5 mb-1">{label}</legend>' in page
    assert page.count('type="radio"') == 3 * len(LABELS)
    # Comments default to the daily digest; the rest come at once.
    assert re.search(r'name="reports.comment" value="digest"[^>]* checked', page)
    assert re.search(r'name="scoring.sheet_due" value="now"[^>]* checked', page)


def test_your_account_links_to_the_page(client_as, cast):
    page = client_as(cast["board_member"]).get(reverse("accounts:account"))
    assert f'href="{URL}"' in page.content.decode()


def test_signed_out_visitors_are_sent_to_sign_in(client, db):
    assert client.get(URL)["Location"].startswith(reverse("accounts:login"))


def test_a_person_changes_their_choices(client_as, cast):
    jo = cast["theme_specialist"]
    choices = choices_for(jo)
    choices.update({"scoring.sheet_due": "digest", "priorities.action_due": "off"})
    response = client_as(jo).post(URL, choices, follow=True)
    assert "Your notification settings are saved." in response.content.decode()
    saved = dict(Preference.objects.filter(user=jo).values_list("kind", "delivery"))
    assert saved == {"scoring.sheet_due": "digest", "priorities.action_due": "off"}
    # Only their own: nobody else's choices changed.
    assert Preference.objects.exclude(user=jo).count() == 0


def test_saving_without_a_change_says_so(client_as, cast):
    jo = cast["theme_specialist"]
    response = client_as(jo).post(URL, choices_for(jo), follow=True)
    assert "Nothing changed. Your settings are as they were." in response.content.decode()
    assert not Preference.objects.exists()


def test_a_choice_not_offered_is_refused_and_nothing_changes(client_as, cast):
    jo = cast["theme_specialist"]
    choices = choices_for(jo)
    choices.update({"scoring.sheet_due": "weekly", "priorities.action_due": "off"})
    response = client_as(jo).post(URL, choices)
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    kind = "Your score sheet is due soon"
    assert f"Choose at once, daily digest or off for “{kind}”." in page
    assert not Preference.objects.exists()


def test_a_missing_choice_is_named(client_as, cast):
    jo = cast["theme_specialist"]
    choices = choices_for(jo)
    del choices["priorities.review_due"]
    page = client_as(jo).post(URL, choices).content.decode()
    assert "Choose at once, daily digest or off for “A six-month review is due”." in page
    assert not Preference.objects.exists()
