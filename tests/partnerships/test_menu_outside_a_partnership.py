"""The account and calendar pages belong to no partnership, yet they show the menu of
the partnership the person is in now: the one they last opened or switched to, or
their only one. Someone with no current partnership sees no partnership menu."""

import pytest
from django.urls import reverse

from partnerships.models import Membership, Role

SLUG = "central-bedfordshire"
PAGES = [reverse("accounts:account"), reverse("calendar")]


def _menu(html: str) -> str:
    return html.split('id="main-nav"', 1)[1].split("</nav>", 1)[0]


@pytest.mark.parametrize("url", PAGES)
def test_the_admin_sees_the_same_menu_as_on_the_dashboard(client_as, cast, url):
    client = client_as(cast["admin"])
    dashboard = _menu(client.get(reverse("cycles:dashboard", args=[SLUG])).content.decode())
    menu = _menu(client.get(url).content.decode())
    for link in (
        reverse("cycles:dashboard", args=[SLUG]),
        reverse("plans:index", args=[SLUG]),
        reverse("partnerships:settings", args=[SLUG]),
    ):
        assert f'href="{link}"' in dashboard
        assert f'href="{link}"' in menu, link
    assert "(Admin)" in menu


@pytest.mark.parametrize("url", PAGES)
def test_an_only_partnership_is_the_current_one_before_any_page_of_it(client_as, cast, url):
    menu = _menu(client_as(cast["board_member"]).get(url).content.decode())
    assert f'href="{reverse("cycles:dashboard", args=[SLUG])}"' in menu
    assert f'href="{reverse("partnerships:settings", args=[SLUG])}"' not in menu
    assert "(Board member)" in menu


def test_with_two_partnerships_the_menu_is_the_one_switched_to(client_as, cast, other_partnership):
    Membership.objects.create(user=cast["analyst"], partnership=other_partnership, role=Role.ADMIN)
    client = client_as(cast["analyst"])
    assert f'href="{reverse("cycles:dashboard", args=[SLUG])}"' not in _menu(
        client.get(PAGES[0]).content.decode()
    ), "with two and none chosen, there is no current one"
    client.get(reverse("switch"), {"to": "luton"})
    menu = _menu(client.get(PAGES[1]).content.decode())
    assert f'href="{reverse("cycles:dashboard", args=["luton"])}"' in menu
    assert f'href="{reverse("partnerships:settings", args=["luton"])}"' in menu
    assert f'href="{reverse("cycles:dashboard", args=[SLUG])}"' not in menu


def test_someone_who_has_left_sees_no_partnership_menu(client_as, cast):
    Membership.objects.filter(user=cast["admin"]).update(left_at="2026-11-01T00:00Z")
    menu = _menu(client_as(cast["admin"]).get(PAGES[0]).content.decode())
    assert "/p/" not in menu


def test_the_settings_item_leads_to_the_set_up_page_which_leads_to_people(client_as, cast):
    client = client_as(cast["admin"])
    people = reverse("partnerships:people", args=[SLUG])
    menu = _menu(client.get(people).content.decode())
    assert 'aria-current="page" href="/p/central-bedfordshire/settings/">Settings</a>' in menu
    settings = client.get(reverse("partnerships:settings", args=[SLUG])).content.decode()
    assert f'href="{people}"' in settings
