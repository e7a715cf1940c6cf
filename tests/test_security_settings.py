"""Headers, sign-in throttling and the deploy check (issue 11, item 9)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse

from tests.conftest import PASSWORD

ROOT = Path(__file__).resolve().parent.parent
SIGN_IN = "/accounts/sign-in/"

# The production environment docs/operations.md gives, with throwaway values.
PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "a-production-like-secret-key-that-is-long-and-random-3f9c1e7a5b2d4f60",
    "ALLOWED_HOSTS": "workbench.example.gov.uk",
    "CSRF_TRUSTED_ORIGINS": "https://workbench.example.gov.uk",
    "BEHIND_TLS_PROXY": "1",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
    "SECURE_HSTS_PRELOAD": "1",
    "ADMIN_PATH": "site-staff-7b2/",
}


TEST_ONLY = {"PLAIN_HTTP", "DJANGO_ALLOW_ASYNC_UNSAFE", "SIGN_IN_ADDRESS_LIMIT"}


def _run_django(code: str, env: dict) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in TEST_ONLY | {"DATABASE_URL"}}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, **env, "DJANGO_SETTINGS_MODULE": "csp_assessment.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_deploy_check_is_clean_with_the_documented_production_environment():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={
            # Only what production has: no test switches (the browser tests set
            # DJANGO_ALLOW_ASYNC_UNSAFE for their live server).
            **{k: v for k, v in os.environ.items() if k not in TEST_ONLY},
            **PRODUCTION_ENV,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_https_defaults_are_on_when_debug_is_off_and_plain_http_turns_them_off():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_HSTS_SECONDS, s.ADMIN_PATH)"
    )
    on = _run_django(code, {"DEBUG": "0", "SECRET_KEY": "x" * 50})
    assert on.stdout.split() == ["True", "True", "True", "31536000", "django-admin/"], on.stderr
    off = _run_django(code, {"DEBUG": "0", "SECRET_KEY": "x" * 50, "PLAIN_HTTP": "1"})
    assert off.stdout.split()[:4] == ["False", "False", "False", "0"], off.stderr


def test_pages_carry_a_policy_that_allows_only_our_own_scripts(client, db):
    response = client.get(SIGN_IN)
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert "'unsafe-inline'" not in directives["script-src"]
    assert directives["frame-ancestors"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"
    assert "<script>" not in response.content.decode()  # no inline script to allow


def test_an_idle_session_ends_and_an_active_one_is_kept(client, cast, settings, monkeypatch):
    from django.contrib.sessions.models import Session

    from csp_assessment import idle

    assert settings.SESSION_COOKIE_AGE == settings.SESSION_IDLE_MINUTES * 60
    client.force_login(cast["analyst"])
    clock = [1_000_000.0]
    monkeypatch.setattr(idle.time, "time", lambda: clock[0])
    client.get("/")
    first = Session.objects.get().expire_date
    clock[0] += 60  # a minute later: no write, expiry unchanged
    client.get("/")
    assert Session.objects.get().expire_date == first
    clock[0] += idle.REFRESH_SECONDS  # still working: the expiry moves on
    client.get("/")
    assert Session.objects.get().expire_date > first


@pytest.mark.django_db
def test_the_admin_site_lives_at_its_configured_path(client, settings):
    response = client.get("/" + settings.ADMIN_PATH)
    assert response.status_code == 302 and "login" in response["Location"]


def test_one_address_trying_many_usernames_is_stopped(client, cast, settings):
    settings.SIGN_IN_ADDRESS_LIMIT = 3
    address = {"REMOTE_ADDR": "192.0.2.41"}
    for name in ("a@example.org", "b@example.org", "c@example.org"):
        client.post(SIGN_IN, {"username": name, "password": "guess"}, **address)
    blocked = client.post(
        SIGN_IN, {"username": cast["admin"].email, "password": PASSWORD}, **address
    )
    assert blocked.status_code == 200
    assert "Too many failed sign-ins from your network" in blocked.content.decode()
    elsewhere = client.post(
        SIGN_IN,
        {"username": cast["admin"].email, "password": PASSWORD},
        REMOTE_ADDR="198.51.100.41",
    )
    assert elsewhere.status_code == 302


def test_password_reset_sends_at_most_three_an_hour_to_one_address(client, cast):
    for n in range(5):
        response = client.post(
            reverse("accounts:password_reset"),
            {"email": cast["analyst"].email},
            REMOTE_ADDR=f"203.0.113.{50 + n}",
            follow=True,
        )
        assert "Check your email" in response.content.decode()
    assert len(mail.outbox) == 3


def test_password_reset_requests_from_one_address_are_limited(client, cast):
    for n in range(12):
        client.post(
            reverse("accounts:password_reset"),
            {"email": f"someone{n}@example.org"},
            REMOTE_ADDR="203.0.113.99",
        )
    client.post(
        reverse("accounts:password_reset"),
        {"email": cast["board_member"].email},
        REMOTE_ADDR="203.0.113.99",
    )
    assert mail.outbox == []


def test_the_address_key_is_keyed_and_does_not_contain_the_address():
    from csp_assessment.throttle import address_key

    key = address_key("203.0.113.7", "salt-a")
    assert "203.0.113.7" not in key and len(key) == 64
    assert key != address_key("203.0.113.7", "salt-b")
