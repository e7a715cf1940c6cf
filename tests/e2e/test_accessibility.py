"""axe-core on every page the foundation adds, as the people who see them."""

import re

from django.contrib.auth.models import User
from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from playwright.sync_api import expect

from cycles.models import Activity, Stage
from cycles.services import create_cycle_from_template
from partnerships.models import Membership, Role
from tests.conftest import PASSWORD
from tests.e2e.conftest import assert_accessible, sign_in


def test_signed_out_pages(page, cast, settings):
    for url, heading in [
        ("/accounts/sign-in/", "Sign in"),
        ("/accounts/password/reset/", "Reset your password"),
        ("/accounts/password/reset/sent/", "Check your email"),
        ("/accounts/set-password/MQ/not-a-token/", "This link has expired or been used"),
        ("/accounts/password/set/", "Your password is set"),
    ]:
        page.goto(url)
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
        assert_accessible(page)

    # A sign-in that fails shows its error accessibly.
    page.goto("/accounts/sign-in/")
    page.get_by_label("Email address").fill(cast["analyst"].email)
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Enter a correct email address and password.")).to_be_visible()
    assert_accessible(page)

    # A new person's set-password page, from an invitation link.
    user = User.objects.create_user("new@example.org", "new@example.org")
    user.set_unusable_password()
    user.save()
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    page.goto(f"/accounts/set-password/{uid}/{token}/")
    expect(page.get_by_role("heading", name="Set your password")).to_be_visible()
    assert_accessible(page)


def test_the_locked_out_page(page, cast, settings):
    settings.AXES_FAILURE_LIMIT = 2
    for _ in range(2):
        sign_in(page, cast["analyst"], password="wrong")
    sign_in(page, cast["analyst"], password=PASSWORD)
    expect(page.get_by_role("heading", name="Too many attempts to sign in")).to_be_visible()
    assert_accessible(page)


def test_every_admin_page(page, cast, partnership, police, membership_of):
    slug = partnership.slug
    sign_in(page, cast["admin"])
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    assert_accessible(page)  # the dashboard before there is a cycle

    cycle = create_cycle_from_template(
        partnership=partnership, template_key="four-year", start_year=2026
    )
    year = cycle.years.get(number=1)
    stage = Stage.objects.get(year=year, kind="analysis")
    activity = Activity.objects.filter(stage=stage).first()
    district = partnership.districts.first()
    person = membership_of(cast["board_member"], partnership)
    theme = partnership.themes.first()
    pages = [
        (f"/p/{slug}/", "Dashboard"),
        (f"/p/{slug}/cycles/", "Assessment cycles"),
        (f"/p/{slug}/cycles/new/", "Create a cycle from a template"),
        (cycle.get_absolute_url(), cycle.name),
        (f"/p/{slug}/cycles/{cycle.pk}/timeline/", f"Timeline: {cycle.name}"),
        (f"/p/{slug}/years/{year.pk}/edit/", "Change year 1 (2026-27)"),
        (f"/p/{slug}/stages/{stage.pk}/edit/", "Change the analysis stage of year 1"),
        (f"/p/{slug}/stages/{stage.pk}/activities/new/", "Add an activity to analysis, year 1"),
        (f"/p/{slug}/activities/{activity.pk}/edit/", "Change the activity"),
        (f"/p/{slug}/activities/{activity.pk}/delete/", f"Delete “{activity.title}”?"),
        (
            f"/p/{slug}/priorities/years/{year.pk}/terms/",
            f"Terms of reference for the {year.label} assessment",
        ),
        (f"/p/{slug}/themes/", "Themes"),
        (f"/p/{slug}/themes/{theme.pk}/", f"Rename the theme “{theme.name}”"),
        (f"/p/{slug}/settings/", "Partnership set-up"),
        (f"/p/{slug}/districts/new/", "Add a district"),
        (f"/p/{slug}/districts/{district.pk}/", "Change the district"),
        (f"/p/{slug}/agencies/new/", "Add an agency"),
        (f"/p/{slug}/agencies/{police.pk}/", "Change the agency"),
        (f"/p/{slug}/people/", "People"),
        (f"/p/{slug}/people/invite/", "Invite someone to Central Bedfordshire CSP"),
        (f"/p/{slug}/people/{person.pk}/", "Chris Morgan"),
        ("/status/", "Service status"),
        ("/accounts/password/", "Change your password"),
        ("/accounts/password/changed/", "Your password has been changed"),
        ("/p/no-such-partnership/", "Page not found"),
    ]
    for url, heading in pages:
        page.goto(url)
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
        assert_accessible(page)

    # A form that comes back with errors.
    page.goto(f"/p/{slug}/people/invite/")
    page.get_by_label("Email address").fill("not an address")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.locator("#div_id_email")).to_contain_text(
        "Enter an email address in the correct format, like name@example.com."
    )
    assert_accessible(page)

    # Inviting an admin asks first, on a page of its own.
    page.get_by_label("Email address").fill("new.admin@example.org")
    page.get_by_label("First name").fill("Nia")
    page.get_by_label("Last name").fill("Okafor")
    page.get_by_label("Role").select_option("admin")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_role("heading", name="Invite Nia Okafor as an admin?")).to_be_visible()
    assert_accessible(page)

    # Saving an activity returns to its row, which takes the focus.
    page.goto(f"/p/{slug}/activities/{activity.pk}/edit/")
    page.get_by_role("button", name="Save activity").click()
    expect(page).to_have_url(re.compile(f"#activity-{activity.pk}$"))
    expect(page.locator(f"#activity-{activity.pk}")).to_be_focused()
    assert_accessible(page)


def test_pages_for_someone_in_two_partnerships_and_someone_in_none(page, new_page, cast, county):
    Membership.objects.create(user=cast["board_member"], partnership=county, role=Role.BOARD_MEMBER)
    sign_in(page, cast["board_member"])
    expect(page.get_by_role("heading", name="Choose a partnership")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Safer Bedfordshire").click()
    expect(
        page.get_by_text(re.compile("Safer Bedfordshire has no assessment cycle yet"))
    ).to_be_visible()
    # The switcher works without JavaScript: a select and a button.
    page.get_by_label("Partnership", exact=True).select_option("central-bedfordshire")
    page.get_by_role("button", name="Switch").click()
    expect(page).to_have_url(re.compile("/p/central-bedfordshire/$"))
    assert_accessible(page)

    loner = User.objects.create_user("loner@example.org", "loner@example.org", PASSWORD)
    other = new_page()
    sign_in(other, loner)
    expect(other.get_by_role("heading", name="You are not in a partnership yet")).to_be_visible()
    assert_accessible(other)


def test_an_existing_account_accepts_an_invitation(page, cast, county):
    """Issue 11, 1d: the invited person sees the invitation, joins, and only then enters."""
    Membership.objects.create(
        user=cast["outsider"], partnership=county, role=Role.BOARD_MEMBER, accepted_at=None
    )
    sign_in(page, cast["outsider"])
    expect(
        page.get_by_role("heading", name="You have been invited to a partnership")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Join Safer Bedfordshire").click()
    expect(page.get_by_text("You have joined Safer Bedfordshire.")).to_be_visible()
    assert_accessible(page)


def test_county_requests_on_the_settings_pages(page, new_page, cast, county, partnership):
    """Issue 11, 1b: the district asks, the county's admin accepts, both pages accessible."""
    partnership.parent = None
    partnership.save()
    sign_in(page, cast["admin"])
    page.goto(f"/p/{partnership.slug}/settings/")
    page.get_by_label("County partnership").select_option(label="Safer Bedfordshire")
    page.get_by_role("button", name="Ask to join").click()
    expect(page.get_by_text("Its admin has not answered yet.")).to_be_visible()
    assert_accessible(page)

    county_admin = User.objects.create_user("casey@example.org", "casey@example.org", PASSWORD)
    Membership.objects.create(user=county_admin, partnership=county, role=Role.ADMIN)
    other = new_page()
    sign_in(other, county_admin)
    other.goto(f"/p/{county.slug}/settings/")
    assert_accessible(other)
    other.get_by_role("button", name="Accept Central Bedfordshire CSP").click()
    expect(
        other.get_by_text("Central Bedfordshire CSP is now part of this county.")
    ).to_be_visible()
    assert_accessible(other)
