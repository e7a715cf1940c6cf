"""The cycle lists drawn as tables: cycles, themes and the long list sort by a column,
keep their caption and still say when they are empty."""

from django.urls import reverse

from cycles.models import Issue, Theme
from cycles.services import create_cycle_from_template, save_issue
from tests.list_queries import assert_queries_stay_flat

SLUG = "central-bedfordshire"


def _order(text: str, *names: str) -> list[str]:
    return sorted(names, key=text.index)


def test_the_cycles_sort_by_when_they_run_and_say_when_there_are_none(client_as, cast, partnership):
    client = client_as(cast["admin"])
    url = reverse("cycles:list", kwargs={"slug": SLUG})
    empty = client.get(url).content.decode()
    assert "<p>There are no cycles yet. Create one from a template.</p>" in empty
    assert "<p>There are no cycles yet.</p>" in client_as(cast["analyst"]).get(url).content.decode()
    later = create_cycle_from_template(
        partnership=partnership, template_key="annual", start_year=2027
    )
    earlier = create_cycle_from_template(
        partnership=partnership, template_key="annual", start_year=2025
    )
    ascending = client.get(url, {"sort": "runs"}).content.decode()
    descending = client.get(url, {"sort": "-runs"}).content.decode()
    assert _order(ascending, later.name, earlier.name) == [earlier.name, later.name]
    assert _order(descending, later.name, earlier.name) == [later.name, earlier.name]
    assert f"Assessment cycles of {partnership.name}</caption>" in ascending
    assert "1 April 2025 to 31 March 2026" in ascending
    assert ">1</td>" in ascending  # the number of years, sorted by the database too
    assert client.get(url, {"sort": "year_count"}).status_code == 200


def test_the_themes_sort_by_how_many_issues_each_has(client_as, cast, year):
    client = client_as(cast["analyst"])
    url = reverse("cycles:themes", kwargs={"slug": SLUG})
    names = list(year.cycle.partnership.themes.values_list("name", flat=True))
    assert len(names) >= 2
    save_issue(year=year, title="Burglary", theme=names[-1])
    by_count = client.get(url, {"sort": "-issues"}).content.decode()
    assert _order(by_count, *names)[0] == names[-1]
    by_name = client.get(url, {"sort": "-theme"}).content.decode()
    assert _order(by_name, *names) == sorted(names, reverse=True)
    assert f'<th scope="row" class="fw-normal">{names[0]}</th>' in by_name
    assert "The partnership&#x27;s themes</caption>" in by_name

    Theme.objects.all().delete()
    assert "<p>No themes yet.</p>" in client.get(url).content.decode()


def test_the_long_list_sorts_by_title_and_keeps_the_strand_filter(client_as, cast, year):
    client = client_as(cast["board_member"])
    url = reverse("cycles:issue_list", kwargs={"slug": SLUG, "year_id": year.pk})
    assert "<p>The long list is empty.</p>" in client.get(url).content.decode()
    save_issue(year=year, title="Anti-social behaviour", serious_violence=True)
    save_issue(year=year, title="Knife crime", serious_violence=True)
    save_issue(year=year, title="Burglary")
    titles = ("Anti-social behaviour", "Knife crime")
    descending = client.get(url, {"sort": "-title", "strand": "serious-violence"})
    text = descending.content.decode()
    assert _order(text, *titles) == ["Knife crime", "Anti-social behaviour"]
    assert "Burglary" not in text
    assert "strand=serious-violence" in text.split("<thead", 1)[1].split("</thead>", 1)[0]
    assert "Issues on the long list for year 1</caption>" in text
    # A board member reads the titles; only those who manage issues get the edit link.
    assert "/issues/" not in text.split("<tbody", 1)[1].split("</tbody>", 1)[0]
    ascending = client_as(cast["analyst"]).get(url, {"sort": "title"}).content.decode()
    assert _order(ascending, "Burglary", *titles) == [
        "Anti-social behaviour",
        "Burglary",
        "Knife crime",
    ]
    assert ">Burglary</a>" in ascending


# The queries each list takes do not grow with its rows, sorted or not.


def test_the_cycles_list_queries_do_not_grow_with_cycles(client_as, cast, partnership):
    def add(start, count):
        for n in range(start, start + count):
            create_cycle_from_template(
                partnership=partnership, template_key="annual", start_year=2020 + n
            )

    url = reverse("cycles:list", kwargs={"slug": SLUG})
    assert_queries_stay_flat(client_as(cast["admin"]), url, add)


def test_the_themes_queries_do_not_grow_with_themes(client_as, cast, year):
    partnership = year.cycle.partnership
    partnership.themes.all().delete()

    def add(start, count):
        for n in range(start, start + count):
            Theme.objects.create(partnership=partnership, name=f"Theme {n}")
            save_issue(year=year, title=f"Issue {n}", theme=f"Theme {n}")

    url = reverse("cycles:themes", kwargs={"slug": SLUG})
    assert_queries_stay_flat(client_as(cast["analyst"]), url, add)


def test_the_long_list_queries_do_not_grow_with_issues(client_as, cast, year, council):
    last_year = create_cycle_from_template(
        partnership=year.cycle.partnership, template_key="annual", start_year=2025
    ).years.get()

    def add(start, count):
        for n in range(start, start + count):
            earlier = save_issue(year=last_year, title=f"Issue {n}")
            issue = save_issue(
                year=year,
                title=f"Issue {n}",
                description="Rising since spring.",
                lead_agency=council,
                pestelo=["social"],
                pestelo_note="Cost of living.",
                serious_violence=n % 2 == 0,
            )
            Issue.objects.filter(pk=issue.pk).update(carried_from=earlier)

    url = reverse("cycles:issue_list", kwargs={"slug": SLUG, "year_id": year.pk})
    assert_queries_stay_flat(client_as(cast["analyst"]), url, add)
