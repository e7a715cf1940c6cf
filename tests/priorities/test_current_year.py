"""The year the pages open on (priorities.selectors.current_year): the running year; once
a cycle has ended with no successor, its last year, not its first; before a cycle starts,
its first year."""

from datetime import date

from django.urls import reverse
from django.utils import timezone

from cycles.services import create_cycle_from_template
from priorities import selectors


def _fy_start(today: date) -> int:
    return today.year if today.month >= 4 else today.year - 1


def _four_years(partnership, start_year: int) -> dict:
    cycle = create_cycle_from_template(
        partnership=partnership, template_key="four-year", start_year=start_year
    )
    return {y.number: y for y in cycle.years.all()}


def test_a_running_cycle_opens_on_the_year_running(partnership, cast):
    years = _four_years(partnership, 2020)
    assert selectors.current_year(partnership, date(2022, 6, 1)) == years[3]


def test_an_ended_cycle_opens_on_its_last_year_not_its_first(partnership, cast):
    years = _four_years(partnership, 2020)  # 2020-21 to 2023-24, ended 31 March 2024
    assert selectors.current_year(partnership, date(2024, 4, 1)) == years[4]
    assert selectors.current_year(partnership, date(2026, 6, 1)) == years[4]


def test_a_cycle_still_to_come_opens_on_its_first_year(partnership, cast):
    years = _four_years(partnership, 2030)
    assert selectors.current_year(partnership, date(2026, 6, 1)) == years[1]


def test_the_priorities_tab_and_the_dashboard_open_on_the_ended_cycles_last_year(
    partnership, cast, client_as
):
    # A cycle whose four years ended last 31 March, with no cycle after it.
    years = _four_years(partnership, _fy_start(timezone.localdate()) - 4)
    client = client_as(cast["analyst"])
    page = client.get(reverse("priorities:index", args=[partnership.slug]))
    assert page["Location"] == reverse("priorities:year", args=[partnership.slug, years[4].pk])
    dashboard = client.get(reverse("cycles:dashboard", args=[partnership.slug])).content.decode()
    assert f"See the priorities for {years[4].label}" in dashboard
