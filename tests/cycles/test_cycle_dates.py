"""A partnership's years never overlap: a new cycle starts after the others' years, a
year stays between its neighbours, and a stage starts within its year and ends no more
than six months after it. Each refusal names the clash, on the form, changing nothing."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cycles.models import Cycle, CycleYear, Stage
from cycles.rules import latest_stage_end
from cycles.services import create_cycle_from_template, update_stage, update_year

SLUG = "central-bedfordshire"
NEW_CYCLE = reverse("cycles:new", kwargs={"slug": SLUG})


@pytest.fixture
def cycle(partnership, cast):
    """Four-year cycle 2025-29: 1 April 2025 to 31 March 2029."""
    return create_cycle_from_template(
        partnership=partnership, template_key="four-year", start_year=2025
    )


# A new cycle.


@pytest.mark.parametrize(
    "template,start_year",
    [("four-year", "2026"), ("annual", "2027"), ("annual", "2028")],
)
def test_a_cycle_overlapping_another_is_refused_naming_it(
    client_as, cast, cycle, template, start_year
):
    response = client_as(cast["admin"]).post(
        NEW_CYCLE, {"template": template, "start_year": start_year, "name": ""}
    )
    assert response.status_code == 200
    assert (
        "Four-year cycle 2025-29 runs until 31 March 2029. Start the new cycle in 2029 or later."
        in response.content.decode()
    )
    assert list(Cycle.objects.all()) == [cycle]


def test_a_cycle_running_into_a_later_one_is_refused_with_the_years_either_side(partnership, cycle):
    with pytest.raises(ValidationError) as refused:
        create_cycle_from_template(
            partnership=partnership, template_key="four-year", start_year=2023
        )
    assert refused.value.message_dict == {
        "start_year": [
            "Four-year cycle 2025-29 starts on 1 April 2025, before this cycle would end on "
            "31 March 2027. Start the new cycle in 2021 or earlier, or in 2029 or later."
        ]
    }
    assert Cycle.objects.count() == 1


def test_cycles_either_side_are_accepted(partnership, cycle):
    create_cycle_from_template(partnership=partnership, template_key="four-year", start_year=2021)
    create_cycle_from_template(partnership=partnership, template_key="annual", start_year=2029)
    assert CycleYear.objects.count() == 9


def test_another_partnerships_cycle_does_not_count(other_partnership, cycle):
    create_cycle_from_template(
        partnership=other_partnership, template_key="four-year", start_year=2026
    )
    assert Cycle.objects.count() == 2


def test_the_new_cycle_form_starts_from_the_first_free_year(client_as, cast, cycle):
    page = client_as(cast["admin"]).get(NEW_CYCLE).content.decode()
    assert 'name="start_year" value="2029"' in page


def test_with_no_cycle_the_form_starts_from_this_financial_year(
    client_as, cast, partnership, monkeypatch
):
    monkeypatch.setattr("cycles.views._today", lambda: date(2027, 2, 1))
    page = client_as(cast["admin"]).get(NEW_CYCLE).content.decode()
    assert 'name="start_year" value="2026"' in page


# A year's dates.


def _edit_year(client, year, starts_on, ends_on):
    return client.post(
        reverse("cycles:year_edit", kwargs={"slug": SLUG, "year_id": year.pk}),
        {"kind": year.kind, "starts_on": starts_on, "ends_on": ends_on, "summary": ""},
    )


@pytest.mark.parametrize(
    "starts_on,ends_on,message",
    [
        # The reviewer's case: after years 3 and 4, so out of sequence.
        ("2030-04-01", "2031-03-31", "Year 2 must end before year 3 starts on 1 April 2027."),
        ("2026-03-31", "2027-03-31", "Year 2 must start after year 1 ends on 31 March 2026."),
        ("2026-04-01", "2027-04-01", "Year 2 must end before year 3 starts on 1 April 2027."),
    ],
)
def test_a_year_out_of_sequence_is_refused_naming_its_neighbour(
    client_as, cast, cycle, starts_on, ends_on, message
):
    year = cycle.years.get(number=2)
    response = _edit_year(client_as(cast["admin"]), year, starts_on, ends_on)
    assert response.status_code == 200
    assert message in response.content.decode()
    year.refresh_from_db()
    assert (year.starts_on, year.ends_on) == (date(2026, 4, 1), date(2027, 3, 31))


def test_a_year_moved_into_another_cycles_years_is_refused(client_as, cast, cycle, partnership):
    annual = create_cycle_from_template(
        partnership=partnership, template_key="annual", start_year=2029
    )
    year = cycle.years.get(number=4)
    response = _edit_year(client_as(cast["admin"]), year, "2028-04-01", "2029-06-30")
    assert (
        "These dates overlap year 1 of Annual assessment 2029-30, which runs from "
        "1 April 2029 to 31 March 2030." in response.content.decode()
    )
    year.refresh_from_db()
    assert year.ends_on == date(2029, 3, 31)
    assert annual.years.get().starts_on == date(2029, 4, 1)


def test_a_year_may_shrink_leaving_a_gap(cycle):
    year = cycle.years.get(number=2)
    update_year(
        year=year, kind=year.kind, starts_on=date(2026, 5, 1), ends_on=date(2027, 2, 28), summary=""
    )
    year.refresh_from_db()
    assert (year.starts_on, year.ends_on) == (date(2026, 5, 1), date(2027, 2, 28))


# A stage's dates.


@pytest.mark.parametrize(
    "year_ends_on,latest",
    [
        (date(2026, 3, 31), date(2026, 9, 30)),
        (date(2026, 8, 31), date(2027, 2, 28)),
        (date(2027, 8, 31), date(2028, 2, 29)),
        (date(2026, 12, 15), date(2027, 6, 15)),
    ],
)
def test_a_stage_may_end_up_to_six_months_after_its_year(year_ends_on, latest):
    assert latest_stage_end(year_ends_on) == latest


def _reports(cycle) -> Stage:
    return Stage.objects.get(year__cycle=cycle, year__number=1, kind="reports")


@pytest.mark.parametrize(
    "starts_on,ends_on,message",
    [
        (
            date(2026, 4, 1),
            date(2026, 5, 1),
            "The reports stage of year 1 must start within its year, "
            "from 1 April 2025 to 31 March 2026.",
        ),
        (
            date(2025, 3, 31),
            date(2025, 5, 1),
            "The reports stage of year 1 must start within its year, "
            "from 1 April 2025 to 31 March 2026.",
        ),
        (
            date(2025, 10, 1),
            date(2026, 10, 1),
            "The reports stage of year 1 may end up to six months after its year ends: "
            "by 30 September 2026.",
        ),
    ],
)
def test_a_stage_outside_its_year_is_refused(cycle, starts_on, ends_on, message):
    stage = _reports(cycle)
    with pytest.raises(ValidationError, match=message):
        update_stage(stage=stage, starts_on=starts_on, ends_on=ends_on, summary="")
    stage.refresh_from_db()
    assert (stage.starts_on, stage.ends_on) == (date(2025, 12, 1), date(2026, 2, 28))


def test_a_stage_may_run_six_months_past_its_year(client_as, cast, cycle):
    stage = _reports(cycle)
    response = client_as(cast["admin"]).post(
        reverse("cycles:stage_edit", kwargs={"slug": SLUG, "stage_id": stage.pk}),
        {"starts_on": "2026-01-05", "ends_on": "2026-09-30", "summary": ""},
    )
    assert response.status_code == 302
    stage.refresh_from_db()
    assert stage.ends_on == date(2026, 9, 30)


def test_the_stage_form_says_why_it_refused(client_as, cast, cycle):
    stage = _reports(cycle)
    response = client_as(cast["admin"]).post(
        reverse("cycles:stage_edit", kwargs={"slug": SLUG, "stage_id": stage.pk}),
        {"starts_on": "2026-01-05", "ends_on": "2026-10-01", "summary": ""},
    )
    assert response.status_code == 200
    assert "by 30 September 2026." in response.content.decode()
