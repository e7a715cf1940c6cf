"""Admins invite people, change their roles and remove them."""

import re

from django.contrib.auth.models import User
from django.core import mail
from django.urls import reverse

from consultation.models import RationaleDocument
from cycles.services import create_cycle_from_template
from partnerships.models import Invitation, Membership, Role

SLUG = "central-bedfordshire"


def _invite(client, **overrides):
    data = {
        "email": "new.person@example.org",
        "first_name": "Ana",
        "last_name": "Lopez",
        "role": Role.THEME_SPECIALIST,
        "agency": "",
    }
    data.update(overrides)
    return client.post(reverse("partnerships:person_invite", kwargs={"slug": SLUG}), data)


def test_people_lists_everyone_with_their_role(client_as, cast):
    response = client_as(cast["admin"]).get(reverse("partnerships:people", kwargs={"slug": SLUG}))
    page = response.content.decode()
    for name in ("Priya Shah", "Sam Taylor", "Jo Evans", "Chris Morgan"):
        assert name in page
    assert "Lee Hughes" not in page


def test_an_invitation_creates_the_membership_and_emails_a_set_password_link(
    client_as, cast, partnership, police, django_capture_on_commit_callbacks
):
    client = client_as(cast["admin"])
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(client, agency=police.pk)
    assert response.status_code == 302
    user = User.objects.get(email="new.person@example.org")
    membership = Membership.objects.get(user=user, partnership=partnership)
    assert (membership.role, membership.agency) == (Role.THEME_SPECIALIST, police)
    assert not user.has_usable_password()
    assert Invitation.objects.get(membership=membership).invited_by == cast["admin"]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new.person@example.org"]
    assert "as theme specialist" in mail.outbox[0].body

    # The invited person follows the link, sets a password and signs in.
    link = re.search(r"https?://[^/]+(/accounts/set-password/\S+)", mail.outbox[0].body).group(1)
    client.logout()
    form_page = client.get(link, follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "my-own-password-42", "new_password2": "my-own-password-42"},
    )
    user.refresh_from_db()
    assert user.check_password("my-own-password-42")
    signed_in = client.post(
        "/accounts/sign-in/",
        {"username": "new.person@example.org", "password": "my-own-password-42"},
    )
    assert signed_in.status_code == 302
    assert client.get("/")["Location"] == f"/p/{SLUG}/"


def test_inviting_someone_from_another_partnership_keeps_their_account(
    client_as, cast, partnership, django_capture_on_commit_callbacks
):
    lee = cast["outsider"]
    with django_capture_on_commit_callbacks(execute=True):
        _invite(client_as(cast["admin"]), email="LEE@example.org", role=Role.BOARD_MEMBER)
    assert Membership.objects.filter(user=lee).count() == 2
    lee.refresh_from_db()
    assert lee.has_usable_password()
    assert "You already have an account" in mail.outbox[0].body
    assert Membership.objects.get(user=lee, partnership__slug=SLUG).accepted_at is None


def test_inviting_an_existing_member_changes_nothing(client_as, cast):
    before = Membership.objects.count()
    response = _invite(client_as(cast["admin"]), email=cast["analyst"].email)
    assert response.status_code == 200
    assert "is already a member of Central Bedfordshire CSP" in response.content.decode()
    assert Membership.objects.count() == before
    assert mail.outbox == []


def test_an_invitation_with_a_bad_email_redisplays_with_the_error(client_as, cast):
    response = _invite(client_as(cast["admin"]), email="not-an-address")
    assert response.status_code == 200
    assert (
        "Enter an email address in the correct format, like name@example.com."
        in response.content.decode()
    )
    assert not User.objects.filter(email="not-an-address").exists()


def test_an_agency_of_another_partnership_is_refused(client_as, cast, other_partnership):
    from partnerships.models import Agency

    foreign = Agency.objects.create(
        partnership=other_partnership, name="Luton Council", type=Agency.Type.DISTRICT_COUNCIL
    )
    response = _invite(client_as(cast["admin"]), agency=foreign.pk)
    assert response.status_code == 200
    assert "Choose one of the options listed." in response.content.decode()
    assert not User.objects.filter(email="new.person@example.org").exists()


def test_admin_changes_a_role(client_as, cast, partnership, membership_of):
    person = membership_of(cast["board_member"], partnership)
    url = reverse("partnerships:person_edit", kwargs={"slug": SLUG, "pk": person.pk})
    response = client_as(cast["admin"]).post(
        url, {"role": Role.ANALYST, "agency": person.agency_id, "job_title": "Analyst"}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.role, person.job_title) == (Role.ANALYST, "Analyst")


def test_the_last_admin_cannot_stop_being_admin(client_as, cast, partnership, membership_of):
    me = membership_of(cast["admin"], partnership)
    url = reverse("partnerships:person_edit", kwargs={"slug": SLUG, "pk": me.pk})
    response = client_as(cast["admin"]).post(
        url, {"role": Role.ANALYST, "agency": "", "job_title": ""}
    )
    assert response.status_code == 200
    assert "A partnership needs at least one admin." in response.content.decode()
    me.refresh_from_db()
    assert me.role == Role.ADMIN


def test_the_last_admin_cannot_be_removed(client_as, cast, partnership, membership_of):
    me = membership_of(cast["admin"], partnership)
    url = reverse("partnerships:person_remove", kwargs={"slug": SLUG, "pk": me.pk})
    response = client_as(cast["admin"]).post(url, follow=True)
    assert "A partnership needs at least one admin." in response.content.decode()
    assert Membership.objects.filter(pk=me.pk).exists()


def test_admin_removes_a_member_who_keeps_their_account(
    client_as, cast, partnership, membership_of
):
    person = membership_of(cast["theme_specialist"], partnership)
    url = reverse("partnerships:person_remove", kwargs={"slug": SLUG, "pk": person.pk})
    response = client_as(cast["admin"]).post(url, follow=True)
    assert "Jo Evans removed from Central Bedfordshire CSP." in response.content.decode()
    assert not Membership.objects.filter(pk=person.pk).exists()
    assert User.objects.filter(pk=cast["theme_specialist"].pk).exists()


def test_admin_sends_a_new_invitation_to_someone_who_has_not_joined(
    client_as, cast, partnership, django_capture_on_commit_callbacks
):
    client = client_as(cast["admin"])
    with django_capture_on_commit_callbacks(execute=True):
        _invite(client)
    invited = Membership.objects.get(user__email="new.person@example.org")
    url = reverse("partnerships:person_resend", kwargs={"slug": SLUG, "pk": invited.pk})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    assert "A new invitation has been sent to new.person@example.org." in response.content.decode()
    assert len(mail.outbox) == 2
    assert "/accounts/set-password/" in mail.outbox[1].body


def test_no_new_invitation_for_someone_who_has_joined(client_as, cast, partnership, membership_of):
    person = membership_of(cast["analyst"], partnership)
    url = reverse("partnerships:person_resend", kwargs={"slug": SLUG, "pk": person.pk})
    response = client_as(cast["admin"]).post(url, follow=True)
    assert "sam@example.org has already joined." in response.content.decode()
    assert mail.outbox == []


def test_a_member_asked_for_a_rationale_is_not_removed_and_the_admin_is_told_why(
    client_as, cast, partnership, membership_of
):
    person = membership_of(cast["theme_specialist"], partnership)
    cycle = create_cycle_from_template(
        partnership=partnership, template_key="four-year", start_year=2026
    )
    RationaleDocument.objects.create(
        year=cycle.years.get(number=1), theme="Victims", specialist=person, due_on="2026-12-18"
    )
    url = reverse("partnerships:person_remove", kwargs={"slug": SLUG, "pk": person.pk})
    response = client_as(cast["admin"]).post(url, follow=True)
    assert response.status_code == 200
    assert (
        "Jo Evans cannot be removed: they are named on 1 rationale document. "
        "Those records must keep their name." in response.content.decode()
    )
    assert Membership.objects.filter(pk=person.pk).exists()
