"""The unsubscribe link: works signed out, asks first (a form, no JavaScript), honours
a mail program's one-click POST, and refuses a link that was tampered with."""

from django.test import Client
from django.urls import reverse

from notifications.emails import unsubscribe_token
from notifications.models import Preference


def _url(user, kinds):
    token = unsubscribe_token(user_id=user.pk, kind_keys=kinds)
    return reverse("notifications:unsubscribe", kwargs={"token": token})


def test_the_link_asks_before_it_stops_anything(client, cast):
    url = _url(cast["board_member"], ["priorities.action_due"])
    page = client.get(url).content.decode()
    assert "Stop these emails?" in page and "An action you own is due" in page
    assert '<form method="post">' in page
    assert not Preference.objects.exists()
    page = client.post(url).content.decode()
    assert "Emails stopped" in page
    assert Preference.objects.get().delivery == "off"


def test_a_mail_programs_one_click_post_needs_no_csrf_token(cast, db):
    client = Client(enforce_csrf_checks=True)
    url = _url(cast["theme_specialist"], ["scoring.sheet_due", "reports.comment"])
    response = client.post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert dict(Preference.objects.values_list("kind", "delivery")) == {
        "scoring.sheet_due": "off",
        "reports.comment": "off",
    }


def test_a_tampered_link_changes_nothing(client, cast):
    url = _url(cast["board_member"], ["priorities.action_due"])
    # Someone edits the link to name another person: the signature no longer matches.
    forged = url.replace(url.split("/")[-2][:4], "eyJ2", 1)
    for method in (client.get, client.post):
        response = method(forged)
        assert response.status_code == 400
        assert "This link does not work" in response.content.decode()
    assert not Preference.objects.exists()


def test_a_link_for_a_kind_that_does_not_exist_is_refused(client, cast):
    url = _url(cast["board_member"], ["made.up"])
    assert client.post(url).status_code == 400
    assert not Preference.objects.exists()
