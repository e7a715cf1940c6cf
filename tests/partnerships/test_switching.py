"""A person in two partnerships lands on the one they used last and switches between them."""

from django.urls import reverse

from partnerships.models import Membership, Role


def test_one_membership_goes_straight_to_its_dashboard(client_as, cast):
    assert client_as(cast["analyst"]).get("/")["Location"] == "/p/central-bedfordshire/"


def test_two_memberships_are_offered_as_a_choice_then_the_last_used_is_remembered(
    client_as, cast, county
):
    chris = cast["board_member"]
    Membership.objects.create(user=chris, partnership=county, role=Role.BOARD_MEMBER)
    client = client_as(chris)
    chooser = client.get("/")
    assert chooser.status_code == 200
    assert "Choose a partnership" in chooser.content.decode()

    response = client.get(reverse("switch"), {"to": "safer-bedfordshire"})
    assert response["Location"] == "/p/safer-bedfordshire/"
    assert client.get("/")["Location"] == "/p/safer-bedfordshire/"

    client.get("/p/central-bedfordshire/")
    assert client.get("/")["Location"] == "/p/central-bedfordshire/"


def test_switching_to_a_partnership_you_are_not_in_is_404(client_as, cast):
    response = client_as(cast["analyst"]).get(reverse("switch"), {"to": "luton"})
    assert response.status_code == 404


def test_someone_with_no_partnership_is_told_what_to_do(client_as, db):
    from django.contrib.auth.models import User

    loner = User.objects.create_user("loner@example.org", "loner@example.org", "x-long-password")
    page = client_as(loner).get("/").content.decode()
    assert "<title>You are not in a partnership yet</title>" in page
    assert "<h1>You are not in a partnership yet</h1>" in page


def test_a_refused_page_shows_the_menu_of_its_own_partnership(client_as, cast, county):
    """Chris last opened the county; a page of Central Bedfordshire their role does not
    allow is refused under Central Bedfordshire's menu, not the county's."""
    chris = cast["board_member"]
    Membership.objects.create(user=chris, partnership=county, role=Role.ANALYST)
    client = client_as(chris)
    client.get(reverse("switch"), {"to": "safer-bedfordshire"})

    refused = client.get(reverse("analysis:upload", args=["central-bedfordshire"]))

    assert refused.status_code == 403
    page = refused.content.decode()
    assert "<span>Central Bedfordshire CSP</span>" in page
    assert "(Board member)" in page and "(Analyst)" not in page


def test_a_page_reads_the_persons_memberships_once_for_itself_and_the_menu(client_as, cast, county):
    """The page's own membership and the switcher's list come from one query, and
    each partnership's page still answers with the role held there."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    chris = cast["board_member"]
    Membership.objects.create(user=chris, partnership=county, role=Role.ANALYST)
    client = client_as(chris)
    upload = "analysis:upload"
    with CaptureQueriesContext(connection) as queries:
        refused = client.get(reverse(upload, args=["central-bedfordshire"]))
    by_person = [
        q["sql"]
        for q in queries.captured_queries
        if 'FROM "partnerships_membership"' in q["sql"]
        and '"partnerships_membership"."user_id" =' in q["sql"]
    ]
    assert len(by_person) == 1
    assert refused.status_code == 403
    assert client.get(reverse(upload, args=["safer-bedfordshire"])).status_code == 200
    assert "Safer Bedfordshire" in refused.content.decode()  # offered by the switcher
