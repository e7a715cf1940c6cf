"""Issue 17, 10: the invite form starts at the least a member can do, and an admin is
invited only after the inviter confirms it; nothing is sent before."""

from django.core import mail
from django.urls import reverse

from partnerships.models import Membership, Role

from .test_people import SLUG, _invite

URL = reverse("partnerships:person_invite", kwargs={"slug": SLUG})


def test_the_role_starts_at_theme_specialist(client_as, cast):
    page = client_as(cast["admin"]).get(URL).content.decode()
    assert '<option value="theme_specialist" selected>' in page
    assert '<option value="admin" selected>' not in page


def test_inviting_an_admin_asks_first_and_sends_nothing(
    client_as, cast, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(client_as(cast["admin"]), role=Role.ADMIN)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Invite Ana Lopez as an admin?" in page
    assert "Nothing has been sent yet." in page
    assert 'name="confirm_admin" value="yes"' in page
    assert not Membership.objects.filter(user__email="new.person@example.org").exists()
    assert mail.outbox == []


def test_a_confirmed_admin_invitation_is_sent(client_as, cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(client_as(cast["admin"]), role=Role.ADMIN, confirm_admin="yes")
    assert response.status_code == 302
    membership = Membership.objects.get(user__email="new.person@example.org")
    assert membership.role == Role.ADMIN
    assert len(mail.outbox) == 1


def test_changing_the_role_brings_the_form_back_and_asks_again(
    client_as, cast, django_capture_on_commit_callbacks
):
    admin = client_as(cast["admin"])
    with django_capture_on_commit_callbacks(execute=True):
        back = _invite(admin, role=Role.ADMIN, confirm_admin="yes", change="1")
        page = back.content.decode()
        assert "Invite someone to Central Bedfordshire CSP" in page
        assert 'value="Ana"' in page  # what was typed is kept
        assert "confirm_admin" not in page  # the form never carries a confirmation
        again = _invite(admin, role=Role.ADMIN)
    assert "Invite Ana Lopez as an admin?" in again.content.decode()
    assert not Membership.objects.filter(user__email="new.person@example.org").exists()
    assert mail.outbox == []


def test_other_roles_are_sent_without_asking(client_as, cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(client_as(cast["admin"]), role=Role.ANALYST)
    assert response.status_code == 302
    assert Membership.objects.get(user__email="new.person@example.org").role == Role.ANALYST
    assert len(mail.outbox) == 1


def test_a_confirmation_from_someone_who_may_not_invite_is_refused(client_as, cast):
    response = _invite(client_as(cast["analyst"]), role=Role.ADMIN, confirm_admin="yes")
    assert response.status_code == 403
    assert not Membership.objects.filter(user__email="new.person@example.org").exists()


def test_another_partnerships_admin_gets_not_found(client_as, cast, county):
    from django.contrib.auth.models import User

    from tests.conftest import PASSWORD

    other = User.objects.create_user("casey@example.org", "casey@example.org", PASSWORD)
    Membership.objects.create(user=other, partnership=county, role=Role.ADMIN)
    response = _invite(client_as(other), role=Role.ADMIN, confirm_admin="yes")
    assert response.status_code == 404
    assert not Membership.objects.filter(user__email="new.person@example.org").exists()
