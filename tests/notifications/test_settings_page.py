"""The notification settings page: each person's own choices, per kind."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications.models import Preference
from notifications.services import choices_for
from partnerships.models import Membership, Role

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


# Each role is offered only the kinds of email it can receive.
OFFERED = {
    "admin": [0, 1, 2, 4, 5, 6],
    "analyst": [0, 1, 2, 4, 5, 6],
    "theme_specialist": [0, 1, 2, 3, 4, 5],
    "board_member": [0, 1, 4, 5],
}


def _legends(page: str) -> set[str]:
    return set(re.findall(r'<legend class="h5 mb-1">([^<]*)</legend>', page))


@pytest.mark.parametrize("role", list(OFFERED))
def test_each_member_sees_a_radio_group_for_each_kind_their_role_receives(client_as, cast, role):
    page = client_as(cast[role]).get(URL).content.decode()
    offered = {LABELS[n] for n in OFFERED[role]}
    assert _legends(page) == offered
    assert page.count("<fieldset") == len(offered)
    assert page.count('type="radio"') == 3 * len(offered)
    assert re.search(r'name="scoring.sheet_due" value="now"[^>]* checked', page)


def test_comments_default_to_the_daily_digest(client_as, cast):
    page = client_as(cast["analyst"]).get(URL).content.decode()
    assert re.search(r'name="reports.comment" value="digest"[^>]* checked', page)


def test_a_board_member_is_not_offered_the_analysts_e_mails(client_as, cast):
    page = client_as(cast["board_member"]).get(URL).content.decode()
    assert "An information-sharing agreement is due for review" not in page
    assert "Your rationale document is returned or accepted" not in page
    assert "A comment on a report section you wrote" not in page
    assert "An action you own is due" in page


def test_someone_in_two_partnerships_sees_what_each_role_receives(
    client_as, cast, other_partnership
):
    chris = cast["board_member"]
    Membership.objects.create(user=chris, partnership=other_partnership, role=Role.ANALYST)
    page = client_as(chris).get(URL).content.decode()
    assert _legends(page) == {LABELS[n] for n in OFFERED["analyst"]}


def test_a_role_left_behind_offers_nothing_more(client_as, cast, other_partnership):
    chris = cast["board_member"]
    Membership.objects.create(
        user=chris, partnership=other_partnership, role=Role.ANALYST, left_at=timezone.now()
    )
    page = client_as(chris).get(URL).content.decode()
    assert _legends(page) == {LABELS[n] for n in OFFERED["board_member"]}


def test_a_board_member_saves_the_kinds_offered(client_as, cast):
    chris = cast["board_member"]
    choices = {
        "scoring.round_opened": "now",
        "scoring.sheet_due": "now",
        "priorities.action_due": "digest",
        "priorities.review_due": "now",
    }
    response = client_as(chris).post(URL, choices, follow=True)
    assert "Your notification settings are saved." in response.content.decode()
    saved = dict(Preference.objects.filter(user=chris).values_list("kind", "delivery"))
    assert saved == {"priorities.action_due": "digest"}


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
