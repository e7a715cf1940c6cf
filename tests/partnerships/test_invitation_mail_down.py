"""An invitation when the mail server is down: the person is invited, the page answers
as usual and says the email was not sent, People shows it, and a new invitation once
the server is back goes out and clears it. A real SMTP server (aiosmtpd on loopback),
stopped and started; the database is committed as in production, so the email is
tried within the request."""

import pytest
from django.urls import reverse

from partnerships.models import Invitation, Membership, Role
from tests.mail import smtp_server  # noqa: F401 - a fixture

SLUG = "central-bedfordshire"
NOT_SENT = "is invited, but the email to new.person@example.org could not be sent"


@pytest.mark.django_db(transaction=True)
def test_an_invitation_the_mail_server_cannot_take_is_kept_and_the_admin_is_told(
    client_as,
    cast,
    smtp_server,  # noqa: F811 - the fixture
):
    smtp_server.stop()  # nothing listens now: a real refused connection
    client = client_as(cast["admin"])
    response = client.post(
        reverse("partnerships:person_invite", kwargs={"slug": SLUG}),
        {
            "email": "new.person@example.org",
            "first_name": "Ana",
            "last_name": "Lopez",
            "role": Role.THEME_SPECIALIST,
            "agency": "",
        },
        follow=True,
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert NOT_SENT in page and "Invitation sent to" not in page
    invited = Membership.objects.get(user__email="new.person@example.org")
    assert Invitation.objects.get(membership=invited).not_sent_at is not None
    assert "Invited, but the email could not be sent" in page
    person_url = reverse("partnerships:person_edit", kwargs={"slug": SLUG, "pk": invited.pk})
    assert "The invitation email could not be sent on" in client.get(person_url).content.decode()

    # Still down: a new invitation says so again, and nothing is lost.
    resend = reverse("partnerships:person_resend", kwargs={"slug": SLUG, "pk": invited.pk})
    assert NOT_SENT in client.post(resend, follow=True).content.decode()

    smtp_server.start()
    page = client.post(resend, follow=True).content.decode()
    assert "A new invitation has been sent to new.person@example.org." in page
    assert "The invitation email could not be sent on" not in page
    assert Invitation.objects.get(membership=invited).not_sent_at is None
    assert [m["To"] for m in smtp_server.inbox.messages] == ["new.person@example.org"]
