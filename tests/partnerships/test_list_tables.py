"""The partnership set-up lists drawn as tables (people, agencies and districts) take
as many queries however many rows they hold; the people sorted or not."""

from django.urls import reverse
from django.utils import timezone

from partnerships.models import Agency, District, Invitation, Membership, Role
from tests.conftest import make_user
from tests.list_queries import assert_queries_stay_flat

SLUG = "central-bedfordshire"


def test_the_people_queries_do_not_grow_with_people(client_as, cast, partnership, police):
    def add(start, count):
        for n in range(start, start + count):
            user = make_user(f"person{n}@example.org", f"Person {n}", "Test")
            pending = n % 3 == 0
            membership = Membership.objects.create(
                user=user,
                partnership=partnership,
                role=Role.BOARD_MEMBER,
                agency=police if n % 2 else None,
                job_title="Inspector",
                accepted_at=None if pending else timezone.now(),
                left_at=timezone.now() if n % 3 == 1 else None,
            )
            if pending:
                Invitation.objects.create(
                    membership=membership,
                    invited_by=cast["admin"],
                    sent_at=timezone.now(),
                    first_name=f"Typed {n}",
                    last_name="Name",
                )

    url = reverse("partnerships:people", kwargs={"slug": SLUG})
    assert_queries_stay_flat(client_as(cast["admin"]), url, add)


def test_the_settings_page_queries_do_not_grow_with_agencies_and_districts(
    client_as, cast, partnership
):
    def add(start, count):
        for n in range(start, start + count):
            Agency.objects.create(
                partnership=partnership,
                name=f"Agency {n}",
                type=Agency.Type.POLICE,
                is_responsible_authority=n % 2 == 0,
            )
            District.objects.create(
                partnership=partnership, name=f"District {n}", code=f"E0600{n:04d}", population=n
            )

    url = reverse("partnerships:settings", kwargs={"slug": SLUG})
    assert_queries_stay_flat(client_as(cast["admin"]), url, add, tables=2)


def test_the_settings_pages_agencies_and_districts_each_sort_on_their_own(
    client_as, cast, partnership
):
    for name, code in [("Ampthill", "E1"), ("Biggleswade", "E3"), ("Cranfield", "E2")]:
        District.objects.create(partnership=partnership, name=name, code=code)
    for name in ["Bedford Youth Service", "Anglian Water"]:
        Agency.objects.create(partnership=partnership, name=name, type=Agency.Type.POLICE)
    client = client_as(cast["admin"])
    url = reverse("partnerships:settings", kwargs={"slug": SLUG})

    def order(page, *names):
        return sorted(names, key=page.index)

    page = client.get(url, {"districts-sort": "-code"}).content.decode()
    assert order(page, "Ampthill", "Biggleswade", "Cranfield") == [
        "Biggleswade",
        "Cranfield",
        "Ampthill",
    ]
    assert order(page, "Anglian Water", "Bedford Youth Service") == [
        "Anglian Water",
        "Bedford Youth Service",
    ]
    page = client.get(url, {"agencies-sort": "-name"}).content.decode()
    assert order(page, "Anglian Water", "Bedford Youth Service") == [
        "Bedford Youth Service",
        "Anglian Water",
    ]
