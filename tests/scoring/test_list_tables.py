"""The matrices and rounds lists: sortable columns, their caption, the empty message."""

from datetime import date

from django.urls import reverse

from cycles.services import create_cycle_from_template
from scoring.matrix_files import load_shipped_matrices
from scoring.models import Matrix, Round, ScoreSheet
from scoring.services import copy_matrix
from tests.list_queries import assert_queries_stay_flat

SLUG = "central-bedfordshire"


def _order(text: str, *names: str) -> list[str]:
    return sorted(names, key=text.index)


def test_the_rounds_list_says_when_there_are_none(client_as, cast):
    response = client_as(cast["analyst"]).get(reverse("scoring:rounds", kwargs={"slug": SLUG}))
    text = response.content.decode()
    assert "There are no scoring rounds for you yet." in text
    assert "<table" not in text


def test_the_rounds_sort_by_a_column_and_keep_their_caption(client_as, cast, year):
    load_shipped_matrices()
    matrix = Matrix.objects.get(partnership=None, key="csp-16", version=1)
    for name, deadline in [("Autumn round", date(2026, 12, 1)), ("Spring round", date(2026, 4, 1))]:
        Round.objects.create(year=year, name=name, matrix=matrix, deadline=deadline)
    client = client_as(cast["analyst"])
    url = reverse("scoring:rounds", kwargs={"slug": SLUG})

    by_deadline = client.get(url, {"sort": "deadline", "page": "2"}).content.decode()
    assert _order(by_deadline, "Autumn round", "Spring round") == ["Spring round", "Autumn round"]
    assert '<caption class="visually-hidden">Scoring rounds</caption>' in by_deadline
    assert "1 April 2026" in by_deadline
    assert 'aria-sort="ascending"' in by_deadline
    # A new order starts at its first page; other parameters stay.
    assert 'href="?sort=-deadline"' in by_deadline

    by_name_descending = client.get(url, {"sort": "-name"}).content.decode()
    assert _order(by_name_descending, "Autumn round", "Spring round") == [
        "Spring round",
        "Autumn round",
    ]
    assert 'aria-sort="descending"' in by_name_descending


def test_the_matrices_sort_by_name(client_as, cast):
    load_shipped_matrices()
    client = client_as(cast["analyst"])
    url = reverse("scoring:matrices", kwargs={"slug": SLUG})
    names = list(Matrix.objects.filter(partnership=None).values_list("name", flat=True))
    ascending = client.get(url, {"sort": "name"}).content.decode()
    descending = client.get(url, {"sort": "-name"}).content.decode()
    assert _order(ascending, *names) == sorted(names)
    assert _order(descending, *names) == sorted(names, reverse=True)
    assert "Scoring matrices available to this partnership</caption>" in ascending
    assert "Shipped with the workbench" in ascending


# The queries each list takes do not grow with its rows, sorted or not.


def test_the_rounds_queries_do_not_grow_with_rounds(client_as, cast, year, member):
    load_shipped_matrices()
    shipped = list(Matrix.objects.filter(partnership=None))
    later = year.cycle.years.get(number=2)
    scorer = member(cast["theme_specialist"])

    def add(start, count):
        for n in range(start, start + count):
            round_ = Round.objects.create(
                year=[year, later][n % 2],
                name=f"Round {n}",
                matrix=shipped[n % len(shipped)],
                deadline=date(2026, 12, n),
                status=Round.Status.OPEN if n % 2 else Round.Status.CLOSED,
            )
            if n % 2:  # jo sees these as their scorer, the others as closed rounds
                ScoreSheet.objects.create(round=round_, scorer=scorer)

    url = reverse("scoring:rounds", kwargs={"slug": SLUG})
    assert_queries_stay_flat(client_as(cast["theme_specialist"]), url, add)


def test_the_matrices_queries_do_not_grow_with_matrices(client_as, cast, partnership):
    load_shipped_matrices()
    shipped = Matrix.objects.filter(partnership=None).first()

    def add(start, count):
        for n in range(start, start + count):
            copy_matrix(matrix=shipped, partnership=partnership, name=f"Our matrix {n}")

    url = reverse("scoring:matrices", kwargs={"slug": SLUG})
    assert_queries_stay_flat(client_as(cast["analyst"]), url, add)


def test_the_rounds_open_newest_deadline_first_and_say_who_does_not_score(client_as, cast, year):
    load_shipped_matrices()
    matrix = Matrix.objects.get(partnership=None, key="csp-16", version=1)
    for name, deadline in [("Spring round", date(2026, 4, 1)), ("Autumn round", date(2026, 12, 1))]:
        Round.objects.create(year=year, name=name, matrix=matrix, deadline=deadline)
    page = client_as(cast["analyst"]).get(reverse("scoring:rounds", kwargs={"slug": SLUG}))
    text = page.content.decode()
    assert _order(text, "Autumn round", "Spring round") == ["Autumn round", "Spring round"]
    assert text.count("You do not score in this round") == 2


def test_a_round_is_started_only_in_a_year_still_running_or_to_come(
    client_as, cast, partnership, year
):
    over = create_cycle_from_template(
        partnership=partnership, template_key="annual", start_year=2020
    ).years.get()
    text = (
        client_as(cast["analyst"]).get(reverse("scoring:rounds", kwargs={"slug": SLUG})).content
    ).decode()
    assert reverse("scoring:round_new", kwargs={"slug": SLUG, "year_id": year.pk}) in text
    assert reverse("scoring:round_new", kwargs={"slug": SLUG, "year_id": over.pk}) not in text


def test_a_round_in_a_year_that_is_over_is_refused_with_a_message(client_as, cast, partnership):
    over = create_cycle_from_template(
        partnership=partnership, template_key="annual", start_year=2020
    ).years.get()
    client = client_as(cast["analyst"])
    url = reverse("scoring:round_new", kwargs={"slug": SLUG, "year_id": over.pk})
    for response in (client.get(url), client.post(url, {"name": "Late round"})):
        assert response.status_code == 302
    page = client.get(reverse("scoring:rounds", kwargs={"slug": SLUG})).content.decode()
    assert "2020-21 ended on 31 March 2021. Start a round in a year still running" in page
    assert not Round.objects.exists()


def test_a_round_in_a_year_with_an_empty_long_list_sends_the_analyst_to_add_issues(
    client_as, cast, year
):
    client = client_as(cast["analyst"])
    url = reverse("scoring:round_new", kwargs={"slug": SLUG, "year_id": year.pk})
    for response in (client.get(url), client.post(url, {"name": "Too soon"})):
        assert response.status_code == 302
        assert response["Location"] == reverse(
            "cycles:issue_list", kwargs={"slug": SLUG, "year_id": year.pk}
        )
    page = client.get(response["Location"]).content.decode()
    assert f"The long list for {year.label} has no issues yet." in page
    assert not Round.objects.exists()
