"""The serious violence strand of the long list: marking an issue, the filter on the
long list, carrying the mark over to next year, and what scorers and the board see."""

import pytest
from django.urls import reverse

from cycles.models import Issue
from cycles.services import carry_over_issues, create_cycle_from_template, save_issue
from priorities.models import Priority
from priorities.services.proposals import carry_over_priorities, propose_priority

SLUG = "central-bedfordshire"


@pytest.fixture
def cycle(partnership, cast):
    return create_cycle_from_template(
        partnership=partnership, template_key="four-year", start_year=2026
    )


@pytest.fixture
def year(cycle):
    return cycle.years.get(number=1)


@pytest.fixture
def issues(year):
    return [
        save_issue(year=year, title="Knife crime", serious_violence=True),
        save_issue(year=year, title="Violence with injury", serious_violence=True),
        save_issue(year=year, title="Shoplifting"),
    ]


def _list(year, strand=False):
    url = reverse("cycles:issue_list", args=[SLUG, year.pk])
    return f"{url}?strand=serious-violence" if strand else url


@pytest.mark.parametrize("role", ["admin", "analyst", "theme_specialist", "board_member"])
def test_every_member_sees_the_strand_marked_and_may_filter(client_as, cast, year, issues, role):
    client = client_as(cast[role])
    whole = client.get(_list(year))
    assert whole.status_code == 200
    assert whole.content.decode().count('class="tag tag-serious-violence"') == 2
    strand = client.get(_list(year, strand=True))
    shown = [row.record.title for row in strand.context["table"].paginated_rows]
    assert shown == ["Knife crime", "Violence with injury"]
    assert "Showing the serious violence strand only" in strand.content.decode()


def test_the_filter_says_when_the_strand_is_empty(client_as, cast, year):
    save_issue(year=year, title="Shoplifting")
    body = client_as(cast["analyst"]).get(_list(year, strand=True)).content.decode()
    assert "No issue on this year's list is marked serious violence." in body


def test_an_outsider_cannot_see_the_list(client_as, cast, year, issues):
    assert client_as(cast["outsider"]).get(_list(year, strand=True)).status_code == 404


def test_the_analyst_marks_an_issue_and_a_board_member_cannot(client_as, cast, year, issues):
    shoplifting = issues[2]
    url = reverse("cycles:issue_edit", args=[SLUG, year.pk, shoplifting.pk])
    data = {"title": "Shoplifting", "source": "new", "serious_violence": "on"}
    assert client_as(cast["board_member"]).post(url, data).status_code == 403
    shoplifting.refresh_from_db()
    assert not shoplifting.serious_violence
    assert client_as(cast["analyst"]).post(url, data).status_code == 302
    shoplifting.refresh_from_db()
    assert shoplifting.serious_violence
    page = client_as(cast["analyst"]).get(url).content.decode()
    assert "Serious violence strand" in page  # in the history of changes


def test_carrying_issues_over_keeps_the_mark(cycle, issues):
    carried = {
        i.title: i.serious_violence for i in carry_over_issues(year=cycle.years.get(number=2))
    }
    assert carried == {"Knife crime": True, "Violence with injury": True, "Shoplifting": False}


def test_a_priority_can_be_a_serious_violence_objective_and_keeps_it_next_cycle(
    client_as, cast, cycle, year, issues
):
    objective = propose_priority(
        year=year, title="Reduce knife crime", issues=issues[:1], serious_violence=True
    )
    Priority.objects.filter(pk=objective.pk).update(status=Priority.Status.AGREED)
    body = (
        client_as(cast["board_member"])
        .get(reverse("priorities:year", args=[SLUG, year.pk]))
        .content.decode()
    )
    assert "Serious violence objective" in body
    detail = client_as(cast["board_member"]).get(objective.get_absolute_url()).content.decode()
    assert "Serious violence strategy objective" in detail
    # Within the cycle the objective carries on by itself; the next cycle's proposals
    # carry over the priorities in force in the last year, still marked.
    year_4 = cycle.years.get(number=4)
    weapons = save_issue(year=year_4, title="Weapon possession", serious_violence=True)
    save_issue(year=year_4, title="Knife crime", serious_violence=True)
    added = propose_priority(
        year=year_4, title="Fewer weapons carried", issues=[weapons], serious_violence=True
    )
    Priority.objects.filter(pk=added.pk).update(status=Priority.Status.AGREED)
    next_cycle_year = create_cycle_from_template(
        partnership=cycle.partnership, template_key="annual", start_year=year_4.ends_on.year
    ).years.get()
    carry_over_issues(year=next_cycle_year)
    copies = carry_over_priorities(year=next_cycle_year)
    assert {(c.title, c.serious_violence) for c in copies} == {
        ("Reduce knife crime", True),
        ("Fewer weapons carried", True),
    }


def test_the_proposal_form_sets_the_objective(client_as, cast, year, issues):
    url = reverse("priorities:propose", args=[SLUG, year.pk])
    response = client_as(cast["analyst"]).post(
        url,
        {"title": "Reduce violence", "issues": [issues[1].pk], "serious_violence": "on"},
    )
    assert response.status_code == 302
    assert Priority.objects.get(title="Reduce violence").serious_violence
    assert Issue.objects.filter(serious_violence=True).count() == 2
