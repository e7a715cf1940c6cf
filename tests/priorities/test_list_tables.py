"""The priorities lists drawn as tables: groups, escalations, checklist runs and the
watchlist sort by a column, keep their caption and still say when they are empty."""

import pytest
from django.urls import reverse
from django.utils import timezone

from analysis.services import set_issue_crime_types
from cycles.services import create_cycle_from_template, save_issue
from partnerships.models import Membership, Role
from priorities.group_models import Group
from priorities.models import Priority
from priorities.services.checklists import start_checklist
from priorities.services.escalations import adopt_escalation
from tests.conftest import make_user
from tests.list_queries import assert_queries_stay_flat

SLUG = "central-bedfordshire"


def _order(text: str, *names: str) -> list[str]:
    return sorted(names, key=text.index)


def _page(client, name: str, slug: str = SLUG, **params) -> str:
    return client.get(reverse(f"priorities:{name}", kwargs={"slug": slug}), params).content.decode()


def test_the_groups_sort_by_name_and_say_when_there_are_none(client_as, cast, partnership):
    client = client_as(cast["board_member"])
    assert "<p>No groups yet.</p>" in _page(client, "groups")
    for name in ["Anti-social behaviour group", "Violence reduction group"]:
        Group.objects.create(partnership=partnership, name=name, kind=Group.Kind.choices[0][0])
    ascending = _page(client, "groups", sort="name")
    descending = _page(client, "groups", sort="-name")
    names = ("Anti-social behaviour group", "Violence reduction group")
    assert _order(ascending, *names) == list(names)
    assert _order(descending, *names) == list(reversed(names))
    assert '<caption class="visually-hidden">Groups</caption>' in ascending
    assert "None yet" in ascending


@pytest.fixture
def county_member(county):
    def join(role: str):
        user = make_user(f"{role}@county.example.org", "Cara", role.title())
        Membership.objects.create(
            user=user, partnership=county, role=role, accepted_at=timezone.now()
        )
        return user

    return join


def test_the_escalations_sort_by_priority_and_only_the_county_managers_adopt(
    client_as, county, county_member, year
):
    admin = client_as(county_member(Role.ADMIN))
    assert "<p>No district has escalated a priority yet.</p>" in _page(
        admin, "escalations", slug=county.slug
    )
    for position, title in enumerate(["Knife crime", "Burglary"], 1):
        Priority.objects.create(
            year=year,
            title=title,
            position=position,
            escalate_to_county=True,
            escalation_reason="Crosses district borders.",
            escalated_at=timezone.now(),
        )
    ascending = _page(admin, "escalations", slug=county.slug, sort="title")
    descending = _page(admin, "escalations", slug=county.slug, sort="-title")
    assert _order(ascending, "Knife crime", "Burglary") == ["Burglary", "Knife crime"]
    assert _order(descending, "Knife crime", "Burglary") == ["Knife crime", "Burglary"]
    assert '<th scope="row" >Burglary</th>' in ascending
    assert "District priorities escalated to the county</caption>" in ascending
    today = timezone.localdate()
    assert f"<td >{today.day} {today:%B %Y}</td>" in ascending
    assert ascending.count(">Adopt<span") == 2
    assert "Not adopted" not in ascending

    board = _page(client_as(county_member(Role.BOARD_MEMBER)), "escalations", slug=county.slug)
    assert board.count("Not adopted") == 2
    assert ">Adopt<span" not in board


def test_the_checklist_runs_sort_by_year(client_as, cast, last_year, year, checklists):
    client = client_as(cast["analyst"])
    assert "<p>No checklist has been started yet.</p>" in _page(client, "checklists")
    start_checklist(year=year, template=checklists)
    start_checklist(year=last_year, template=checklists)
    later, earlier = (
        f"{year.cycle.name}, {year.label}",
        f"{last_year.cycle.name}, {last_year.label}",
    )
    ascending = _page(client, "checklists", sort="year")
    descending = _page(client, "checklists", sort="-year")
    assert _order(ascending, later, earlier) == [earlier, later]
    assert _order(descending, later, earlier) == [later, earlier]
    assert "Checklist runs with their progress</caption>" in ascending
    assert " green (0%)" in ascending


def test_the_watchlist_sorts_by_issue(client_as, cast, issues):
    client = client_as(cast["board_member"])
    url = reverse("priorities:watchlist", kwargs={"slug": SLUG, "year_id": issues[0].year_id})
    titles = [issue.title for issue in issues]
    ascending = client.get(url, {"sort": "issue"}).content.decode()
    descending = client.get(url, {"sort": "-issue"}).content.decode()
    assert _order(ascending, *titles) == sorted(titles)
    assert _order(descending, *titles) == sorted(titles, reverse=True)
    assert f'id="issue-{issues[0].pk}"' in ascending
    assert "Non-priorities with their rank, police figures and any key change" in ascending


# The queries each list takes do not grow with its rows, sorted or not.


def test_the_groups_queries_do_not_grow_with_groups(client_as, cast, partnership, member):
    def add(start, count):
        for n in range(start, start + count):
            Group.objects.create(
                partnership=partnership,
                name=f"Group {n}",
                kind=Group.Kind.choices[n % len(Group.Kind.choices)][0],
                chair=member(cast["board_member"]) if n % 2 else None,
            )

    url = reverse("priorities:groups", kwargs={"slug": SLUG})
    assert_queries_stay_flat(client_as(cast["board_member"]), url, add)


def test_the_escalations_queries_do_not_grow_with_escalations(
    client_as, county, county_member, year, other_partnership, police
):
    county_year = create_cycle_from_template(
        partnership=county, template_key="annual", start_year=2026
    ).years.get()
    other_year = create_cycle_from_template(
        partnership=other_partnership, template_key="annual", start_year=2026
    ).years.get()

    def add(start, count):
        for n in range(start, start + count):
            priority = Priority.objects.create(
                year=[year, other_year][n % 2],
                title=f"Priority {n}",
                emphasis="Repeat victims." if n % 2 else "",
                lead_agency=police if n % 2 else None,
                position=n,
                escalate_to_county=True,
                escalation_reason="Crosses district borders.",
                escalated_at=timezone.now(),
            )
            if n % 3 == 0:
                adopt_escalation(district_priority=priority, county_year=county_year)

    url = reverse("priorities:escalations", kwargs={"slug": county.slug})
    assert_queries_stay_flat(client_as(county_member(Role.ADMIN)), url, add)


def test_the_checklist_runs_queries_do_not_grow_with_runs(client_as, cast, partnership, checklists):
    def add(start, count):
        for n in range(start, start + count):
            year = create_cycle_from_template(
                partnership=partnership, template_key="annual", start_year=2010 + n
            ).years.get()
            start_checklist(year=year, template=checklists)

    url = reverse("priorities:checklists", kwargs={"slug": SLUG})
    assert_queries_stay_flat(client_as(cast["analyst"]), url, add)


def test_the_watchlist_queries_do_not_grow_with_issues(client_as, cast, closed_round, year):
    def add(start, count):
        for n in range(start, start + count):
            issue = save_issue(year=year, title=f"Extra issue {n}")
            if n % 2:
                set_issue_crime_types(issue=issue, crime_types=["Burglary"])

    url = reverse("priorities:watchlist", kwargs={"slug": SLUG, "year_id": year.pk})
    assert_queries_stay_flat(client_as(cast["board_member"]), url, add)
