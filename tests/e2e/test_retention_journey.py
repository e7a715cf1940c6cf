"""Browser journey for retention: the admin sets how long responses and files are
kept, confirming; the privacy notice states it and is reached from the footer on a
phone-width screen. axe-core on each page."""

from playwright.sync_api import expect

from partnerships.models import Keep
from tests.e2e.conftest import assert_accessible, sign_in


def test_the_admin_sets_retention_and_the_notice_states_it(
    new_page, live_server, cast, partnership
):
    page = new_page()
    sign_in(page, cast["admin"])
    page.goto(f"{live_server.url}/p/{partnership.slug}/settings/")
    page.get_by_role("link", name="Retention: how long responses and files are kept").click()
    expect(page.get_by_role("heading", name="Retention", exact=True)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("group", name="Keep consultation responses").get_by_label(
        "For a number of months"
    ).check()
    page.get_by_label("Months after the consultation closes").fill("18")
    page.get_by_role("button", name="Save retention settings").click()
    expect(
        page.get_by_test_id("error-summary").get_by_role(
            "link", name="Tick the box to confirm you understand."
        )
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_label("I understand that each night").check()
    page.get_by_role("button", name="Save retention settings").click()
    expect(page.get_by_text("Retention settings saved.")).to_be_visible()
    partnership.refresh_from_db()
    assert (partnership.responses_kept, partnership.responses_months) == (Keep.MONTHS, 18)

    # The admin reads the notice from the footer: it states their partnership's settings.
    page.get_by_role("contentinfo").get_by_role("link", name="Privacy notice").click()
    expect(page.get_by_role("heading", name="Privacy notice", level=1)).to_be_visible()
    expect(
        page.get_by_text("Survey responses: kept for 18 months after the survey closes.")
    ).to_be_visible()
    assert_accessible(page)

    # Anyone on a phone reaches it from the footer too; it names no partnership.
    phone = new_page(width=375)
    phone.goto(f"{live_server.url}/accounts/sign-in/")
    phone.get_by_role("contentinfo").get_by_role("link", name="Privacy notice").click()
    expect(phone.get_by_role("heading", name="Privacy notice", level=1)).to_be_visible()
    expect(phone.get_by_text("A partnership's survey links to this notice")).to_be_visible()
    assert not phone.get_by_text("kept for 18 months").count()
    assert_accessible(phone)
