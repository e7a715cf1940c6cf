"""Until the six-month review has a date, the year page offers to set it (not to read a
review that cannot exist yet), the form says what the date is for, and it takes only a
date the year's review can fall on."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from priorities.review_models import Review
from priorities.services.proposals import set_review

SLUG = "central-bedfordshire"


def _year_url(year):
    return reverse("priorities:year", kwargs={"slug": SLUG, "year_id": year.pk})


def _review_url(year):
    return reverse("priorities:review", kwargs={"slug": SLUG, "year_id": year.pk})


def _review_section(page):
    start = page.index("Six-month review</h2>")
    return page[start : page.index("</main>", start)]


@pytest.mark.django_db
def test_without_a_date_the_year_page_offers_to_set_it(client_as, cast, year):
    section = _review_section(client_as(cast["analyst"]).get(_year_url(year)).content.decode())
    assert f'<a href="{_review_url(year)}">Set the review date</a>' in section
    assert "Read the six-month review" not in section
    assert "Change the review date" not in section


@pytest.mark.django_db
def test_with_a_date_the_year_page_offers_the_review_and_a_change(client_as, cast, year):
    set_review(year=year, review_on=date(2027, 5, 14))
    section = _review_section(client_as(cast["analyst"]).get(_year_url(year)).content.decode())
    assert "The review is due on 14 May 2027." in section
    assert "Read the six-month review" in section
    assert f'<a href="{_review_url(year)}">Change the review date</a>' in section
    assert "Set the review date" not in section


@pytest.mark.django_db
def test_a_member_who_cannot_set_it_is_not_offered_it(client_as, cast, year):
    section = _review_section(client_as(cast["board_member"]).get(_year_url(year)).content.decode())
    assert "Set the review date" not in section


@pytest.mark.django_db
def test_the_review_date_form_says_what_the_date_is_for(client_as, cast, year):
    page = client_as(cast["analyst"]).get(_review_url(year)).content.decode()
    assert "Set the review date" in page
    assert (
        "On this date the partnership checks whether the priorities it agreed still hold; "
        "a reminder goes out two weeks before. It can be from 1 April 2026 to 30 September 2027."
    ) in page


@pytest.mark.django_db
def test_a_review_date_outside_the_year_it_reviews_is_refused(client_as, cast, year):
    # 2026-27: the review may fall from the year's start to six months after its end,
    # as the board may agree the year's priorities as late as its last day.
    response = client_as(cast["analyst"]).post(
        _review_url(year), {"review_on": "1999-01-01", "note": ""}
    )
    assert response.status_code == 200
    assert (
        "The review date must be between 1 April 2026 and 30 September 2027: from the start "
        "of 2026-27 to six months after it ends."
    ) in response.content.decode()
    assert not Review.objects.filter(year=year).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("review_on", [date(2026, 3, 31), date(2027, 10, 1)])
def test_the_service_refuses_a_date_just_outside_the_range(year, review_on):
    with pytest.raises(ValidationError) as refused:
        set_review(year=year, review_on=review_on)
    assert "review_on" in refused.value.message_dict


@pytest.mark.django_db
@pytest.mark.parametrize("review_on", [date(2026, 4, 1), date(2027, 9, 30)])
def test_the_first_and_last_days_of_the_range_are_accepted(year, review_on):
    assert set_review(year=year, review_on=review_on).review_on == review_on
