"""Issue 11, item 8: the changes that matter say who, when, and old to new, on the
page of the thing that changed."""

from zoneinfo import ZoneInfo

from django.urls import reverse

from cycles.services import create_cycle_from_template, save_issue
from partnerships.models import CountyRequest, Membership
from partnerships.services import accept_county_request, mark_left
from priorities.models import Priority
from reports import services as report_services
from reports.models import Report

SLUG = "central-bedfordshire"


def _history(client, url: str) -> str:
    page = client.get(url).content.decode()
    assert '<h2 id="history-heading" class="h5">History</h2>' in page
    return page.split('id="history-heading"', 1)[1]


def test_a_role_change_shows_who_and_old_to_new(client_as, cast, partnership):
    person = Membership.objects.get(user=cast["analyst"], partnership=partnership)
    admin = client_as(cast["admin"])
    url = reverse("partnerships:person_edit", args=[SLUG, person.pk])
    admin.post(url, {"role": "board_member", "agency": "", "job_title": ""})
    history = _history(admin, url)
    assert "Role: Analyst to Board member" in history
    assert "Priya" in history  # the admin who changed it


def test_joining_a_county_shows_on_the_settings_page(client_as, cast, partnership, county):
    partnership.parent = None
    partnership.save()
    ask = CountyRequest.objects.create(
        partnership=partnership,
        county=county,
        requested_by=cast["admin"],
        requested_at="2026-11-01T09:00Z",
    )
    accept_county_request(request=ask, by=cast["admin"])
    history = _history(client_as(cast["admin"]), reverse("partnerships:settings", args=[SLUG]))
    assert "County: set to Safer Bedfordshire" in history


def test_report_details_and_sections_keep_their_history(client_as, cast, partnership):
    year = create_cycle_from_template(
        partnership=partnership, template_key="annual", start_year=2026
    ).years.get()
    report = report_services.create_report(year=year, kind=Report.Kind.FULL)
    client = client_as(cast["analyst"])
    client.post(
        report.get_absolute_url(),
        {"title": report.title, "authors": "", "marking": "OFFICIAL-SENSITIVE"},
    )
    assert "Marking: OFFICIAL to OFFICIAL-SENSITIVE" in _history(client, report.get_absolute_url())
    section = report.sections.get(key="victims")
    client.post(section.get_absolute_url(), {"narrative": "New words."})
    assert "The text changed" in _history(client, section.get_absolute_url())


def test_an_issue_keeps_its_history(client_as, cast, partnership):
    year = create_cycle_from_template(
        partnership=partnership, template_key="annual", start_year=2026
    ).years.get()
    issue = save_issue(year=year, title="Shoplifting")
    client = client_as(cast["analyst"])
    url = reverse("cycles:issue_edit", args=[SLUG, year.pk, issue.pk])
    client.post(url, {"title": "Retail crime", "source": issue.source, "theme": ""})
    assert "Title: Shoplifting to Retail crime" in _history(client, url)


def test_a_time_in_the_history_reads_as_a_date_and_time(client_as, cast, partnership):
    person = Membership.objects.get(user=cast["theme_specialist"], partnership=partnership)
    mark_left(membership=person)
    person.refresh_from_db()
    admin = client_as(cast["admin"])
    history = _history(admin, reverse("partnerships:person_edit", args=[SLUG, person.pk]))
    local = person.left_at.astimezone(ZoneInfo("Europe/London"))
    assert f"Left on: set to {local:%-d %B %Y, %H:%M}" in history
    assert str(person.left_at.year) + "-" not in history


def test_a_flag_reads_yes_or_no(client_as, cast, year):
    priority = Priority.objects.create(year=year, title="Reduce serious violence")
    priority.published = True
    priority.save()
    history = _history(client_as(cast["analyst"]), priority.get_absolute_url())
    assert "Published: no to yes" in history
    assert "False" not in history and "True" not in history
