"""Invitations to people who already have an account must be accepted (issue 11, 1d):
until then the inviting partnership learns nothing about them and they cannot be
given work there."""

from django.core import mail
from django.urls import reverse

from partnerships.models import Membership, Role

from .test_people import SLUG, _invite


def _invite_lee(client_as, cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(
            client_as(cast["admin"]),
            email="lee@example.org",
            first_name="L.",
            last_name="Typed",
            role=Role.BOARD_MEMBER,
        )
    return response, Membership.objects.get(user=cast["outsider"], partnership__slug=SLUG)


def test_the_admin_sees_only_the_name_they_typed(
    client_as, cast, django_capture_on_commit_callbacks
):
    response, pending = _invite_lee(client_as, cast, django_capture_on_commit_callbacks)
    assert pending.accepted_at is None
    people = client_as(cast["admin"]).get(reverse("partnerships:people", args=[SLUG]))
    page = people.content.decode()
    assert "L. Typed" in page and "Invited, not yet joined" in page
    assert "Hughes" not in page  # the name Luton knows Lee by
    person = client_as(cast["admin"]).get(
        reverse("partnerships:person_edit", args=[SLUG, pending.pk])
    )
    assert "Hughes" not in person.content.decode()


def test_the_invited_person_cannot_enter_until_they_accept(
    client_as, cast, django_capture_on_commit_callbacks
):
    _, pending = _invite_lee(client_as, cast, django_capture_on_commit_callbacks)
    lee = client_as(cast["outsider"])
    assert lee.get(f"/p/{SLUG}/").status_code == 404
    home = lee.get("/").content.decode()
    assert "Central Bedfordshire CSP" in home and "Join" in home
    assert "Nothing is shared with Central Bedfordshire CSP until you join" in mail.outbox[0].body

    lee.post(reverse("invitation_accept", args=[pending.pk]))
    pending.refresh_from_db()
    assert pending.accepted_at is not None
    assert lee.get(f"/p/{SLUG}/").status_code == 200
    people = client_as(cast["admin"]).get(reverse("partnerships:people", args=[SLUG]))
    assert "Lee Hughes" in people.content.decode()


def test_declining_removes_the_membership_and_keeps_the_account(
    client_as, cast, django_capture_on_commit_callbacks
):
    _, pending = _invite_lee(client_as, cast, django_capture_on_commit_callbacks)
    client_as(cast["outsider"]).post(reverse("invitation_decline", args=[pending.pk]))
    assert not Membership.objects.filter(pk=pending.pk).exists()
    cast["outsider"].refresh_from_db()
    assert cast["outsider"].has_usable_password()
    assert Membership.objects.filter(user=cast["outsider"]).count() == 1


def test_nobody_else_can_answer_an_invitation(client_as, cast, django_capture_on_commit_callbacks):
    _, pending = _invite_lee(client_as, cast, django_capture_on_commit_callbacks)
    for role in ("admin", "analyst"):
        client = client_as(cast[role])
        assert client.post(reverse("invitation_accept", args=[pending.pk])).status_code == 404
        assert client.post(reverse("invitation_decline", args=[pending.pk])).status_code == 404
    pending.refresh_from_db()
    assert pending.accepted_at is None


def test_the_admin_cannot_tell_whether_an_account_exists(
    client_as, cast, django_capture_on_commit_callbacks
):
    admin = client_as(cast["admin"])
    existing, _ = _invite_lee(client_as, cast, django_capture_on_commit_callbacks)
    after_existing = admin.get(existing["Location"]).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        new = _invite(admin, email="nobody.yet@example.org", first_name="N.", last_name="Typed")
    after_new = admin.get(new["Location"]).content.decode()
    assert "Invitation sent to lee@example.org as Board member." in after_existing
    assert "Invitation sent to nobody.yet@example.org as Theme specialist." in after_new
    # Both rows read the same: the typed name and "not yet joined".
    assert "L. Typed" in after_new and "N. Typed" in after_new
    assert after_new.count("Invited, not yet joined") == 2
