"""The signed-in header fits the screen: an admin's menu (its links, their name and
role, "Sign out") wraps onto more lines rather than making every page scroll sideways,
as it did at 1280 pixels once the account links joined it; and at 1280 pixels it fits
on one line, even for someone in two partnerships (the switcher sits under the menu)."""

import pytest
from playwright.sync_api import expect

from partnerships.models import Membership

from .conftest import assert_accessible, sign_in


@pytest.mark.parametrize("width", [1280, 1100, 992])
def test_an_admins_header_never_scrolls_sideways(new_page, cast, partnership, width):
    page = new_page(width=width)
    sign_in(page, cast["admin"])
    page.goto(f"/p/{partnership.slug}/")
    expect(
        page.get_by_role("link", name="Sign out").or_(page.get_by_role("button", name="Sign out"))
    ).to_be_visible()
    scroll, client = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert scroll <= client, f"{scroll} > {client} at {width} pixels"
    assert_accessible(page)


# Every item of the open menu (links, the switcher, the name and "Sign out"), as the
# top and bottom of its box: on one line, none starts below another's bottom.
MENU_ITEMS = """() => [...document.querySelectorAll('#main-nav .nav-item, #main-nav form.d-flex')]
    .map(item => item.getBoundingClientRect()).map(box => [box.top, box.bottom])"""


@pytest.mark.parametrize("partnerships", [1, 2])
def test_an_admins_menu_fits_on_one_line_at_1280(
    new_page, cast, partnership, other_partnership, partnerships
):
    if partnerships == 2:  # the partnership switcher joins the menu
        Membership.objects.create(user=cast["admin"], partnership=other_partnership, role="admin")
    page = new_page(width=1280)
    sign_in(page, cast["admin"])
    page.goto(f"/p/{partnership.slug}/")
    boxes = page.evaluate(MENU_ITEMS)
    assert max(top for top, _ in boxes) < min(bottom for _, bottom in boxes), boxes
    assert_accessible(page)
