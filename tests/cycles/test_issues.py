"""The year's long list: add, edit, and carry last year's issues over."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cycles.models import Issue
from cycles.services import carry_over_issues, create_cycle_from_template, save_issue

SLUG = "central-bedfordshire"


@pytest.fixture
def cycle(partnership, cast):
    return create_cycle_from_template(
        partnership=partnership, template_key="annual", start_year=2026
    )


def test_an_analyst_adds_an_issue_with_pestelo_factors(client_as, cast, cycle, police):
    year = cycle.years.get()
    response = client_as(cast["analyst"]).post(
        reverse("cycles:issue_new", kwargs={"slug": SLUG, "year_id": year.pk}),
        {
            "title": "Domestic abuse",
            "theme": "Victims",
            "lead_agency": police.pk,
            "source": "partner",
            "pestelo": ["social", "legal"],
            "pestelo_note": "New duties.",
        },
    )
    assert response.status_code == 302
    issue = Issue.objects.get()
    assert (issue.lead_agency, issue.pestelo, issue.source) == (
        police,
        ["social", "legal"],
        "partner",
    )
    assert issue.pestelo_labels() == ["Social", "Legal"]


def test_a_duplicate_title_is_refused(client_as, cast, cycle):
    year = cycle.years.get()
    save_issue(year=year, title="Domestic abuse")
    response = client_as(cast["analyst"]).post(
        reverse("cycles:issue_new", kwargs={"slug": SLUG, "year_id": year.pk}),
        {"title": "domestic abuse", "source": "new"},
    )
    assert "already has an issue with that title" in response.content.decode()
    assert Issue.objects.count() == 1


def test_last_years_issues_carry_over_once(client_as, cast, cycle, partnership):
    last_year = cycle.years.get()
    save_issue(year=last_year, title="Anti-social behaviour", pestelo=["social"])
    save_issue(year=last_year, title="Reducing re-offending")
    this = create_cycle_from_template(
        partnership=partnership, template_key="annual", start_year=2027
    ).years.get()
    url = reverse("cycles:issue_carry_over", kwargs={"slug": SLUG, "year_id": this.pk})
    client = client_as(cast["analyst"])
    response = client.post(url, follow=True)
    assert "2 issues carried over from last year." in response.content.decode()
    carried = this.issues.get(title="Anti-social behaviour")
    assert carried.source == Issue.Source.CARRIED_OVER
    assert carried.carried_from.year == last_year and carried.pestelo == ["social"]
    response = client.post(url, follow=True)
    assert "Every issue from last year is already on this list." in response.content.decode()
    assert this.issues.count() == 2


def test_the_first_year_has_nothing_to_carry_over(client_as, cast, cycle):
    url = reverse("cycles:issue_carry_over", kwargs={"slug": SLUG, "year_id": cycle.years.get().pk})
    response = client_as(cast["analyst"]).post(url, follow=True)
    assert "There is no earlier year to carry issues over from." in response.content.decode()


def test_board_members_read_the_long_list_but_cannot_add(client_as, cast, cycle):
    year = cycle.years.get()
    client = client_as(cast["board_member"])
    assert (
        client.get(
            reverse("cycles:issue_list", kwargs={"slug": SLUG, "year_id": year.pk})
        ).status_code
        == 200
    )
    assert (
        client.get(
            reverse("cycles:issue_new", kwargs={"slug": SLUG, "year_id": year.pk})
        ).status_code
        == 403
    )


def test_the_long_list_is_404_to_another_partnership(client_as, cast, cycle):
    year = cycle.years.get()
    client = client_as(cast["outsider"])
    assert (
        client.get(
            reverse("cycles:issue_list", kwargs={"slug": SLUG, "year_id": year.pk})
        ).status_code
        == 404
    )
    assert (
        client.get(
            reverse("cycles:issue_list", kwargs={"slug": "luton", "year_id": year.pk})
        ).status_code
        == 404
    )


# A year that has ended: its long list is kept as it was.


@pytest.fixture
def ended(cycle, monkeypatch):
    """The day after the annual 2026-27 year ends."""
    monkeypatch.setattr("cycles.views._today", lambda: date(2027, 4, 1))
    return cycle.years.get()


ENDED = (
    "Year 1 of Annual assessment 2026-27 ended on 31 March 2027. Add issues to the long "
    "list of a year that has not ended."
)


def test_an_issue_posted_to_an_ended_year_is_refused_and_nothing_is_added(client_as, cast, ended):
    lists = reverse("cycles:issue_list", kwargs={"slug": SLUG, "year_id": ended.pk})
    response = client_as(cast["analyst"]).post(
        reverse("cycles:issue_new", kwargs={"slug": SLUG, "year_id": ended.pk}),
        {"title": "Late arrival", "source": "new"},
        follow=True,
    )
    assert response.redirect_chain == [(lists, 302)]
    assert ENDED in response.content.decode()
    assert not Issue.objects.exists()


def test_an_ended_years_list_offers_no_way_to_add(client_as, cast, ended):
    url = reverse("cycles:issue_list", kwargs={"slug": SLUG, "year_id": ended.pk})
    page = client_as(cast["analyst"]).get(url).content.decode()
    assert "Add an issue" not in page and "Carry over" not in page
    assert "This year ended on 31 March 2027." in page


def test_the_service_refuses_a_new_issue_or_a_carry_over_for_an_ended_year(ended):
    with pytest.raises(ValidationError, match=ENDED):
        save_issue(year=ended, title="Late arrival", today=date(2027, 4, 1))
    with pytest.raises(ValidationError, match=ENDED):
        carry_over_issues(year=ended, today=date(2027, 4, 1))
    assert save_issue(year=ended, title="On its last day", today=date(2027, 3, 31))


def test_an_issue_already_on_an_ended_years_list_can_still_be_corrected(client_as, cast, ended):
    issue = save_issue(year=ended, title="Shop lifting")
    response = client_as(cast["analyst"]).post(
        reverse("cycles:issue_edit", args=[SLUG, ended.pk, issue.pk]),
        {"title": "Shoplifting", "source": "new"},
    )
    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.title == "Shoplifting"
