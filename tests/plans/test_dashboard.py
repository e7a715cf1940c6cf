"""The dashboard lists what a plan version still needs, and the year's revision once it
is due, for those who draft it."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from cycles.services import create_cycle_from_template
from partnerships.models import Membership
from plans.dashboard import plan_revision, plan_steps
from plans.services import publish_plan, record_plan_decision, start_plan

from .conftest import agree, agree_plan


def test_the_steps_a_version_still_needs(partnership, year, asb, board_item, member, cast):
    analyst = member(cast["analyst"])
    today = timezone.localdate()
    plan = start_plan(partnership=partnership, year=year)
    (item,) = plan_steps(analyst, today)
    assert item.detail == "To do: record the board's decision."
    assert plan_steps(member(cast["board_member"]), today) == []
    record_plan_decision(
        plan=plan, item=board_item, outcome="agreed", minute="Agreed.", recorded_by=analyst
    )
    publish_plan(plan=plan, by=analyst)
    (item,) = plan_steps(analyst, today)
    assert item.detail == "To do: record sending it to the commissioner."


# The annual revision ---------------------------------------------------------------------


def _next_year(year):
    """The first day of the cycle's next year, when the year's revision falls due."""
    return year.ends_on + timedelta(days=1)


def test_analysts_and_admins_are_asked_to_start_the_year_s_revision(
    agreed, year, member, cast, django_assert_max_num_queries
):
    next_year = _next_year(year)
    label = year.cycle.years.get(number=2).label
    assert plan_revision(member(cast["analyst"]), year.starts_on) == []  # this year's plan
    for role in ("analyst", "admin"):
        membership = member(cast[role])
        with django_assert_max_num_queries(1):
            (item,) = plan_revision(membership, next_year)
        assert item.title == f"Start the {label} revision of the partnership plan"
        assert item.url == reverse("plans:index", kwargs={"slug": agreed.partnership.slug})
        assert item.kind == "The partnership plan"


def test_board_members_and_theme_specialists_are_not_asked(agreed, year, member, cast):
    for role in ("board_member", "theme_specialist"):
        assert plan_revision(member(cast[role]), _next_year(year)) == []


def test_another_partnership_s_plan_never_shows(
    agreed, year, other_partnership, membership_of, cast
):
    create_cycle_from_template(
        partnership=other_partnership, template_key="four-year", start_year=year.starts_on.year
    )
    assert plan_revision(membership_of(cast["outsider"], other_partnership), _next_year(year)) == []


def test_the_reminder_goes_once_a_draft_revision_exists(agreed, year, member, cast):
    analyst = member(cast["analyst"])
    assert len(plan_revision(analyst, _next_year(year))) == 1
    revision = start_plan(partnership=agreed.partnership, year=year.cycle.years.get(number=2))
    assert revision.is_draft()
    assert plan_revision(analyst, _next_year(year)) == []


def test_a_county_is_asked_for_its_community_safety_agreement(
    county, county_year, knife_crime, county_item, kim
):
    analyst = Membership.objects.get(user=kim, partnership=county)
    agree_plan(start_plan(partnership=county, year=county_year), county_item, analyst)
    (item,) = plan_revision(analyst, _next_year(county_year))
    label = county_year.cycle.years.get(number=2).label
    assert item.title == f"Start the {label} revision of the community safety agreement"


def test_a_new_cycle_is_not_asked_until_its_board_agrees_priorities(agreed, year, member, cast):
    """start_plan refuses a year with no priorities in force, so the reminder waits for
    the new cycle's first agreed priority rather than leading to a refusal."""
    analyst = member(cast["analyst"])
    last_day = year.cycle.years.order_by("-number").first().ends_on
    new_cycle = create_cycle_from_template(
        partnership=agreed.partnership, template_key="four-year", start_year=last_day.year
    )
    first_year = new_cycle.years.get(number=1)
    assert plan_revision(analyst, first_year.starts_on) == []
    agree(first_year, "Knife crime")
    (item,) = plan_revision(analyst, first_year.starts_on)
    assert item.title == f"Start the {first_year.label} revision of the partnership plan"
