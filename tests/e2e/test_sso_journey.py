"""Browser journey for issue 16: a partnership's admin sends its council's addresses to
the council's identity provider; the domain waits until site staff confirm it; an
invited person signs in there and back, and signs out of both; someone nobody invited
is turned away; staff withdraw the confirmation and the domain routes nobody again. A
real OpenID Connect provider (tests/oidc_provider) runs in its own process. axe-core on
each of our pages."""

import pytest
from playwright.sync_api import expect

from partnerships import services
from partnerships.models import Role
from tests.conftest import make_user
from tests.e2e.conftest import assert_accessible, follow, sign_in
from tests.oidc import PASSWORD, provider_user, running_provider


@pytest.fixture
def provider(tmp_path, settings):
    users = [
        provider_user("alex", "alex.smith@westshire.gov.uk"),
        provider_user("pat", "pat@westshire.gov.uk"),
    ]
    with running_provider(tmp_path, users=users, hosts=("localhost", "127.0.0.1")) as running:
        settings.OIDC_PROVIDERS = running.settings()
        policy = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
        settings.CONTENT_SECURITY_POLICY = {
            "DIRECTIVES": {**policy, "form-action": [*policy["form-action"], running.url]}
        }
        yield running


def _sign_in_through_provider(page, email, username):
    page.goto("/accounts/sign-in/")
    page.get_by_label("Your work email").fill(email)
    page.get_by_role("button", name="Continue to your organisation").click()
    # The provider's own page, not ours.
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in to the provider").click()
    page.wait_for_load_state()


def test_signing_in_through_the_provider(new_page, cast, partnership, provider, live_server):
    admin = new_page()
    sign_in(admin, cast["admin"])
    admin.goto(f"/p/{partnership.slug}/settings/")
    expect(admin.get_by_text("People sign in with a password.")).to_be_visible()
    assert_accessible(admin)
    follow(admin.get_by_role("link", name="Change how people sign in"))
    assert_accessible(admin)
    admin.get_by_label("Identity provider").select_option(label="Westshire Council")
    admin.get_by_label("Email domains").fill("Westshire.gov.uk")
    admin.get_by_role("button", name="Save").click()
    expect(admin.get_by_text("Sign-in settings saved.")).to_be_visible()
    waiting = admin.get_by_role("row", name="westshire.gov.uk")
    expect(waiting).to_contain_text("Waiting for the service's support team to confirm")
    assert_accessible(admin)

    # Until site staff confirm the domain, nobody is sent to the provider.
    early = new_page()
    early.goto("/accounts/sign-in/")
    early.get_by_label("Your work email").fill("alex.smith@westshire.gov.uk")
    early.get_by_role("button", name="Continue to your organisation").click()
    summary = early.get_by_test_id("error-summary")
    expect(
        summary.get_by_role("link", name="Your organisation does not sign in here")
    ).to_be_visible()
    assert_accessible(early)

    support = make_user("help@service.example", "Hana", "Support")
    support.is_staff = True
    support.save()
    staff = new_page()
    sign_in(staff, support)
    staff.goto("/staff/sign-in-domains/")
    asked = staff.get_by_role("row", name="westshire.gov.uk")
    expect(asked).to_contain_text(partnership.name)
    expect(asked).to_contain_text("Westshire Council")
    assert_accessible(staff)
    asked.get_by_role("button", name="Confirm").click()
    expect(staff.get_by_text(f"westshire.gov.uk confirmed for {partnership.name}.")).to_be_visible()
    expect(staff.get_by_text("No domain is waiting to be confirmed.")).to_be_visible()
    assert_accessible(staff)

    admin.reload()
    saved = admin.get_by_text("People with an address at westshire.gov.uk can sign in")
    expect(saved).to_be_visible()
    expect(admin.get_by_role("row", name="westshire.gov.uk")).to_contain_text("Confirmed")

    services.invite_person(
        partnership=partnership,
        email="alex.smith@westshire.gov.uk",
        first_name="Alex",
        last_name="Smith",
        role=Role.ANALYST,
        agency=None,
        invited_by=cast["admin"],
        request_base=live_server.url,
    )

    alex = new_page()
    alex.goto("/accounts/sign-in/")
    offered = alex.get_by_role("heading", name="Sign in with your organisation account")
    expect(offered).to_be_visible()
    assert_accessible(alex)
    _sign_in_through_provider(alex, "alex.smith@westshire.gov.uk", "alex")
    expect(alex.get_by_role("button", name="Sign out")).to_be_visible()
    expect(alex.get_by_text(partnership.name).first).to_be_visible()
    assert_accessible(alex)

    alex.get_by_role("button", name="Sign out").click()
    alex.wait_for_url("**/accounts/sign-in/")
    expect(alex.get_by_role("heading", name="Sign in", exact=True)).to_be_visible()
    assert_accessible(alex)
    # Signed out at the provider too: going again asks for the provider's password.
    alex.get_by_label("Your work email").fill("alex.smith@westshire.gov.uk")
    alex.get_by_role("button", name="Continue to your organisation").click()
    expect(alex.get_by_role("button", name="Sign in to the provider")).to_be_visible()

    pat = new_page()
    _sign_in_through_provider(pat, "pat@westshire.gov.uk", "pat")
    expect(pat.get_by_text("There is no invitation for pat@westshire.gov.uk.")).to_be_visible()
    assert_accessible(pat)

    # Confirmed for the wrong partnership, say: staff withdraw it, and it routes nobody.
    staff.goto("/staff/sign-in-domains/")
    held = staff.get_by_role("row", name="westshire.gov.uk")
    expect(held).to_contain_text("Hana Support")
    held.get_by_role("link", name="Withdraw").click()
    expect(staff.get_by_role("heading", name="Withdraw the confirmation")).to_be_visible()
    assert_accessible(staff)
    staff.get_by_role("button", name="Yes, withdraw the confirmation").click()
    expect(staff.get_by_text("Confirmation withdrawn: westshire.gov.uk")).to_be_visible()
    expect(staff.get_by_text("No domain is confirmed.")).to_be_visible()
    assert_accessible(staff)

    later = new_page()
    later.goto("/accounts/sign-in/")
    later.get_by_label("Your work email").fill("alex.smith@westshire.gov.uk")
    later.get_by_role("button", name="Continue to your organisation").click()
    summary = later.get_by_test_id("error-summary")
    expect(
        summary.get_by_role("link", name="Your organisation does not sign in here")
    ).to_be_visible()
    admin.reload()
    expect(admin.get_by_role("row", name="westshire.gov.uk")).to_contain_text(
        "Refused by the service's support team"
    )
    assert_accessible(admin)
