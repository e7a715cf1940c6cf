"""The pages that link long-list issues to crime types: admins and analysts set them,
other roles may not, and another partnership's issue is a 404."""

import re

import pytest
from django.urls import reverse

from analysis.models import IssueCrimeTypes
from cycles.services import create_cycle_from_template, save_issue

SLUG = "central-bedfordshire"


@pytest.fixture
def issue(partnership):
    cycle = create_cycle_from_template(
        partnership=partnership, template_key="four-year", start_year=2026
    )
    return save_issue(year=cycle.years.get(number=1), title="Anti-social behaviour")


def _urls(issue, slug=SLUG):
    return [
        reverse("analysis:issue_crime_types", kwargs={"slug": slug}),
        reverse("analysis:issue_crime_types_edit", kwargs={"slug": slug, "issue_id": issue.pk}),
    ]


@pytest.mark.parametrize(
    "role,status",
    [
        ("admin", 200),
        ("analyst", 200),
        ("theme_specialist", 403),
        ("board_member", 403),
        ("outsider", 404),
    ],
)
def test_only_admins_and_analysts_set_crime_types(client_as, cast, issue, role, status):
    client = client_as(cast[role])
    for url in _urls(issue):
        assert client.get(url).status_code == status, url
    response = client.post(_urls(issue)[1], {"crime_types": ["Drugs"]})
    assert response.status_code == (302 if status == 200 else status)
    assert IssueCrimeTypes.objects.exists() == (status == 200)


def test_another_partnerships_issue_is_404_under_its_own_slug(client_as, cast, issue):
    client = client_as(cast["outsider"])  # an admin of Luton
    assert client.get(_urls(issue, slug="luton")[1]).status_code == 404


def test_the_analyst_links_an_issue_and_sees_it_on_the_list(client_as, cast, issue):
    client = client_as(cast["analyst"])
    list_url, edit_url = _urls(issue)
    assert "None linked" in client.get(list_url).content.decode()
    response = client.post(
        edit_url, {"crime_types": ["Anti-social behaviour", "Criminal damage and arson"]}
    )
    assert response.status_code == 302
    assert IssueCrimeTypes.objects.get(issue=issue).crime_types == [
        "Anti-social behaviour",
        "Criminal damage and arson",
    ]
    page = client.get(list_url).content.decode()
    assert "Anti-social behaviour, Criminal damage and arson" in page
    edit = client.get(edit_url).content.decode()
    checked = re.findall(r'value="([^"]+)"\s+id="id_crime_types_\d+"\s+checked', edit)
    assert checked == ["Anti-social behaviour", "Criminal damage and arson"]
    # Unticking everything removes the link.
    client.post(edit_url, {})
    assert not IssueCrimeTypes.objects.exists()


def test_a_crime_type_data_police_uk_does_not_use_is_refused(client_as, cast, issue):
    response = client_as(cast["analyst"]).post(_urls(issue)[1], {"crime_types": ["Cyber crime"]})
    assert response.status_code == 200
    assert "Choose one of the options listed." in response.content.decode()
    assert not IssueCrimeTypes.objects.exists()


def test_the_analysis_index_links_to_the_page_for_managers_only(client_as, cast, issue):
    url = reverse("analysis:index", kwargs={"slug": SLUG})
    assert "Issues and crime types" in client_as(cast["analyst"]).get(url).content.decode()
    assert "Issues and crime types" not in client_as(cast["board_member"]).get(url).content.decode()
