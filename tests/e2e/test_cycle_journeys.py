"""The foundation's journeys, as each role, in Chromium, with axe-core on every page."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cycles.models import Activity, Cycle, Stage
from cycles.services import create_cycle_from_template
from tests.e2e.conftest import assert_accessible, follow, sign_in


def test_admin_creates_a_four_year_cycle_and_moves_a_stage_window(page, cast, partnership):
    sign_in(page, cast["admin"])
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Create a cycle from a template").click()
    expect(page.get_by_role("heading", name="Create a cycle from a template")).to_be_visible()
    assert_accessible(page)
    page.get_by_label(re.compile("Four-year cycle:")).check()
    page.get_by_label("First financial year starts in").fill("2026")
    page.get_by_role("button", name="Create cycle").click()

    expect(page.get_by_role("heading", name="Four-year cycle 2026-30")).to_be_visible()
    expect(page.get_by_text("Four-year cycle 2026-30 created.")).to_be_visible()
    assert_accessible(page)
    cycle = Cycle.objects.get(partnership=partnership)
    assert cycle.years.count() == 4
    assert [y.kind for y in cycle.years.order_by("number")] == [
        "full",
        "interim",
        "refresh",
        "interim",
    ]

    follow(page.get_by_role("link", name="Change consultation window for year 1"))
    assert_accessible(page)
    page.get_by_label("Starts on").fill("2026-09-15")
    page.get_by_label("Ends on").fill("2026-11-06")
    page.get_by_role("button", name="Save stage").click()

    expect(page.get_by_text("Consultation window for year 1 saved.")).to_be_visible()
    stage = Stage.objects.get(year__cycle=cycle, year__number=1, kind="consultation")
    assert (stage.starts_on, stage.ends_on) == (date(2026, 9, 15), date(2026, 11, 6))
    expect(page.get_by_test_id(f"stage-window-{stage.pk}")).to_contain_text(
        "15 September 2026 to 6 November 2026"
    )

    page.get_by_role("link", name="Timeline").click()
    expect(page.get_by_role("img", name=re.compile("Chart of the cycle"))).to_be_visible()
    expect(page.get_by_role("cell", name="15 September 2026")).to_be_visible()
    assert_accessible(page)


def test_a_bad_window_is_refused_and_changes_nothing(page, cast, partnership):
    cycle = create_cycle_from_template(
        partnership=partnership, template_key="four-year", start_year=2026
    )
    stage = Stage.objects.get(year__cycle=cycle, year__number=1, kind="analysis")
    before = (stage.starts_on, stage.ends_on)
    sign_in(page, cast["admin"])
    page.goto(f"/p/{partnership.slug}/stages/{stage.pk}/edit/")
    page.get_by_label("Starts on").fill("2026-12-01")
    page.get_by_label("Ends on").fill("2026-10-01")
    page.get_by_role("button", name="Save stage").click()
    message = "The end date must be on or after the start date."
    expect(page.locator("#div_id_ends_on")).to_contain_text(message)
    # The summary at the top gives the message too, as a link that goes to the field.
    summary = page.get_by_test_id("error-summary")
    expect(summary).to_contain_text("There is a problem")
    summary.get_by_role("link", name=message).click()
    expect(page).to_have_url(re.compile("#div_id_ends_on$"))
    assert_accessible(page)
    stage.refresh_from_db()
    assert (stage.starts_on, stage.ends_on) == before


def test_analyst_sees_an_overdue_activity_on_the_dashboard(page, cast, partnership, membership_of):
    today = timezone.localdate()
    cycle = create_cycle_from_template(
        partnership=partnership, template_key="annual", start_year=today.year - (today.month < 4)
    )
    stage = Stage.objects.filter(year__cycle=cycle).first()
    Activity.objects.create(
        stage=stage,
        title="Send the quarterly data return",
        owner=membership_of(cast["analyst"], partnership),
        due_on=today - timedelta(days=3),
        status=Activity.Status.IN_PROGRESS,
    )
    sign_in(page, cast["analyst"])
    overdue = page.get_by_role("heading", name=re.compile(r"^Overdue \(\d+\)"))
    expect(overdue).to_be_visible()
    row = page.get_by_role("row", name=re.compile("Send the quarterly data return"))
    expect(row.get_by_text("Overdue", exact=True)).to_be_visible()
    assert_accessible(page)

    # The analyst marks it done from the dashboard; it leaves the overdue list.
    row.get_by_label("Status of Send the quarterly data return").select_option("done")
    row.get_by_role("button", name=re.compile("^Update")).click()
    expect(page.get_by_text("“Send the quarterly data return” is now done.")).to_be_visible()
    expect(
        page.get_by_role("row", name=re.compile("Send the quarterly data return"))
    ).to_have_count(0)


def test_board_member_cannot_edit_the_cycle(page, cast, partnership):
    cycle = create_cycle_from_template(
        partnership=partnership, template_key="four-year", start_year=2026
    )
    stage = Stage.objects.get(year__cycle=cycle, year__number=1, kind="reports")
    before = (stage.starts_on, stage.ends_on)
    sign_in(page, cast["board_member"])
    page.goto(cycle.get_absolute_url())
    expect(page.get_by_role("heading", name=cycle.name)).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("^Change"))).to_have_count(0)
    expect(page.get_by_role("link", name=re.compile("^Add activity"))).to_have_count(0)
    assert_accessible(page)

    response = page.goto(f"/p/{partnership.slug}/stages/{stage.pk}/edit/")
    assert response.status == 403
    expect(page.get_by_role("heading", name="You cannot do this")).to_be_visible()
    assert_accessible(page)
    stage.refresh_from_db()
    assert (stage.starts_on, stage.ends_on) == before


def test_another_partnerships_user_gets_404(page, cast, partnership):
    cycle = create_cycle_from_template(
        partnership=partnership, template_key="four-year", start_year=2026
    )
    sign_in(page, cast["outsider"])
    for url in (
        f"/p/{partnership.slug}/",
        cycle.get_absolute_url(),
        f"/p/{partnership.slug}/settings/",
    ):
        response = page.goto(url)
        assert response.status == 404, url
        expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
        expect(page.get_by_text(cycle.name)).to_have_count(0)
    assert_accessible(page)


@pytest.mark.parametrize("width", [375])
def test_dashboard_is_readable_at_phone_width(new_page, cast, partnership, width):
    create_cycle_from_template(partnership=partnership, template_key="four-year", start_year=2026)
    page = new_page(width)
    sign_in(page, cast["analyst"])
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"the page is {scroll_width}px wide at {width}px"
    assert_accessible(page)
