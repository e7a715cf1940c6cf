"""The rationale documents list offers requests only for years that have not ended, the
running year first; lists the documents still owed first, then the newest; and names
each document's year by its label."""

import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from consultation import selectors
from consultation.models import RationaleDocument
from consultation.services import rationales
from cycles.services import create_cycle_from_template, save_issue

SLUG = "central-bedfordshire"
URL = reverse("consultation:rationales", kwargs={"slug": SLUG})


def _request(year, issue, cast, member, due_on, state=RationaleDocument.State.REQUESTED):
    document = rationales.request_rationale(
        year=year,
        issue=issue,
        specialist=member(cast["theme_specialist"]),
        requested_by=member(cast["analyst"]),
        due_on=due_on,
    )
    RationaleDocument.objects.filter(pk=document.pk).update(state=state)
    return document


def _on(monkeypatch, day: date) -> None:
    monkeypatch.setattr("consultation.views.lookups.today", lambda: day)


def test_requests_are_offered_only_for_years_not_ended_the_running_year_first(
    client_as, cast, year, partnership, monkeypatch
):
    _on(monkeypatch, date(2026, 11, 30))  # 2026-27, year 1 of this cycle, is running
    create_cycle_from_template(partnership=partnership, template_key="four-year", start_year=2022)
    page = client_as(cast["analyst"]).get(URL).content.decode()
    offered = re.findall(r"Request one for ([0-9-]+)<", page)
    assert offered == ["2026-27", "2027-28", "2028-29", "2029-30"]


def test_when_every_year_has_ended_the_page_says_so(client_as, cast, year, monkeypatch):
    _on(monkeypatch, date(2030, 4, 1))  # the day after the cycle's last year ends
    page = client_as(cast["analyst"]).get(URL).content.decode()
    assert "Request one for" not in page
    assert "Every year of the partnership's cycles has ended" in page


def test_open_documents_come_first_then_the_newest(client_as, cast, year, issues, member):
    later = save_issue(year=year.cycle.years.get(number=2), title="Knife crime")
    accepted, returned = RationaleDocument.State.ACCEPTED, RationaleDocument.State.RETURNED
    _request(year, issues[0], cast, member, date(2026, 9, 1), accepted)
    _request(year, issues[1], cast, member, date(2026, 10, 1))
    _request(later.year, later, cast, member, date(2027, 6, 1), accepted)
    _request(year, issues[2], cast, member, date(2026, 12, 1), returned)
    page = client_as(cast["analyst"]).get(URL).content.decode()
    titles = [issue.title for issue in issues] + ["Knife crime"]
    assert sorted(titles, key=page.index) == [
        issues[2].title,  # returned, due 1 December 2026
        issues[1].title,  # requested, due 1 October 2026
        "Knife crime",  # accepted, 2027-28
        issues[0].title,  # accepted, due 1 September 2026
    ]
    assert '<div class="small">2026-27</div>' in page
    assert '<div class="small">Year 1</div>' not in page


ENDED = "2026-27 has ended: a rationale request can only be for a year that has not ended."


def test_a_request_posted_for_an_ended_year_is_refused_and_nothing_is_made(
    client_as, cast, year, issues, member, monkeypatch
):
    _on(monkeypatch, date(2027, 4, 1))  # the day after 2026-27 ends
    response = client_as(cast["analyst"]).post(
        reverse("consultation:rationale_request", args=[SLUG, year.pk]),
        {
            "issue": issues[0].pk,
            "specialist": member(cast["theme_specialist"]).pk,
            "due_on": "2027-05-01",
        },
        follow=True,
    )
    assert response.redirect_chain == [(URL, 302)]
    assert ENDED in response.content.decode()
    assert not RationaleDocument.objects.exists()


def test_opening_the_request_for_an_ended_year_goes_back_to_the_list_with_the_reason(
    client_as, cast, year, monkeypatch
):
    _on(monkeypatch, date(2027, 4, 1))
    url = reverse("consultation:rationale_request", args=[SLUG, year.pk])
    response = client_as(cast["analyst"]).get(url, follow=True)
    assert response.redirect_chain == [(URL, 302)]
    assert ENDED in response.content.decode()


def test_the_service_refuses_an_ended_year_by_the_lists_rule(year, issues, cast, member):
    with pytest.raises(ValidationError, match="2026-27 has ended"):
        rationales.request_rationale(
            year=year,
            issue=issues[0],
            specialist=member(cast["theme_specialist"]),
            requested_by=member(cast["analyst"]),
            due_on=date(2027, 5, 1),
            today=date(2027, 4, 1),
        )
    assert not RationaleDocument.objects.exists()
    assert year in selectors.years_not_ended(year.cycle.partnership, date(2027, 3, 31))
    assert year not in selectors.years_not_ended(year.cycle.partnership, date(2027, 4, 1))
