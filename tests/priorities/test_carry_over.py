"""Last year's agreed priorities carry over as this year's proposals, once, with the
issues carried over from their own."""

from django.urls import reverse

from cycles.services import carry_over_issues, save_issue
from priorities.models import Priority

SLUG = "central-bedfordshire"


def test_agreed_priorities_are_proposed_again_with_their_carried_issues(
    client_as, cast, last_year, previous_priorities
):
    from cycles.services import create_cycle_from_template

    this_year = create_cycle_from_template(
        partnership=last_year.cycle.partnership, template_key="annual", start_year=2026
    ).years.get()
    url = reverse("priorities:carry_over", kwargs={"slug": SLUG, "year_id": this_year.pk})
    client = client_as(cast["analyst"])

    response = client.post(url, {"confirm": "yes"}, follow=True)
    assert "issues over first, so each priority keeps its issues" in response.content.decode()
    assert not this_year.priorities.exists()

    carry_over_issues(year=this_year)
    response = client.post(url, {"confirm": "yes"}, follow=True)
    assert (
        "agreed priorities: 2 priorities. The board decides on each." in response.content.decode()
    )
    copy = this_year.priorities.get(title="Vehicle crime")
    assert copy.status == Priority.Status.PROPOSED
    assert copy.continues == previous_priorities[1]
    assert [i.title for i in copy.issues.all()] == ["Vehicle crime"]
    assert copy.issues.get().year == this_year

    response = client.post(url, {"confirm": "yes"}, follow=True)
    assert "already proposed" in response.content.decode()
    assert this_year.priorities.count() == 2


def test_only_analysts_carry_priorities_over(client_as, cast, year):
    url = reverse("priorities:carry_over", kwargs={"slug": SLUG, "year_id": year.pk})
    for ask in ("get", "post"):
        assert getattr(client_as(cast["board_member"]), ask)(url).status_code == 403
        assert getattr(client_as(cast["outsider"]), ask)(url).status_code == 404


def test_a_lead_who_has_left_is_not_carried_over(last_year, previous_priorities, member, cast):
    from cycles.services import create_cycle_from_template
    from partnerships.services import mark_left
    from priorities.services.proposals import carry_over_priorities

    chris = member(cast["board_member"])
    Priority.objects.filter(pk=previous_priorities[0].pk).update(lead=chris)
    Priority.objects.filter(pk=previous_priorities[1].pk).update(lead=member(cast["analyst"]))
    mark_left(membership=chris)
    this_year = create_cycle_from_template(
        partnership=last_year.cycle.partnership, template_key="annual", start_year=2026
    ).years.get()
    carry_over_issues(year=this_year)

    carry_over_priorities(year=this_year)

    leads = {p.title: p.lead for p in this_year.priorities.all()}
    assert leads == {"Anti-social behaviour": None, "Vehicle crime": member(cast["analyst"])}


def test_a_carried_over_priority_is_labelled_wherever_it_shows(
    client, client_as, cast, last_year, previous_priorities
):
    from cycles.services import create_cycle_from_template
    from priorities.services.proposals import (
        carry_over_priorities,
        propose_priority,
        publish_priorities,
    )

    this_year = create_cycle_from_template(
        partnership=last_year.cycle.partnership, template_key="annual", start_year=2026
    ).years.get()
    carry_over_issues(year=this_year)
    carried = carry_over_priorities(year=this_year)[0]
    shoplifting = save_issue(year=this_year, title="Shoplifting")
    fresh = propose_priority(year=this_year, title="Shoplifting", issues=[shoplifting])
    Priority.objects.filter(pk__in=[carried.pk, fresh.pk]).update(status=Priority.Status.AGREED)
    publish_priorities(year=this_year)
    label = "Carried over from the last cycle"
    analyst = client_as(cast["analyst"])

    def page(name, **kwargs):
        return analyst.get(reverse(name, kwargs={"slug": SLUG, **kwargs})).content.decode()

    assert label in page("priorities:priority", priority_id=carried.pk)
    assert label not in page("priorities:priority", priority_id=fresh.pk)
    # The cycle's table labels the agreed carried one; the proposals table both carried
    # ones (the second was not agreed); Shoplifting, proposed afresh, in neither.
    year_page = page("priorities:year", year_id=this_year.pk)
    assert year_page.count(label) == 3
    assert 'Shoplifting</a> <span class="tag tag-carried-over"' not in year_page
    public = client.get(reverse("public_summary", kwargs={"slug": SLUG}))
    assert public.content.decode().count(label) == 1
