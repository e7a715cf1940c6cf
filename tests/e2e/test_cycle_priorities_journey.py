"""The board agreeing the cycle's priorities (seed 000), in Chromium with axe-core on
every page: a board member agrees year 1's proposals at a board meeting, and the
dashboard and the priorities pages of years 1 to 4 then show them as the cycle's
priorities; at the year-3 refresh the analyst proposes a focus area under one of them,
the board agrees it, and it appears under its priority."""

import re

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from cycles.services import create_cycle_from_template, save_issue
from priorities.models import Priority
from priorities.services.meetings import add_item, create_meeting, record_decision
from priorities.services.proposals import propose_priority
from tests.e2e.conftest import assert_accessible, follow, sign_in

SLUG = "central-bedfordshire"


def _fy_start() -> int:
    today = timezone.localdate()
    return today.year if today.month >= 4 else today.year - 1


def _cycle(partnership, years_ago: int):
    cycle = create_cycle_from_template(
        partnership=partnership, template_key="four-year", start_year=_fy_start() - years_ago
    )
    return cycle, {y.number: y for y in cycle.years.all()}


def _propose(year, title):
    return propose_priority(year=year, title=title, issues=[save_issue(year=year, title=title)])


def _board_item(partnership, title, held_on=None):
    meeting = create_meeting(partnership=partnership, held_on=held_on or timezone.localdate())
    return add_item(meeting=meeting, title=title)


def _record(page, proposal_label: str, minute: str) -> None:
    follow(page.get_by_role("link", name=re.compile("Record a decision")))
    assert_accessible(page)
    page.get_by_label("Proposal").select_option(label=proposal_label)
    page.get_by_label("Agreed", exact=True).check()
    page.get_by_label("Minute").fill(minute)
    page.get_by_role("button", name="Record decision").click()


def test_the_board_agrees_the_cycles_priorities_and_they_last_years_1_to_4(page, cast, partnership):
    cycle, years = _cycle(partnership, 0)
    start, end = years[1].starts_on.year, years[4].ends_on.year
    span = f"for the four years {start} to {end}"
    _propose(years[1], "Anti-social behaviour")
    _propose(years[1], "Domestic abuse")
    item = _board_item(partnership, "Strategic assessment: the cycle's priorities")

    sign_in(page, cast["board_member"])
    page.goto(reverse("priorities:meeting", kwargs={"slug": SLUG, "meeting_id": item.meeting_id}))
    expect(page.get_by_test_id("cycle-wording")).to_contain_text("for the whole assessment cycle")
    assert_accessible(page)
    for title in ("Anti-social behaviour", "Domestic abuse"):
        _record(page, f"{title} ({years[1].label}, {span})", "Agreed for the cycle.")
        expect(page.get_by_text(f"Decision recorded: {title}, agreed, {span}.")).to_be_visible()
    decisions = page.get_by_test_id("decision")
    expect(decisions).to_have_count(2)
    expect(decisions.first).to_contain_text(f"Agreed, {span}")
    assert_accessible(page)

    page.goto(reverse("cycles:dashboard", kwargs={"slug": SLUG}))
    panel = page.get_by_test_id("cycle-priorities-panel")
    expect(panel).to_contain_text(f"Agreed by the board for the four years {start} to {end}")
    expect(panel.get_by_test_id("cycle-priority")).to_have_count(2)
    assert_accessible(page)

    for number in (1, 2, 3, 4):
        page.goto(reverse("priorities:year", kwargs={"slug": SLUG, "year_id": years[number].pk}))
        table = page.get_by_test_id("cycle-priorities")
        expect(table.get_by_role("link", name="Anti-social behaviour")).to_be_visible()
        expect(table.get_by_role("link", name="Domestic abuse")).to_be_visible()
        expect(table).to_contain_text(f"Year 1 ({years[1].label})")
        assert_accessible(page)
    # Nothing was decided again after year 1.
    assert not Priority.objects.filter(year__cycle=cycle, year__number__gt=1).exists()


def test_a_year_3_refresh_focus_area_is_agreed_and_sits_under_its_priority(
    page, new_page, cast, partnership, membership_of
):
    cycle, years = _cycle(partnership, 2)  # today is in year 3, the refresh
    board = membership_of(cast["board_member"], partnership)
    old = _board_item(partnership, "The cycle's priorities", held_on=years[1].ends_on)
    for title in ("Anti-social behaviour", "Domestic abuse"):
        record_decision(
            item=old,
            priority=_propose(years[1], title),
            outcome="agreed",
            minute="Agreed.",
            decided_by=board,
            today=years[1].ends_on,
        )
    save_issue(year=years[3], title="Stalking and harassment")
    item = _board_item(partnership, "Refresh: additional priorities or focus areas")

    analyst = new_page()
    sign_in(analyst, cast["analyst"])
    analyst.goto(reverse("priorities:year", kwargs={"slug": SLUG, "year_id": years[3].pk}))
    expect(analyst.get_by_test_id("year-purpose")).to_contain_text("This is the refresh year.")
    assert_accessible(analyst)
    follow(analyst.get_by_role("link", name="Propose an addition"))
    assert_accessible(analyst)
    analyst.get_by_label("Stalking and harassment").check()
    analyst.get_by_label("Title").fill("Stalking and harassment")
    analyst.get_by_label("A focus area under one of the cycle's priorities").check()
    analyst.get_by_label("The cycle's priority it sits under").select_option(label="Domestic abuse")
    analyst.get_by_role("button", name="Save proposal").click()
    expect(analyst.get_by_text("Stalking and harassment proposed.")).to_be_visible()
    assert_accessible(analyst)

    sign_in(page, cast["board_member"])
    page.goto(reverse("priorities:meeting", kwargs={"slug": SLUG, "meeting_id": item.meeting_id}))
    assert_accessible(page)
    rest = f"for the rest of the cycle, {years[3].starts_on.year} to {years[4].ends_on.year}"
    _record(
        page,
        f"Domestic abuse: Stalking and harassment ({years[3].label}, a focus area {rest})",
        "Agreed as a focus area under domestic abuse.",
    )
    expect(page.get_by_test_id("agreed-for")).to_have_text(f"a focus area {rest}")
    assert_accessible(page)

    page.goto(reverse("cycles:dashboard", kwargs={"slug": SLUG}))
    panel = page.get_by_test_id("cycle-priorities-panel")
    area = panel.get_by_test_id("focus-area")
    expect(area).to_contain_text("Focus area under Domestic abuse:")
    expect(area.get_by_role("link", name="Stalking and harassment")).to_be_visible()
    expect(panel).to_contain_text("2 priorities and 1 focus area")
    assert_accessible(page)
    page.goto(reverse("priorities:year", kwargs={"slug": SLUG, "year_id": years[4].pk}))
    expect(page.get_by_test_id("cycle-priorities").get_by_test_id("focus-area")).to_contain_text(
        "Stalking and harassment"
    )
    assert_accessible(page)
    area = Priority.objects.get(title="Stalking and harassment")
    assert area.status == Priority.Status.AGREED and area.decisions.get().item == item
