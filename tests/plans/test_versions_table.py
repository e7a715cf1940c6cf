"""The versions of the plan drawn as a table: they sort by a column, keep their caption
and row headers, and the page still says when there is no plan."""

from django.urls import reverse
from django.utils import timezone

from plans.models import Plan
from tests.list_queries import assert_queries_stay_flat

SLUG = "central-bedfordshire"


def test_the_versions_sort_by_number_and_say_when_there_are_none(
    client_as, cast, partnership, year
):
    client = client_as(cast["board_member"])
    url = reverse("plans:index", kwargs={"slug": SLUG})
    assert '<p data-testid="no-plan">There is no partnership plan yet.</p>' in (
        client.get(url).content.decode()
    )
    for version in (1, 2):
        Plan.objects.create(partnership=partnership, year=year, version=version)
    ascending = client.get(url, {"sort": "version"}).content.decode()
    descending = client.get(url, {"sort": "-version"}).content.decode()
    assert ascending.index(">Version 1</a>") < ascending.index(">Version 2</a>")
    assert descending.index(">Version 2</a>") < descending.index(">Version 1</a>")
    assert "Versions of the partnership plan</caption>" in ascending
    assert '<th scope="row" ><a href="' in ascending
    assert "<td >No</td>" in ascending  # not yet published


def test_the_versions_queries_do_not_grow_with_versions(client_as, cast, partnership, year):
    later = year.cycle.years.get(number=2)

    def add(start, count):
        for n in range(start, start + count):
            Plan.objects.create(
                partnership=partnership,
                year=[year, later][n % 2],
                version=n,
                status=Plan.Status.APPROVED if n % 2 else Plan.Status.DRAFT,
                published_at=timezone.now() if n % 2 else None,
            )

    url = reverse("plans:index", kwargs={"slug": SLUG})
    assert_queries_stay_flat(client_as(cast["board_member"]), url, add)
