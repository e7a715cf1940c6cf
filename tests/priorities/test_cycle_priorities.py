"""Priorities last the cycle (seed 000): the board agrees them once, in year 1, and years
2 to 4 carry them without a new decision; the year-3 refresh adds priorities or focus
areas under them. Pages, the dashboard, the report and the public page show the cycle's
priorities with their leads, KPIs and RAG, in queries that do not grow with them."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from cycles.services import carry_over_issues, create_cycle_from_template, save_issue
from priorities import cycle_selectors, rules
from priorities.models import Priority
from priorities.selectors import cycle_priorities
from priorities.services.kpis import add_kpi, enter_kpi_value
from priorities.services.meetings import add_item, create_meeting, record_decision
from priorities.services.proposals import (
    carry_over_priorities,
    propose_priority,
    publish_priorities,
)
from reports import services as reports
from reports.models import Report

SLUG = "central-bedfordshire"


def _fy_start(today: date) -> int:
    return today.year if today.month >= 4 else today.year - 1


@pytest.fixture
def four_years(partnership, cast):
    """A four-year cycle that began last financial year, so today is in its year 2."""
    start = _fy_start(timezone.localdate()) - 1
    cycle = create_cycle_from_template(
        partnership=partnership, template_key="four-year", start_year=start
    )
    return {y.number: y for y in cycle.years.all()}


@pytest.fixture
def decide(partnership, membership_of, cast):
    board = membership_of(cast["board_member"], partnership)

    def agree(priority, outcome="agreed"):
        meeting = create_meeting(partnership=partnership, held_on=priority.year.ends_on)
        item = add_item(meeting=meeting, title="Priorities")
        record_decision(
            item=item,
            priority=priority,
            outcome=outcome,
            minute="Decided.",
            decided_by=board,
            today=meeting.held_on,
        )
        priority.refresh_from_db()
        return priority

    return agree


def _propose(year, title, **more):
    return propose_priority(
        year=year, title=title, issues=[save_issue(year=year, title=title)], **more
    )


def _with_kpi(priority, values, board, name=None):
    kpi = add_kpi(
        priority=priority,
        name=name or f"{priority.title} measure",
        baseline=100,
        target=80,
        direction="down",
    )
    for n, value in enumerate(values):
        enter_kpi_value(kpi=kpi, period_ending=date(2020 + n, 3, 31), value=value, entered_by=board)
    return kpi


@pytest.fixture
def year_1_agreed(four_years, decide, partnership, membership_of, cast, police):
    """Two priorities agreed in year 1 with KPIs (one on track, one off track), and one
    the board did not agree."""
    board = membership_of(cast["board_member"], partnership)
    asb = decide(_propose(four_years[1], "Anti-social behaviour", lead=board, lead_agency=police))
    _with_kpi(asb, [95, 85], board, name="Repeat victims of ASB")
    abuse = decide(_propose(four_years[1], "Domestic abuse"))
    _with_kpi(abuse, [104], board, name="Repeat referrals to MARAC")
    decide(_propose(four_years[1], "Vehicle crime"), outcome="not_agreed")
    return [asb, abuse]


def test_year_1_priorities_carry_through_years_2_to_4_without_a_new_decision(
    four_years, year_1_agreed, partnership
):
    for number in (1, 2, 3, 4):
        assert cycle_priorities(four_years[number]) == year_1_agreed
    # Nothing was proposed or decided again in the later years.
    assert not Priority.objects.filter(year__number__gt=1).exists()
    # Another cycle's year does not carry them.
    later = create_cycle_from_template(
        partnership=partnership,
        template_key="annual",
        start_year=four_years[4].ends_on.year,
    ).years.get()
    assert cycle_priorities(later) == []


def test_a_priority_the_board_retires_stops_counting_from_that_year(four_years, year_1_agreed):
    asb, abuse = year_1_agreed
    asb.ended_in = four_years[3]
    asb.save()
    assert cycle_priorities(four_years[2]) == [asb, abuse]
    assert cycle_priorities(four_years[3]) == [abuse]


def test_the_cycles_priorities_load_in_queries_that_do_not_grow(
    four_years, year_1_agreed, decide, partnership, membership_of, cast
):
    board = membership_of(cast["board_member"], partnership)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            cycle_selectors.cycle_progress(four_years[2])
        return len(queries)

    before = count()
    for n in range(3):
        p = decide(_propose(four_years[1], f"Extra priority {n}"))
        _with_kpi(p, [90, 85, 80], board)
    area = _propose(
        four_years[3], "Stalking", kind=Priority.Kind.FOCUS_AREA, parent=year_1_agreed[1]
    )
    decide(area)
    assert count() == before


def test_the_refresh_adds_a_focus_area_under_a_cycle_priority(four_years, year_1_agreed, decide):
    asb, abuse = year_1_agreed
    area = _propose(
        four_years[3],
        "Stalking and harassment",
        kind=Priority.Kind.FOCUS_AREA,
        parent=abuse,
    )
    assert area.status == Priority.Status.PROPOSED
    assert [p.title for p in cycle_priorities(four_years[3])] == [asb.title, abuse.title]
    decide(area)
    assert cycle_priorities(four_years[3]) == [asb, abuse, area]
    progress = cycle_selectors.cycle_progress(four_years[4])
    assert [r.priority for r in progress.rows] == [asb, abuse]
    assert [r.priority for r in progress.rows[1].focus_areas] == [area]
    # Year 2 came before the refresh: the focus area is not in force there.
    assert cycle_priorities(four_years[2]) == [asb, abuse]


@pytest.mark.parametrize(
    "kind, parent, field, message",
    [
        ("focus_area", None, "parent", "Choose the cycle's priority this focus area sits under."),
        ("focus_area", "vehicle", "parent", "Choose one of the cycle's agreed priorities still"),
        ("priority", "asb", "parent", "Only a focus area sits under one of the cycle's"),
        ("theme", None, "kind", "Choose whether this is a priority or a focus area."),
    ],
)
def test_a_focus_area_needs_an_agreed_cycle_priority_to_sit_under(
    four_years, year_1_agreed, kind, parent, field, message
):
    parents = {
        "asb": year_1_agreed[0],
        "vehicle": Priority.objects.get(title="Vehicle crime"),
        None: None,
    }
    with pytest.raises(ValidationError) as raised:
        _propose(four_years[3], "Stalking", kind=kind, parent=parents[parent])
    assert raised.value.message_dict[field][0].startswith(message)
    assert not four_years[3].priorities.exists()


def test_within_a_cycle_nothing_is_carried_over(four_years, year_1_agreed):
    carry_over_issues(year=four_years[2])
    with pytest.raises(ValidationError, match="already carry on into this year"):
        carry_over_priorities(year=four_years[2])
    assert not four_years[2].priorities.exists()


def test_the_year_2_page_says_the_cycles_priorities_carry_on_and_shows_their_progress(
    client_as, cast, four_years, year_1_agreed
):
    url = reverse("priorities:year", kwargs={"slug": SLUG, "year_id": four_years[2].pk})
    page = client_as(cast["analyst"]).get(url).content.decode()
    assert escape(rules.PROPOSAL_PURPOSE["interim"]) in page
    assert "Anti-social behaviour" in page and "Domestic abuse" in page
    assert 'Repeat victims of ASB: <span class="tag kpi-on_track">On track</span>' in page
    assert '<span class="tag rag-red">Red</span>' in page  # the off-track KPI
    assert "Year 1 (" in page
    assert "Carry over last cycle" not in page
    assert "Propose an addition" in page
    assert "Vehicle crime" not in page


def test_the_year_3_proposal_page_offers_focus_areas_under_the_cycles_priorities(
    client_as, cast, four_years, year_1_agreed
):
    client = client_as(cast["analyst"])
    url = reverse("priorities:propose", kwargs={"slug": SLUG, "year_id": four_years[3].pk})
    page = client.get(url).content.decode()
    assert "Propose an additional priority or focus area in" in page
    assert escape(rules.PROPOSAL_PURPOSE["refresh"]) in page
    assert "A focus area under one of the cycle" in page
    issue = save_issue(year=four_years[3], title="Stalking")
    response = client.post(
        url,
        {
            "title": "Stalking",
            "issues": [issue.pk],
            "kind": "focus_area",
            "parent": year_1_agreed[1].pk,
        },
    )
    assert response.status_code == 302
    area = four_years[3].priorities.get()
    assert area.is_focus_area() and area.parent == year_1_agreed[1]

    response = client.post(
        url, {"title": "Stalking again", "issues": [issue.pk], "kind": "focus_area"}
    )
    assert (
        "Choose the cycle&#x27;s priority this focus area sits under." in response.content.decode()
    )
    assert four_years[3].priorities.count() == 1


def test_year_1_proposals_offer_no_focus_areas(client_as, cast, four_years):
    url = reverse("priorities:propose", kwargs={"slug": SLUG, "year_id": four_years[1].pk})
    page = client_as(cast["analyst"]).get(url).content.decode()
    assert escape(rules.PROPOSAL_PURPOSE["full"]) in page
    assert 'name="parent"' not in page and 'name="kind"' not in page


def test_the_year_2_dashboard_shows_year_1_priorities_with_kpis_in_flat_queries(
    client_as, cast, four_years, year_1_agreed, decide, partnership, membership_of
):
    client = client_as(cast["theme_specialist"])
    url = reverse("cycles:dashboard", kwargs={"slug": SLUG})

    def load():
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url).content.decode()
        return page, len(queries)

    load()  # signing in and the session's first queries
    page, before = load()
    assert 'data-testid="cycle-priorities-panel"' in page
    assert "Year 2 (" in page and "carries them without a new decision" in page
    assert "Repeat victims of ASB" in page and "Repeat referrals to MARAC" in page
    assert "2 priorities: 1 green, 0 amber, 1 red, 0 not assessed." in page
    board = membership_of(cast["board_member"], partnership)
    for n in range(3):
        _with_kpi(decide(_propose(four_years[1], f"More {n}")), [90], board)
    page, after = load()
    assert "5 priorities" in page
    assert after == before


def test_the_year_2_report_shows_progress_against_the_cycles_priorities(four_years, year_1_agreed):
    report = reports.create_report(year=four_years[2], kind=Report.Kind.FULL)
    html = reports.build_html(report, version=1)
    priorities = html[html.index('id="priorities"') :]
    assert "Anti-social behaviour" in priorities
    assert f"(year 1, {four_years[1].label})" in priorities
    assert "Progress against the cycle&#x27;s priorities" in html or (
        "Progress against the cycle's priorities" in html
    )
    assert "Repeat victims of ASB" in html and "Off track" in html


def test_the_board_agrees_priorities_for_the_cycle(client_as, cast, four_years, partnership):
    proposal = _propose(four_years[1], "Anti-social behaviour")
    start, end = four_years[1].starts_on.year, four_years[4].ends_on.year
    meeting = create_meeting(partnership=partnership, held_on=timezone.localdate())
    item = add_item(meeting=meeting, title="Priorities for the cycle")
    client = client_as(cast["board_member"])
    url = reverse("priorities:decision_new", kwargs={"slug": SLUG, "item_id": item.pk})
    page = client.get(url).content.decode()
    assert "The board agrees priorities for the whole cycle, not one year." in page
    assert f"for the four years {start} to {end}" in page
    response = client.post(
        url, {"priority": proposal.pk, "outcome": "agreed", "minute": "Agreed."}, follow=True
    )
    assert (
        f"Decision recorded: Anti-social behaviour, agreed, for the four years {start} to {end}."
        in (response.content.decode())
    )
    assert (
        f'data-testid="agreed-for">for the four years {start} to {end}' in response.content.decode()
    )


def test_a_refresh_focus_area_is_agreed_for_the_rest_of_the_cycle(
    client_as, cast, four_years, year_1_agreed, partnership
):
    area = _propose(
        four_years[3], "Stalking", kind=Priority.Kind.FOCUS_AREA, parent=year_1_agreed[1]
    )
    meeting = create_meeting(partnership=partnership, held_on=timezone.localdate())
    item = add_item(meeting=meeting, title="Refresh")
    client = client_as(cast["board_member"])
    url = reverse("priorities:decision_new", kwargs={"slug": SLUG, "item_id": item.pk})
    rest = (
        f"for the rest of the cycle, {four_years[3].starts_on.year} to {four_years[4].ends_on.year}"
    )
    assert f"Domestic abuse: Stalking ({four_years[3].label}, a focus area {rest})" in (
        client.get(url).content.decode()
    )
    client.post(url, {"priority": area.pk, "outcome": "agreed", "minute": "Agreed."})
    area.refresh_from_db()
    assert area.status == Priority.Status.AGREED


def test_publishing_puts_the_cycles_priorities_and_focus_areas_on_the_public_page(
    client, four_years, year_1_agreed, decide
):
    area = decide(
        _propose(four_years[2], "Stalking", kind=Priority.Kind.FOCUS_AREA, parent=year_1_agreed[1])
    )
    assert publish_priorities(year=four_years[2]) == 3
    assert Priority.objects.filter(published=True).count() == 3
    assert not Priority.objects.filter(title="Vehicle crime", published=True).exists()
    page = client.get(reverse("public_summary", kwargs={"slug": SLUG})).content.decode()
    start, end = four_years[1].starts_on.year, four_years[4].ends_on.year
    assert f"our priorities for the four years {start} to {end}" in page
    assert "Anti-social behaviour" in page
    assert f"Stalking (added in {area.year.label})" in page


def test_publishing_names_the_public_priorities_page_as_the_tab_does(
    client_as, cast, four_years, year_1_agreed
):
    analyst = client_as(cast["analyst"])
    url = reverse("priorities:publish", kwargs={"slug": SLUG, "year_id": four_years[1].pk})
    page = analyst.post(url, follow=True).content.decode()
    assert "Published on the public priorities page: 2 agreed priorities and focus areas." in (page)
    public = reverse("public_summary", kwargs={"slug": SLUG})
    priority = reverse(
        "priorities:priority", kwargs={"slug": SLUG, "priority_id": year_1_agreed[0].pk}
    )
    shown = analyst.get(priority).content.decode()
    assert f'Published on the <a href="{public}">public priorities page</a>.' in shown
    assert "public summary" not in shown
