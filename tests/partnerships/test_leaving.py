"""A person who leaves keeps their name on their work and loses their access: the
partnership is a 404 to them, its forms stop offering them for new work (but keep them
where a record already names them), and an admin can give them access again."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cycles.services import create_cycle_from_template
from partnerships.models import Membership, Role
from partnerships.services import mark_left
from priorities.forms import ActionForm

SLUG = "central-bedfordshire"
OTHER = "luton"


def _person_url(name, person, slug=SLUG):
    return reverse(f"partnerships:{name}", kwargs={"slug": slug, "pk": person.pk})


def test_an_admin_marks_someone_as_left_and_their_access_ends(
    client, client_as, cast, member, partnership
):
    jo = member(cast["theme_specialist"])
    dashboard = partnership.get_absolute_url()
    assert client_as(cast["theme_specialist"]).get(dashboard).status_code == 200

    response = client_as(cast["admin"]).post(_person_url("person_left", jo), follow=True)

    page = response.content.decode()
    assert "Jo Evans has left Central Bedfordshire CSP." in page
    assert "Give Jo Evans access again" in page
    jo.refresh_from_db()
    assert jo.left_at is not None
    assert Membership.objects.filter(pk=jo.pk).exists()
    people = client.get(reverse("partnerships:people", kwargs={"slug": SLUG})).content.decode()
    assert f"Left on {date.today():%-d %B %Y}" in people

    client.force_login(cast["theme_specialist"])
    assert client.get(dashboard).status_code == 404
    home = client.get(reverse("home")).content.decode()
    assert f'href="{dashboard}"' not in home
    assert "<title>You no longer have access to a partnership</title>" in home
    assert "<h1>You no longer have access to a partnership</h1>" in home
    assert f"Central Bedfordshire CSP: access ended on {date.today():%-d %B %Y}." in home
    account = client.get(reverse("accounts:account")).content.decode()
    assert f'href="{dashboard}"' not in account
    assert "You have not joined a partnership yet" not in account
    assert f"Central Bedfordshire CSP: access ended on {date.today():%-d %B %Y}." in account


def test_the_account_page_names_ended_access_beside_current_partnerships(
    client_as, cast, member, partnership, county
):
    jo = member(cast["theme_specialist"])
    Membership.objects.create(user=cast["theme_specialist"], partnership=county, role=Role.ANALYST)
    mark_left(membership=jo)
    account = client_as(cast["theme_specialist"]).get(reverse("accounts:account")).content.decode()
    assert f'href="{county.get_absolute_url()}"' in account
    assert "Access that has ended" in account
    assert f"Central Bedfordshire CSP: access ended on {date.today():%-d %B %Y}." in account


def test_giving_access_again_restores_the_same_role(client, client_as, cast, member, partnership):
    jo = member(cast["theme_specialist"])
    mark_left(membership=jo)

    response = client_as(cast["admin"]).post(_person_url("person_back", jo), follow=True)

    assert "Jo Evans can use Central Bedfordshire CSP again, as theme specialist." in (
        response.content.decode()
    )
    jo.refresh_from_db()
    assert (jo.left_at, jo.role) == (None, Role.THEME_SPECIALIST)
    client.force_login(cast["theme_specialist"])
    assert client.get(partnership.get_absolute_url()).status_code == 200


def test_the_last_admin_cannot_be_marked_as_left(client_as, cast, member):
    priya = member(cast["admin"])

    response = client_as(cast["admin"]).post(_person_url("person_left", priya), follow=True)

    assert "A partnership needs at least one admin." in response.content.decode()
    priya.refresh_from_db()
    assert priya.left_at is None


def test_an_admin_who_has_left_does_not_count_as_the_other_admin(cast, member):
    sam = member(cast["analyst"])
    sam.role = Role.ADMIN
    sam.save()
    mark_left(membership=sam)

    with pytest.raises(ValidationError) as refused:
        mark_left(membership=member(cast["admin"]))
    assert refused.value.messages == [
        "A partnership needs at least one admin. Make someone else an admin first."
    ]


def test_someone_not_yet_joined_is_removed_not_marked_as_left(client_as, cast, member):
    jo = member(cast["theme_specialist"])
    Membership.objects.filter(pk=jo.pk).update(accepted_at=None)

    response = client_as(cast["admin"]).post(_person_url("person_left", jo), follow=True)

    assert "has not joined yet. Remove the invitation instead." in response.content.decode()
    jo.refresh_from_db()
    assert jo.left_at is None


def test_inviting_someone_who_left_says_how_to_let_them_back(client_as, cast, member):
    mark_left(membership=member(cast["theme_specialist"]))
    data = {
        "email": "jo@example.org",
        "first_name": "Jo",
        "last_name": "Evans",
        "role": Role.THEME_SPECIALIST,
        "agency": "",
    }

    response = client_as(cast["admin"]).post(
        reverse("partnerships:person_invite", kwargs={"slug": SLUG}), data
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert f"jo@example.org left Central Bedfordshire CSP on {date.today():%-d %B %Y}." in page
    assert "give them access again" in page


def test_only_an_admin_of_the_partnership_may_mark_someone_as_left(client_as, cast, member):
    jo = member(cast["theme_specialist"])
    for user, status in ((cast["analyst"], 403), (cast["outsider"], 404)):
        assert client_as(user).post(_person_url("person_left", jo)).status_code == status
        assert client_as(user).post(_person_url("person_back", jo)).status_code == status
    jo.refresh_from_db()
    assert jo.left_at is None


def test_a_form_offers_only_people_still_here_but_keeps_the_one_a_record_names(
    cast, member, partnership
):
    jo = mark_left(membership=member(cast["theme_specialist"]))

    new = ActionForm(partnership=partnership)
    assert jo not in new.fields["owner"].queryset
    assert member(cast["board_member"]) in new.fields["owner"].queryset

    editing = ActionForm(partnership=partnership, initial={"owner": jo})
    assert jo in editing.fields["owner"].queryset
    assert "Jo Evans (has left)" in editing.fields["owner"].label_from_instance(jo)


def test_the_person_page_says_what_holds_someone_and_offers_leaving_instead(
    client_as, cast, member, partnership
):
    from consultation.models import RationaleDocument

    jo = member(cast["theme_specialist"])
    cycle = create_cycle_from_template(
        partnership=partnership, template_key="four-year", start_year=2026
    )
    RationaleDocument.objects.create(
        year=cycle.years.get(number=1), theme="Victims", specialist=jo, due_on="2026-12-18"
    )

    page = client_as(cast["admin"]).get(_person_url("person_edit", jo)).content.decode()

    assert "You cannot remove Jo Evans: they are named on 1 rationale document." in page
    assert "Mark Jo Evans as left" in page
    assert _person_url("person_remove", jo) not in page


def test_no_new_invitation_goes_to_someone_who_has_left(client_as, cast, member):
    jo = member(cast["theme_specialist"])
    jo.user.set_unusable_password()
    jo.user.save()
    Membership.objects.filter(pk=jo.pk).update(left_at="2026-11-20T12:00:00Z")

    response = client_as(cast["admin"]).post(_person_url("person_resend", jo), follow=True)

    assert "Jo Evans has left. Give them access again instead." in response.content.decode()
    assert "Send a new invitation" not in response.content.decode()


def test_an_admin_who_marks_themselves_as_left_is_taken_home(client_as, cast, member):
    sam = member(cast["analyst"])
    sam.role = Role.ADMIN
    sam.save()
    client = client_as(cast["analyst"])

    response = client.post(_person_url("person_left", sam))

    assert response["Location"] == reverse("home")
    assert client.get(reverse("partnerships:people", kwargs={"slug": SLUG})).status_code == 404


def test_someone_still_a_member_elsewhere_keeps_that_partnership(
    client, cast, member, other_partnership
):
    Membership.objects.create(
        user=cast["theme_specialist"], partnership=other_partnership, role=Role.ANALYST
    )
    mark_left(membership=member(cast["theme_specialist"]))
    client.force_login(cast["theme_specialist"])

    assert client.get(f"/p/{OTHER}/").status_code == 200
    assert client.get(f"/p/{SLUG}/").status_code == 404


def test_editing_a_record_that_names_someone_who_has_left_keeps_them(
    client_as, cast, member, partnership
):
    from cycles.models import Activity

    jo = member(cast["theme_specialist"])
    cycle = create_cycle_from_template(
        partnership=partnership, template_key="four-year", start_year=2026
    )
    activity = Activity.objects.filter(stage__year__cycle=cycle).first()
    Activity.objects.filter(pk=activity.pk).update(owner=jo)
    mark_left(membership=jo)
    client = client_as(cast["admin"])
    data = {
        "title": "Send the partner survey",
        "owner": jo.pk,
        "due_on": "2026-12-01",
        "status": Activity.Status.IN_PROGRESS,
        "description": "",
    }

    edit = reverse("cycles:activity_edit", kwargs={"slug": SLUG, "activity_id": activity.pk})
    assert client.post(edit, data).status_code == 302
    activity.refresh_from_db()
    assert (activity.owner, activity.title) == (jo, "Send the partner survey")

    owned = Activity.objects.filter(owner=jo).count()
    new = reverse("cycles:activity_new", kwargs={"slug": SLUG, "stage_id": activity.stage_id})
    response = client.post(new, data)
    assert response.status_code == 200
    assert "People who have left are not listed." in response.content.decode()
    assert Activity.objects.filter(owner=jo).count() == owned


def test_someone_who_still_has_another_partnership_is_not_told_their_access_ended(
    client, cast, member, partnership, county
):
    jo = member(cast["theme_specialist"])
    Membership.objects.create(
        user=jo.user, partnership=county, role=Role.THEME_SPECIALIST, accepted_at=jo.accepted_at
    )
    mark_left(membership=jo)

    client.force_login(jo.user)
    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response["Location"] == county.get_absolute_url()
