"""A priority carried over to the next cycle keeps the other plans' objectives it
served that are still current; those that have ended are left, whenever they ended,
and the confirmation page says which are which before anything changes."""

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.urls import reverse

from cycles.services import carry_over_issues
from priorities.models import Objective
from priorities.rules import objectives_to_carry
from priorities.services.proposals import carry_over_priorities

SLUG = "central-bedfordshire"
STARTS = date(2026, 4, 1)


def test_the_rule_keeps_only_objectives_that_have_not_ended():
    current = SimpleNamespace(ended_on=None)
    ended_that_day = SimpleNamespace(ended_on=STARTS)
    ended_later = SimpleNamespace(ended_on=STARTS + timedelta(days=30))
    ended_before = SimpleNamespace(ended_on=STARTS - timedelta(days=1))
    carried, left = objectives_to_carry([current, ended_before, ended_that_day, ended_later])
    # An objective that ended after the new year started has still ended: the board
    # would be asked to agree a priority serving it.
    assert carried == [current]
    assert left == [ended_before, ended_that_day, ended_later]


@pytest.fixture
def objectives(partnership, year, previous_priorities):
    """Last cycle's anti-social behaviour priority serves three objectives: one current,
    one that ended after this year started, one that ended the day before."""
    starts = year.starts_on

    def objective(wording, ended_on=None):
        return Objective.objects.create(
            partnership=partnership,
            plan=Objective.Plan.POLICE_AND_CRIME,
            wording=wording,
            ended_on=ended_on,
        )

    made = {
        "current": objective("Fewer repeat victims"),
        "ended later": objective("Safer town centres", starts + timedelta(days=30)),
        "ended before": objective("Cut youth nuisance", starts - timedelta(days=1)),
    }
    previous_priorities[0].objectives.set(made.values())
    carry_over_issues(year=year)
    return made


def test_carrying_over_keeps_only_the_objectives_still_current(year, objectives):
    copies = {p.title: p for p in carry_over_priorities(year=year)}
    assert set(copies["Anti-social behaviour"].objectives.all()) == {objectives["current"]}
    assert not copies["Vehicle crime"].objectives.exists()


def test_the_confirmation_page_says_which_are_carried_and_which_are_left(
    client_as, cast, year, objectives
):
    url = reverse("priorities:carry_over", kwargs={"slug": SLUG, "year_id": year.pk})
    client = client_as(cast["analyst"])
    page = client.get(url).content.decode()
    asb, cars = page.split('data-testid="carry-line"')[1:3]
    carried = asb.split('data-testid="objectives-carried"')[1].split("</ul>")[0]
    left = asb.split('data-testid="objectives-left"')[1].split("</ul>")[0]
    assert "Police and crime plan: Fewer repeat victims" in carried
    assert "Safer town centres" not in carried and "Cut youth nuisance" not in carried
    ended_on = (year.starts_on - timedelta(days=1)).strftime("%-d %B %Y")
    assert f"Police and crime plan: Cut youth nuisance (ended on {ended_on})" in left
    ended_later = (year.starts_on + timedelta(days=30)).strftime("%-d %B %Y")
    assert f"Police and crime plan: Safer town centres (ended on {ended_later})" in left
    assert "It serves no other plans' objectives." in cars
    assert not year.priorities.exists()  # asking changes nothing

    response = client.post(url, {"confirm": "yes"})
    assert response.status_code == 302
    copy = year.priorities.get(title="Anti-social behaviour")
    assert copy.objectives.count() == 1

    page = client.get(url).content.decode()
    assert 'data-testid="nothing-to-carry"' in page
    assert "Yes, carry them over" not in page
