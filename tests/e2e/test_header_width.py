"""The signed-in header fits the screen: an admin's menu (thirteen items, their name
and role, "Sign out") wraps onto more lines rather than making every page scroll
sideways, as it did at 1280 pixels once the account links joined it."""

import pytest
from playwright.sync_api import expect

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
