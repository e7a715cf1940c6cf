"""Changing notification settings (issue 16, point 6): a theme specialist finds the page
from the header, chooses per kind, saves; then stops one kind from an email's link
while signed out."""

from django.urls import reverse
from playwright.sync_api import expect

from notifications.emails import unsubscribe_token
from notifications.models import Preference

from .conftest import assert_accessible, sign_in


def test_a_specialist_changes_how_they_hear_about_each_kind(page, new_page, cast):
    jo = cast["theme_specialist"]
    sign_in(page, jo)
    page.get_by_role("navigation").get_by_role("link", name=jo.get_full_name()).click()
    expect(page.get_by_role("heading", name="Your account", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("main").get_by_role("link", name="Notification settings").click()
    expect(page.get_by_role("heading", name="Notification settings", level=1)).to_be_visible()
    assert_accessible(page)

    sheet = page.get_by_role("group", name="Your score sheet is due soon")
    expect(sheet.get_by_label("At once")).to_be_checked()
    sheet.get_by_label("In a daily digest").check()
    page.get_by_role("group", name="An action you own is due").get_by_label("Off").check()
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("Your notification settings are saved.")).to_be_visible()
    expect(sheet.get_by_label("In a daily digest")).to_be_checked()
    assert_accessible(page)
    assert dict(Preference.objects.filter(user=jo).values_list("kind", "delivery")) == {
        "scoring.sheet_due": "digest",
        "priorities.action_due": "off",
    }

    # The link in an email works signed out, and asks before it stops anything.
    token = unsubscribe_token(user_id=jo.pk, kind_keys=["scoring.round_opened"])
    signed_out = new_page()
    signed_out.goto(reverse("notifications:unsubscribe", kwargs={"token": token}))
    expect(signed_out.get_by_role("heading", name="Stop these emails?")).to_be_visible()
    assert_accessible(signed_out)
    signed_out.get_by_role("button", name="Stop these emails").click()
    expect(signed_out.get_by_role("heading", name="Emails stopped")).to_be_visible()
    assert_accessible(signed_out)
    assert Preference.objects.get(user=jo, kind="scoring.round_opened").delivery == "off"
