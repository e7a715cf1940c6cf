"""Browser journey for someone who leaves: the admin opens the person's page, sees why
they cannot be removed (a rationale document names them), marks them as left, and the
person, signed in, no longer finds the partnership and is told their access ended; the
admin gives them access again. axe-core on each page."""

from playwright.sync_api import expect

from consultation.models import RationaleDocument
from cycles.services import create_cycle_from_template
from tests.e2e.conftest import assert_accessible, sign_in


def test_the_admin_marks_someone_as_left_and_gives_them_access_again(
    new_page, live_server, cast, partnership, member
):
    jo = member(cast["theme_specialist"])
    cycle = create_cycle_from_template(
        partnership=partnership, template_key="four-year", start_year=2026
    )
    RationaleDocument.objects.create(
        year=cycle.years.get(number=1), theme="Victims", specialist=jo, due_on="2026-12-18"
    )
    dashboard = f"{live_server.url}/p/{partnership.slug}/"

    admin = new_page()
    sign_in(admin, cast["admin"])
    admin.goto(f"{live_server.url}/p/{partnership.slug}/people/")
    admin.get_by_role("link", name="Jo Evans").click()
    expect(admin.get_by_role("heading", name="Jo Evans", level=1)).to_be_visible()
    expect(admin.get_by_text("You cannot remove Jo Evans: they are named on 1")).to_be_visible()
    assert not admin.get_by_role("button", name="Remove Jo Evans").count()
    assert_accessible(admin)

    admin.get_by_role("button", name="Mark Jo Evans as left").click()
    expect(admin.get_by_text("Jo Evans has left Central Bedfordshire CSP.")).to_be_visible()
    expect(admin.get_by_text("They cannot see anything of it")).to_be_visible()
    assert_accessible(admin)

    person = new_page()
    sign_in(person, cast["theme_specialist"])
    response = person.goto(dashboard)
    assert response.status == 404
    assert_accessible(person)
    person.goto(f"{live_server.url}/")
    expect(
        person.get_by_role("heading", name="You no longer have access to a partnership")
    ).to_be_visible()
    expect(person.get_by_text("Central Bedfordshire CSP: access ended on")).to_be_visible()
    assert_accessible(person)
    person.goto(f"{live_server.url}/accounts/")
    expect(person.get_by_role("heading", name="Access that has ended")).to_be_visible()
    expect(person.get_by_text("Central Bedfordshire CSP: access ended on")).to_be_visible()
    assert_accessible(person)

    admin.get_by_role("button", name="Give Jo Evans access again").click()
    expect(
        admin.get_by_text("Jo Evans can use Central Bedfordshire CSP again, as theme specialist.")
    ).to_be_visible()
    assert person.goto(dashboard).status == 200
