"""The surveys list offers a new survey only for years that have not ended, the running
year first, and a new survey for an ended year is refused by the service and its page,
by the rule the list uses."""

import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from consultation.models import Survey
from consultation.services import surveys
from cycles.services import create_cycle_from_template

SLUG = "central-bedfordshire"
URL = reverse("consultation:surveys", kwargs={"slug": SLUG})
ENDED = "2026-27 has ended: a new survey can only be for a year that has not ended."


def _on(monkeypatch, day: date) -> None:
    monkeypatch.setattr("consultation.views.lookups.today", lambda: day)


def test_new_surveys_are_offered_only_for_years_not_ended_the_running_year_first(
    client_as, cast, year, partnership, monkeypatch
):
    _on(monkeypatch, date(2026, 11, 30))  # 2026-27, year 1 of this cycle, is running
    earlier = create_cycle_from_template(
        partnership=partnership, template_key="four-year", start_year=2022
    )
    page = client_as(cast["analyst"]).get(URL).content.decode()
    offered = [int(pk) for pk in re.findall(r"/surveys/years/(\d+)/new/", page)]
    assert offered == list(year.cycle.years.order_by("number").values_list("pk", flat=True))
    assert not set(offered) & set(earlier.years.values_list("pk", flat=True))


def test_when_every_year_has_ended_the_page_says_so(client_as, cast, year, monkeypatch):
    _on(monkeypatch, date(2030, 4, 1))
    page = client_as(cast["analyst"]).get(URL).content.decode()
    assert "New survey for" not in page
    assert "Every year of the partnership's cycles has ended" in page


def test_a_survey_posted_for_an_ended_year_is_refused_and_nothing_is_made(
    client_as, cast, year, monkeypatch
):
    _on(monkeypatch, date(2027, 4, 1))  # the day after 2026-27 ends
    response = client_as(cast["analyst"]).post(
        reverse("consultation:survey_new", args=[SLUG, year.pk]),
        {"title": "Late", "audience": "public"}
        | {"opens_on": "2027-04-02", "closes_on": "2027-05-01"},
        follow=True,
    )
    assert response.redirect_chain == [(URL, 302)]
    assert ENDED in response.content.decode()
    assert not Survey.objects.exists()


def test_opening_a_new_survey_for_an_ended_year_goes_back_to_the_list_with_the_reason(
    client_as, cast, year, monkeypatch
):
    _on(monkeypatch, date(2027, 4, 1))
    url = reverse("consultation:survey_new", args=[SLUG, year.pk])
    response = client_as(cast["analyst"]).get(url, follow=True)
    assert response.redirect_chain == [(URL, 302)]
    assert ENDED in response.content.decode()


@pytest.mark.parametrize("from_template", [False, True])
def test_the_service_refuses_a_new_survey_for_an_ended_year(year, from_template):
    dates = {"opens_on": date(2027, 4, 2), "closes_on": date(2027, 5, 1), "today": date(2027, 4, 1)}
    with pytest.raises(ValidationError, match="2026-27 has ended"):
        if from_template:
            surveys.create_survey_from_template(
                year=year, template_key="public-priorities", **dates
            )
        else:
            surveys.save_survey(year=year, title="Late", audience="public", **dates)
    assert not Survey.objects.exists()
