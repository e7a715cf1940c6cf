"""Triage puts an emerging issue only on the long list of a year that has not ended:
the form offers those years, and the service refuses the others by the same rule."""

import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from consultation.services import emerging_issues
from cycles.services import create_cycle_from_template

SLUG = "central-bedfordshire"


@pytest.fixture
def earlier(partnership, year):
    """Four-year cycle 2022-26, ended before this one (2026-30) began."""
    return create_cycle_from_template(
        partnership=partnership, template_key="four-year", start_year=2022
    )


@pytest.fixture
def emerging(partnership, cast, member):
    return emerging_issues.log_emerging_issue(
        partnership=partnership, by=member(cast["board_member"]), title="Car meets"
    )


def _url(emerging) -> str:
    return reverse("consultation:emerging_triage", args=[SLUG, emerging.pk])


def _on(monkeypatch, day: date) -> None:
    monkeypatch.setattr("consultation.views.lookups.today", lambda: day)


def test_triage_offers_only_years_not_ended(client_as, cast, year, earlier, emerging, monkeypatch):
    _on(monkeypatch, date(2026, 11, 30))
    page = client_as(cast["analyst"]).get(_url(emerging)).content.decode()
    offered = [int(pk) for pk in re.findall(r'<option value="(\d+)"', page)]
    assert offered == list(year.cycle.years.order_by("number").values_list("pk", flat=True))
    assert "Four-year cycle 2022-26" not in page


def test_an_ended_year_posted_is_refused_and_the_issue_stays_open(
    client_as, cast, year, earlier, emerging, monkeypatch
):
    _on(monkeypatch, date(2026, 11, 30))
    ended = earlier.years.get(number=4)
    response = client_as(cast["analyst"]).post(
        _url(emerging), {"decision": "add", "year": ended.pk}
    )
    assert response.status_code == 200
    assert "Choose one of the options listed." in response.content.decode()
    emerging.refresh_from_db()
    assert emerging.status == "open" and not ended.issues.exists()


def test_the_service_refuses_an_ended_year_naming_it(year, earlier, emerging, cast, member):
    with pytest.raises(ValidationError, match="Year 4 of Four-year cycle 2022-26 ended on"):
        emerging_issues.add_emerging_to_long_list(
            emerging=emerging,
            by=member(cast["analyst"]),
            year=earlier.years.get(number=4),
            today=date(2026, 11, 30),
        )
    emerging.refresh_from_db()
    assert emerging.status == "open"


def test_the_message_names_the_cycle(client_as, cast, year, emerging, monkeypatch):
    _on(monkeypatch, date(2026, 11, 30))
    response = client_as(cast["analyst"]).post(
        _url(emerging), {"decision": "add", "year": year.pk}, follow=True
    )
    assert (
        "Car meets is on the long list for year 1 of Four-year cycle 2026-30."
        in response.content.decode()
    )
    assert year.issues.get().title == "Car meets"


def test_when_every_year_has_ended_the_form_says_so(client_as, cast, year, emerging, monkeypatch):
    _on(monkeypatch, date(2030, 4, 1))
    page = client_as(cast["analyst"]).get(_url(emerging)).content.decode()
    assert "Every year of the partnership&#x27;s cycles has ended." in page
