"""Site staff are emailed when a domain starts waiting for them: one message each for
the save, after it commits, to active staff with an address and nobody else. A mail server
that fails loses nothing: the save stands and the page answers as usual."""

from smtplib import SMTPException

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse

from partnerships import sso
from partnerships.models import SignInDomain
from tests.partnerships.sign_in_domains import PROVIDERS


class RefusingBackend(BaseEmailBackend):
    """A mail server that is down: every send fails as SMTP does."""

    def send_messages(self, email_messages):
        raise SMTPException("Connection unexpectedly closed")


@pytest.fixture(autouse=True)
def providers(settings):
    settings.OIDC_PROVIDERS = PROVIDERS
    settings.SITE_URL = "https://workbench.example.org"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def _save(client, partnership, provider, domains):
    url = reverse("partnerships:sign_in", args=[partnership.slug])
    return client.post(url, {"provider": provider, "domains": domains}, follow=True)


def test_a_new_domain_tells_staff_once_with_the_link(
    client_as, staff, partnership, priya, django_capture_on_commit_callbacks
):
    User.objects.create_user(
        username="ops@service.example", email="ops@service.example", is_staff=True
    )
    User.objects.create_user(
        username="gone@service.example",
        email="gone@service.example",
        is_staff=True,
        is_active=False,
    )
    User.objects.create_user(username="nomail", email="", is_staff=True)

    with django_capture_on_commit_callbacks(execute=True):
        response = _save(
            client_as(priya), partnership, "westshire", "westshire.gov.uk, wfrs.org.uk"
        )

    assert "Sign-in settings saved." in response.content.decode()
    # One message each: nobody sees the other staff's addresses.
    assert sorted(m.to for m in mail.outbox) == [["help@service.example"], ["ops@service.example"]]
    message = mail.outbox[0]
    assert message.subject == "Sign-in domains to confirm for Central Bedfordshire CSP"
    assert "Priya Shah has asked" in message.body
    assert "Central Bedfordshire CSP through Westshire Council" in message.body
    assert "- westshire.gov.uk\n- wfrs.org.uk" in message.body
    assert "https://workbench.example.org/staff/sign-in-domains/" in message.body


def test_a_resave_with_the_same_domains_sends_nothing(
    client_as, staff, partnership, priya, django_capture_on_commit_callbacks
):
    client = client_as(priya)
    _save(client, partnership, "westshire", "westshire.gov.uk")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        _save(client, partnership, "westshire", "westshire.gov.uk")

    assert mail.outbox == []


def test_only_the_domain_added_is_listed_and_a_new_provider_asks_again(
    client_as, staff, partnership, priya, django_capture_on_commit_callbacks
):
    client = client_as(priya)
    _save(client, partnership, "westshire", "westshire.gov.uk")

    with django_capture_on_commit_callbacks(execute=True):
        _save(client, partnership, "westshire", "westshire.gov.uk, wfrs.org.uk")
    with django_capture_on_commit_callbacks(execute=True):
        _save(client, partnership, "police", "westshire.gov.uk, wfrs.org.uk")

    added, moved = mail.outbox
    assert "- wfrs.org.uk" in added.body and "- westshire.gov.uk" not in added.body
    assert "through Bedfordshire Police" in moved.body
    assert "- westshire.gov.uk\n- wfrs.org.uk" in moved.body


def test_an_admin_who_is_also_staff_is_told_and_other_admins_are_not(
    client_as, partnership, priya, lee, django_capture_on_commit_callbacks
):
    lee.is_staff = True
    lee.save()

    with django_capture_on_commit_callbacks(execute=True):
        _save(client_as(priya), partnership, "westshire", "westshire.gov.uk")

    (message,) = mail.outbox
    assert message.to == ["lee@example.org"]


def test_no_staff_with_an_address_means_no_message(
    client_as, partnership, priya, django_capture_on_commit_callbacks
):
    User.objects.create_user(username="nomail", email="", is_staff=True)

    with django_capture_on_commit_callbacks(execute=True):
        response = _save(client_as(priya), partnership, "westshire", "westshire.gov.uk")

    assert "Sign-in settings saved." in response.content.decode()
    assert mail.outbox == []
    assert SignInDomain.objects.filter(status=SignInDomain.Status.WAITING).count() == 1


def test_a_mail_server_that_fails_keeps_the_save(
    client_as, staff, partnership, priya, settings, caplog, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = _save(client_as(priya), partnership, "westshire", "westshire.gov.uk")

    assert len(callbacks) == 1  # the send was tried
    assert response.status_code == 200
    assert "Sign-in settings saved." in response.content.decode()
    assert list(sso.waiting().values_list("domain", flat=True)) == ["westshire.gov.uk"]
    assert "Staff note of sign-in domains waiting for partnership" in caplog.text
    assert "not sent: SMTPException" in caplog.text
    assert "Connection unexpectedly closed" in caplog.text
