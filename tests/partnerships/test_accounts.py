"""Signing in by email, throttling failed sign-ins, password change and reset."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.urls import reverse

from partnerships.templatetags.durations import in_words
from tests.conftest import PASSWORD

SIGN_IN = "/accounts/sign-in/"


def test_sign_in_takes_the_email_address_in_any_case(client, priya):
    response = client.post(SIGN_IN, {"username": "PRIYA@Example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").status_code == 302  # home sends her on to her dashboard


def test_a_wrong_password_is_refused_with_a_clear_message(client, priya):
    response = client.post(SIGN_IN, {"username": priya.email, "password": "not-it"})
    assert response.status_code == 200
    assert "Enter a correct email address and password." in response.content.decode()


def test_five_failures_lock_the_account_even_with_the_right_password(client, priya, settings):
    settings.AXES_FAILURE_LIMIT = 5
    for _ in range(5):
        client.post(SIGN_IN, {"username": priya.email, "password": "not-it"})
    response = client.post(SIGN_IN, {"username": priya.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many attempts to sign in" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("minutes", "words"),
    [(15, "15 minutes"), (1, "1 minute"), (60, "1 hour"), (90, "1 hour and 30 minutes")],
)
def test_the_locked_out_page_says_how_long_the_lock_lasts(client, priya, settings, minutes, words):
    settings.AXES_FAILURE_LIMIT = 2
    settings.AXES_COOLOFF_TIME = timedelta(minutes=minutes)
    for _ in range(3):
        response = client.post(SIGN_IN, {"username": priya.email, "password": "not-it"})
    assert response.status_code == 429
    assert f"Wait {words} and try again" in response.content.decode()


def test_a_length_of_time_in_words():
    assert in_words(timedelta(days=1, hours=2, minutes=5)) == "1 day, 2 hours and 5 minutes"
    assert in_words(timedelta(seconds=20)) == "1 minute"
    assert in_words(timedelta(hours=2)) == "2 hours"


def _set_password_by_reset(client, email: str, password: str) -> None:
    client.post(reverse("accounts:password_reset"), {"email": email})
    link = re.search(r"https?://[^/]+(/accounts/set-password/\S+)", mail.outbox[-1].body).group(1)
    form_page = client.get(link, follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": password, "new_password2": password}
    )
    assert response.status_code == 302


def test_a_password_reset_ends_the_lock(client, priya, settings):
    settings.AXES_FAILURE_LIMIT = 5
    for _ in range(5):
        client.post(SIGN_IN, {"username": priya.email.upper(), "password": "not-it"})
    locked = client.post(SIGN_IN, {"username": priya.email, "password": PASSWORD})
    assert locked.status_code == 429
    _set_password_by_reset(client, priya.email, "reset-to-this-one-7")
    response = client.post(SIGN_IN, {"username": priya.email, "password": "reset-to-this-one-7"})
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_failures_on_one_account_do_not_lock_another(client, priya, sam):
    for _ in range(5):
        client.post(SIGN_IN, {"username": priya.email, "password": "not-it"})
    response = client.post(SIGN_IN, {"username": sam.email, "password": PASSWORD})
    assert response.status_code == 302


def test_sign_out_needs_a_post_and_ends_the_session(client_as, priya):
    client = client_as(priya)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert client.get("/").status_code == 302
    assert client.get("/")["Location"].startswith(reverse("accounts:login"))


def test_a_person_changes_their_password(client_as, priya):
    client = client_as(priya)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a-new-long-password-9",
            "new_password2": "a-new-long-password-9",
        },
    )
    assert response.status_code == 302
    priya.refresh_from_db()
    assert priya.check_password("a-new-long-password-9")


def test_a_mismatched_new_password_changes_nothing(client_as, priya):
    client = client_as(priya)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a-new-long-password-9",
            "new_password2": "something-else-entirely",
        },
    )
    assert response.status_code == 200
    assert "The two password fields didn’t match." in response.content.decode()
    priya.refresh_from_db()
    assert priya.check_password(PASSWORD)


def test_reset_by_email_sends_a_link_that_sets_a_new_password(client, priya):
    response = client.post(reverse("accounts:password_reset"), {"email": priya.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/set-password/\S+)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert "Set your password" in form_page.content.decode()
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "reset-to-this-one-7", "new_password2": "reset-to-this-one-7"},
    )
    assert response.status_code == 302
    priya.refresh_from_db()
    assert priya.check_password("reset-to-this-one-7")


def test_reset_for_an_unknown_address_sends_nothing_and_says_the_same(client, db):
    response = client.post(
        reverse("accounts:password_reset"), {"email": "nobody@example.org"}, follow=True
    )
    assert "Check your email" in response.content.decode()
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_used_link_says_so(client):
    user = User.objects.create_user("x@example.org", "x@example.org", PASSWORD)
    response = client.get(
        reverse("accounts:set_password", kwargs={"uidb64": "MQ", "token": "bad-token"})
    )
    assert "This link has expired or been used" in response.content.decode()
    assert user.check_password(PASSWORD)


def test_behind_a_proxy_each_client_address_is_counted_separately(client, priya, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # Everything arrives from the proxy at 10.0.0.1; the clients differ.
    attacker = {"HTTP_X_FORWARDED_FOR": "203.0.113.9", "REMOTE_ADDR": "10.0.0.1"}
    owner = {"HTTP_X_FORWARDED_FOR": "198.51.100.7", "REMOTE_ADDR": "10.0.0.1"}
    for _ in range(5):
        client.post(SIGN_IN, {"username": priya.email, "password": "not-it"}, **attacker)
    locked = client.post(SIGN_IN, {"username": priya.email, "password": PASSWORD}, **attacker)
    assert locked.status_code == 429
    allowed = client.post(SIGN_IN, {"username": priya.email, "password": PASSWORD}, **owner)
    assert allowed.status_code == 302


def test_a_client_cannot_dodge_the_lock_by_forging_forwarded_addresses(client, priya, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for n in range(6):
        # The proxy appends the real address (203.0.113.9) after whatever the client sent.
        forged = {"HTTP_X_FORWARDED_FOR": f"192.0.2.{n}, 203.0.113.9", "REMOTE_ADDR": "10.0.0.1"}
        response = client.post(SIGN_IN, {"username": priya.email, "password": "not-it"}, **forged)
    assert response.status_code == 429


def test_your_account_lists_your_partnerships_and_settings(client_as, cast, partnership):
    html = client_as(cast["analyst"]).get(reverse("accounts:account")).content.decode()
    assert "Central Bedfordshire CSP" in html and "Luton CSP" not in html
    for name in ("notifications:settings", "calendar", "accounts:password_change"):
        assert f'href="{reverse(name)}"' in html


def test_your_account_needs_signing_in(client, db):
    response = client.get(reverse("accounts:account"))
    assert response["Location"].startswith(reverse("accounts:login"))
