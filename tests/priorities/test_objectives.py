"""Other plans' objectives: the partnership keeps a list (admins and analysts add,
change and end them; every member reads it), analysts link a priority to the
objectives it serves, only the partnership's own and only current ones, and a priority
keeps an ended objective it already names. The priority's page groups them by plan;
the published priorities page shows their wording."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from priorities import objective_selectors
from priorities.models import Objective, Priority
from priorities.services.objectives import (
    add_objective,
    end_objective,
    set_priority_objectives,
)
from priorities.services.proposals import propose_priority, publish_priorities
from tests.edit_clash import seen_stamp
from tests.list_queries import assert_queries_stay_flat

SLUG = "central-bedfordshire"
PCC = Objective.Plan.POLICE_AND_CRIME
CORPORATE = Objective.Plan.CORPORATE


def _url(name, **kwargs):
    return reverse(f"priorities:{name}", kwargs={"slug": SLUG, **kwargs})


@pytest.fixture
def victims(partnership):
    return add_objective(
        partnership=partnership, plan=PCC, wording="Put victims first and cut repeat victimisation"
    )


@pytest.fixture
def places(partnership):
    return add_objective(
        partnership=partnership, plan=CORPORATE, wording="Safe, clean and green places to live"
    )


@pytest.fixture
def theirs(other_partnership):
    return add_objective(
        partnership=other_partnership, plan=PCC, wording="Luton's own objective on knife crime"
    )


def _linked(priority) -> set[str]:
    return set(Priority.objects.get(pk=priority.pk).objectives.values_list("wording", flat=True))


# Services -----------------------------------------------------------------------------


def test_another_plan_needs_its_name_and_every_objective_its_wording(partnership):
    with pytest.raises(ValidationError) as refused:
        add_objective(partnership=partnership, plan=Objective.Plan.OTHER, wording="  ")
    assert set(refused.value.message_dict) == {"plan_name", "wording"}
    assert not Objective.objects.exists()
    youth = add_objective(
        partnership=partnership,
        plan=Objective.Plan.OTHER,
        plan_name="Youth justice plan",
        wording="Fewer first-time entrants",
    )
    assert youth.plan_label == "Youth justice plan"
    assert str(youth) == "Youth justice plan: Fewer first-time entrants"


def test_a_named_plan_keeps_no_stray_name(partnership):
    objective = add_objective(
        partnership=partnership, plan=PCC, plan_name="Leftover", wording="Tackle violence"
    )
    assert objective.plan_name == "" and objective.plan_label == "Police and crime plan"


def test_ending_an_objective_dates_it_once(victims):
    ended = end_objective(objective=victims, today=date(2026, 12, 1))
    assert ended.ended_on == date(2026, 12, 1) and not ended.is_current
    with pytest.raises(ValidationError, match="already ended on 1 December 2026"):
        end_objective(objective=victims, today=date(2026, 12, 2))


def test_a_priority_serves_only_its_own_partnerships_objectives(proposal, victims, theirs):
    with pytest.raises(ValidationError) as refused:
        set_priority_objectives(priority=proposal, objectives=[victims, theirs])
    assert refused.value.message_dict == {
        "objectives": ["Choose objectives from this partnership's list."]
    }
    assert _linked(proposal) == set()
    set_priority_objectives(priority=proposal, objectives=[victims])
    assert _linked(proposal) == {victims.wording}


def test_proposing_with_another_partnerships_objective_is_refused(year, issues, theirs):
    with pytest.raises(ValidationError) as refused:
        propose_priority(year=year, title="Knife crime", issues=[issues[0]], objectives=[theirs])
    assert "objectives" in refused.value.message_dict
    assert not Priority.objects.filter(title="Knife crime").exists()


def test_an_ended_objective_is_not_offered_but_a_priority_keeps_it(
    partnership, proposal, victims, places
):
    set_priority_objectives(priority=proposal, objectives=[victims])
    end_objective(objective=victims, today=date(2026, 12, 1))
    assert list(objective_selectors.offered(partnership)) == [places]
    assert set(objective_selectors.offered(partnership, keep=[victims.pk])) == {victims, places}
    # It keeps the ended one while adding a current one.
    set_priority_objectives(priority=proposal, objectives=[victims, places])
    assert _linked(proposal) == {victims.wording, places.wording}
    # Once let go, it cannot start serving it again.
    set_priority_objectives(priority=proposal, objectives=[places])
    with pytest.raises(ValidationError, match="no longer current"):
        set_priority_objectives(priority=proposal, objectives=[victims, places])
    assert _linked(proposal) == {places.wording}


def test_a_new_proposal_cannot_start_with_an_ended_objective(year, issues, victims):
    end_objective(objective=victims, today=date(2026, 12, 1))
    with pytest.raises(ValidationError, match="no longer current"):
        propose_priority(year=year, title="Knife crime", issues=[issues[0]], objectives=[victims])


def test_the_objectives_group_by_plan(victims, places, partnership):
    more = add_objective(partnership=partnership, plan=PCC, wording="Tackle serious violence")
    grouped = objective_selectors.by_plan([places, more, victims])
    assert grouped == [
        ("Police and crime plan", [victims, more]),
        ("Council corporate plan", [places]),
    ]


# The list -----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["admin", "analyst", "theme_specialist", "board_member"])
def test_every_member_reads_the_list(client_as, cast, role, victims):
    page = client_as(cast[role]).get(_url("objectives")).content.decode()
    assert victims.wording in page and "Police and crime plan" in page
    manages = role in ("admin", "analyst")
    assert ("Add an objective" in page) is manages
    assert (f"/objectives/{victims.pk}/end/" in page) is manages


def test_another_partnerships_member_finds_no_list(client_as, cast, victims):
    assert client_as(cast["outsider"]).get(_url("objectives")).status_code == 404


def test_the_list_is_reached_from_the_priorities_pages(client_as, cast, year):
    page = client_as(cast["board_member"]).get(_url("index"), follow=True).content.decode()
    assert _url("objectives") in page


def test_the_lists_queries_stay_flat(client_as, cast, partnership, proposal):
    def add(start, count):
        for n in range(start, start + count):
            objective = add_objective(
                partnership=partnership,
                plan=Objective.Plan.values[n % 4],
                plan_name=f"Plan {n}",
                wording=f"Objective {n}",
            )
            if n % 2:
                proposal.objectives.add(objective)
                end_objective(objective=objective, today=date(2026, 12, n))

    assert_queries_stay_flat(client_as(cast["analyst"]), _url("objectives"), add)


# Adding, changing and ending ----------------------------------------------------------


@pytest.mark.parametrize("role", ["admin", "analyst"])
def test_admins_and_analysts_add_an_objective(client_as, cast, role, partnership):
    response = client_as(cast[role]).post(
        _url("objective_new"),
        {"plan": "health_and_wellbeing", "wording": "Reduce harm from alcohol"},
        follow=True,
    )
    objective = Objective.objects.get()
    assert objective.partnership == partnership
    assert objective.get_plan_display() == "Health and wellbeing strategy"
    assert "Objective added to Health and wellbeing strategy." in response.content.decode()


@pytest.mark.parametrize("role", ["theme_specialist", "board_member"])
def test_other_roles_may_not_add_change_or_end(client_as, cast, role, victims):
    client = client_as(cast[role])
    assert client.get(_url("objective_new")).status_code == 403
    assert client.post(_url("objective_new"), {"plan": PCC, "wording": "X"}).status_code == 403
    assert client.get(_url("objective_edit", objective_id=victims.pk)).status_code == 403
    assert (
        client.post(_url("objective_end", objective_id=victims.pk), {"confirm": "yes"}).status_code
        == 403
    )
    assert Objective.objects.get().is_current and Objective.objects.count() == 1


def test_another_partnerships_member_gets_404_on_every_page(client_as, cast, victims, proposal):
    client = client_as(cast["outsider"])
    for name, kwargs in [
        ("objective_new", {}),
        ("objective_edit", {"objective_id": victims.pk}),
        ("objective_end", {"objective_id": victims.pk}),
        ("priority_objectives", {"priority_id": proposal.pk}),
    ]:
        assert client.get(_url(name, **kwargs)).status_code == 404, name
        assert client.post(_url(name, **kwargs), {"confirm": "yes"}).status_code == 404, name
    assert Objective.objects.get().is_current


def test_another_partnerships_objective_is_not_found_under_ones_own(client_as, cast, theirs):
    client = client_as(cast["analyst"])
    assert client.get(_url("objective_edit", objective_id=theirs.pk)).status_code == 404
    assert client.get(_url("objective_end", objective_id=theirs.pk)).status_code == 404


def test_another_plan_without_its_name_is_redisplayed_and_nothing_saved(client_as, cast):
    response = client_as(cast["analyst"]).post(
        _url("objective_new"), {"plan": "other", "wording": "Fewer first-time entrants"}
    )
    assert response.status_code == 200
    assert "Give the name of the plan this objective comes from." in response.content.decode()
    assert not Objective.objects.exists()


def test_the_analyst_puts_the_wording_right(client_as, cast, victims):
    client = client_as(cast["analyst"])
    page = client.get(_url("objective_edit", objective_id=victims.pk)).content.decode()
    assert victims.wording in page
    response = client.post(
        _url("objective_edit", objective_id=victims.pk),
        {"plan": PCC, "wording": "Put victims first", "seen": seen_stamp(page)},
    )
    assert response.status_code == 302
    victims.refresh_from_db()
    assert victims.wording == "Put victims first"


def test_ending_asks_first_then_ends(client_as, cast, victims):
    client = client_as(cast["admin"])
    page = client.get(_url("objective_end", objective_id=victims.pk)).content.decode()
    assert "End this objective?" in page and victims.wording in page
    assert Objective.objects.get().is_current
    response = client.post(
        _url("objective_end", objective_id=victims.pk), {"confirm": "yes"}, follow=True
    )
    assert "Objective ended. Priorities that serve it keep it." in response.content.decode()
    assert not Objective.objects.get().is_current
    assert "Ended on" in client.get(_url("objectives")).content.decode()


# Linking a priority -------------------------------------------------------------------


def test_the_analyst_links_a_priority_and_its_page_groups_them_by_plan(
    client_as, cast, proposal, victims, places, theirs
):
    client = client_as(cast["analyst"])
    form = client.get(_url("priority_objectives", priority_id=proposal.pk)).content.decode()
    assert victims.wording in form and places.wording in form
    assert theirs.wording not in form
    response = client.post(
        _url("priority_objectives", priority_id=proposal.pk),
        {"objectives": [victims.pk, places.pk]},
        follow=True,
    )
    assert "Objectives saved." in response.content.decode()
    assert _linked(proposal) == {victims.wording, places.wording}
    page = client.get(proposal.get_absolute_url()).content.decode()
    serves = page.split('data-testid="serves"', 1)[1].split("</dd>", 1)[0]
    assert "Police and crime plan:" in serves and "Council corporate plan:" in serves
    assert serves.index("Police and crime plan") < serves.index(victims.wording)


def test_another_partnerships_objective_posted_is_refused_and_nothing_saved(
    client_as, cast, proposal, victims, theirs
):
    response = client_as(cast["analyst"]).post(
        _url("priority_objectives", priority_id=proposal.pk), {"objectives": [theirs.pk]}
    )
    assert response.status_code == 200
    assert "Choose one of the options listed." in response.content.decode()
    assert _linked(proposal) == set()


def test_an_ended_objective_is_not_offered_to_a_priority_that_does_not_name_it(
    client_as, cast, proposal, victims, places
):
    end_objective(objective=victims, today=date(2026, 12, 1))
    form = client_as(cast["analyst"]).get(_url("priority_objectives", priority_id=proposal.pk))
    assert victims.wording not in form.content.decode()
    assert places.wording in form.content.decode()


@pytest.mark.parametrize("role", ["admin", "theme_specialist", "board_member"])
def test_only_those_who_propose_link_objectives(client_as, cast, role, proposal, victims):
    client = client_as(cast[role])
    url = _url("priority_objectives", priority_id=proposal.pk)
    assert client.get(url).status_code == 403
    assert client.post(url, {"objectives": [victims.pk]}).status_code == 403
    assert _linked(proposal) == set()
    assert url not in client.get(proposal.get_absolute_url()).content.decode()


def test_the_proposal_form_offers_current_objectives_and_saves_them(
    client_as, cast, year, issues, closed_round, victims, places
):
    end_objective(objective=places, today=date(2026, 12, 1))
    client = client_as(cast["analyst"])
    form = client.get(_url("propose", year_id=year.pk)).content.decode()
    assert victims.wording in form and places.wording not in form
    client.post(
        _url("propose", year_id=year.pk),
        {"title": "Anti-social behaviour", "issues": [issues[0].pk], "objectives": [victims.pk]},
    )
    assert _linked(Priority.objects.get(title="Anti-social behaviour")) == {victims.wording}


def test_changing_a_proposal_keeps_its_ended_objective(client_as, cast, proposal, victims):
    set_priority_objectives(priority=proposal, objectives=[victims])
    end_objective(objective=victims, today=date(2026, 12, 1))
    client = client_as(cast["analyst"])
    form = client.get(_url("priority_edit", priority_id=proposal.pk)).content.decode()
    assert f"{victims.wording} (no longer current)" in form
    response = client.post(
        _url("priority_edit", priority_id=proposal.pk),
        {
            "title": "Anti-social behaviour, renamed",
            "issues": [i.pk for i in proposal.issues.all()],
            "objectives": [victims.pk],
        },
    )
    assert response.status_code == 302
    assert _linked(proposal) == {victims.wording}


def test_the_published_priorities_show_the_objectives_wording(client, agreed, victims, places):
    set_priority_objectives(priority=agreed, objectives=[victims])
    publish_priorities(year=agreed.year)
    page = client.get(reverse("public_summary", kwargs={"slug": SLUG})).content.decode()
    assert f"Police and crime plan: {victims.wording}" in page
    assert places.wording not in page
