"""Issue 17, 10: an issue's theme is one of the partnership's themes (victims, offenders
and locations to begin with), kept on a page admins and analysts manage; free text
already written becomes themes by a data migration."""

import importlib
import re

import pytest
from django.apps import apps
from django.urls import reverse

from cycles.models import Cycle, CycleYear, Issue, Theme
from cycles.rules import DEFAULT_THEMES, map_themes
from cycles.services import create_cycle_from_template, rename_theme, save_issue

SLUG = "central-bedfordshire"
THEMES_URL = reverse("cycles:themes", kwargs={"slug": SLUG})


@pytest.fixture
def year(partnership, cast):
    cycle = create_cycle_from_template(
        partnership=partnership, template_key="annual", start_year=2026
    )
    return cycle.years.get()


@pytest.fixture
def luton_theme(other_partnership):
    return Theme.objects.create(partnership=other_partnership, name="Rural crime")


def _names(partnership):
    return list(partnership.themes.values_list("name", flat=True))


# The mapping the data migration uses, as a pure function.


def test_known_themes_absorb_case_and_whitespace():
    mapping = map_themes(["victims ", "VICTIMS", " Offenders", "locations"])
    assert mapping == {
        "victims ": "Victims",
        "VICTIMS": "Victims",
        " Offenders": "Offenders",
        "locations": "Locations",
    }


def test_a_typo_stays_a_theme_of_its_own():
    assert map_themes(["Vicitms", "Victims"]) == {"Vicitms": "Vicitms", "Victims": "Victims"}


def test_new_themes_take_the_spelling_most_issues_used():
    mapping = map_themes(["knife crime", "Knife  crime", "Knife crime ", "KNIFE CRIME"], known=())
    assert set(mapping.values()) == {"Knife crime"}


def test_blank_themes_map_to_nothing():
    assert map_themes(["", "   "]) == {}


def test_the_migration_turns_free_text_into_themes(partnership, other_partnership):
    cycle = Cycle.objects.create(
        partnership=partnership,
        name="Old",
        template_key="annual",
        template_version=1,
        start_year=2024,
    )
    year = CycleYear.objects.create(
        cycle=cycle, number=1, kind="annual", starts_on="2024-04-01", ends_on="2025-03-31"
    )
    written = {"A": "victims ", "B": "VICTIMS", "C": "Vicitms", "D": "knife crime", "E": "  "}
    for title, theme in written.items():
        Issue.objects.create(year=year, title=title, theme=theme)
    migration = importlib.import_module("cycles.migrations.0005_themes_from_issues")

    migration.themes_from_issues(apps, None)

    # Kept as written, so each stands out for the analyst to rename or merge.
    assert sorted(_names(partnership)) == [
        "Locations",
        "Offenders",
        "Vicitms",
        "Victims",
        "knife crime",
    ]
    assert sorted(_names(other_partnership)) == sorted(DEFAULT_THEMES)
    themes = dict(Issue.objects.values_list("title", "theme"))
    assert themes == {"A": "Victims", "B": "Victims", "C": "Vicitms", "D": "knife crime", "E": ""}


# Defaults, the issue form and the service.


def test_a_partnerships_first_cycle_brings_the_usual_themes(year, partnership):
    assert sorted(_names(partnership)) == ["Locations", "Offenders", "Victims"]
    create_cycle_from_template(partnership=partnership, template_key="annual", start_year=2027)
    assert partnership.themes.count() == 3  # not twice


def test_the_issue_form_offers_only_this_partnerships_themes(client_as, cast, year, luton_theme):
    url = reverse("cycles:issue_new", kwargs={"slug": SLUG, "year_id": year.pk})
    page = client_as(cast["analyst"]).get(url).content.decode()
    for name in DEFAULT_THEMES:
        assert f'<option value="{name}">{name}</option>' in page
    assert "Rural crime" not in page


def test_another_partnerships_theme_is_refused(client_as, cast, year, luton_theme):
    url = reverse("cycles:issue_new", kwargs={"slug": SLUG, "year_id": year.pk})
    response = client_as(cast["analyst"]).post(
        url, {"title": "Hare coursing", "theme": "Rural crime", "source": "new"}
    )
    assert response.status_code == 200
    assert "Choose one of the options listed." in response.content.decode()
    assert not Issue.objects.exists()


def test_the_service_refuses_a_theme_the_partnership_does_not_have(year, luton_theme):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="Choose one of the partnership's themes"):
        save_issue(year=year, title="Hare coursing", theme="Rural crime")
    assert save_issue(year=year, title="Domestic abuse", theme=" victims").theme == "Victims"


# The themes page.


def test_an_analyst_sees_the_themes_with_their_issue_counts(client_as, cast, year):
    save_issue(year=year, title="Domestic abuse", theme="Victims")
    save_issue(year=year, title="Hate crime", theme="Victims")
    page = client_as(cast["analyst"]).get(THEMES_URL).content.decode()
    assert re.search(r'<th scope="row" class="fw-normal">Victims</th>\s*<td\s*>2</td>', page)
    assert re.search(r'<th scope="row" class="fw-normal">Offenders</th>\s*<td\s*>0</td>', page)


def test_an_admin_adds_a_theme_and_a_duplicate_is_refused(client_as, cast, year, partnership):
    admin = client_as(cast["admin"])
    assert admin.post(THEMES_URL, {"name": "  Rural   crime "}).status_code == 302
    assert "Rural crime" in _names(partnership)
    response = admin.post(THEMES_URL, {"name": "rural crime"})
    assert "There is already a theme called “Rural crime”." in response.content.decode()
    assert partnership.themes.count() == 4


@pytest.mark.parametrize("role", ["board_member", "theme_specialist"])
def test_other_roles_may_not_manage_themes(client_as, cast, year, partnership, role):
    client = client_as(cast[role])
    theme = partnership.themes.first()
    assert client.get(THEMES_URL).status_code == 403
    assert client.post(THEMES_URL, {"name": "Mine"}).status_code == 403
    edit = reverse("cycles:theme_edit", kwargs={"slug": SLUG, "theme_id": theme.pk})
    assert client.post(edit, {"name": "Mine"}).status_code == 403
    assert sorted(_names(partnership)) == sorted(DEFAULT_THEMES)


def test_another_partnership_gets_not_found(client_as, cast, year, partnership, luton_theme):
    lee = client_as(cast["outsider"])
    assert lee.get(THEMES_URL).status_code == 404
    theme = partnership.themes.first()
    edit = reverse("cycles:theme_edit", kwargs={"slug": "luton", "theme_id": theme.pk})
    assert lee.post(edit, {"name": "Taken"}).status_code == 404
    # Nor can Central Bedfordshire's analyst reach Luton's theme under its own slug.
    theirs = reverse("cycles:theme_edit", kwargs={"slug": SLUG, "theme_id": luton_theme.pk})
    assert client_as(cast["analyst"]).post(theirs, {"name": "Taken"}).status_code == 404
    luton_theme.refresh_from_db()
    assert luton_theme.name == "Rural crime"


def test_renaming_a_theme_renames_it_on_every_issue(client_as, cast, year, partnership):
    issue = save_issue(year=year, title="Domestic abuse", theme="Victims")
    theme = partnership.themes.get(name="Victims")
    edit = reverse("cycles:theme_edit", kwargs={"slug": SLUG, "theme_id": theme.pk})
    response = client_as(cast["analyst"]).post(edit, {"name": "Victims and survivors"})
    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.theme == "Victims and survivors"
    assert issue.history.first().history_change_reason == (
        "Theme “Victims” renamed “Victims and survivors”"
    )


def test_a_misspelt_theme_is_merged_only_when_asked(client_as, cast, year, partnership):
    typo = Theme.objects.create(partnership=partnership, name="Vicitms")
    issue = save_issue(year=year, title="Domestic abuse", theme="Vicitms")
    edit = reverse("cycles:theme_edit", kwargs={"slug": SLUG, "theme_id": typo.pk})
    analyst = client_as(cast["analyst"])

    refused = analyst.post(edit, {"name": "victims"})
    assert "There is already a theme called “Victims”." in refused.content.decode()
    issue.refresh_from_db()
    assert issue.theme == "Vicitms"

    merged = analyst.post(edit, {"name": "victims", "merge": "on"})
    assert merged.status_code == 302
    issue.refresh_from_db()
    assert issue.theme == "Victims"
    assert not Theme.objects.filter(pk=typo.pk).exists()


def test_a_theme_can_change_only_its_case(year, partnership):
    theme = partnership.themes.get(name="Victims")
    assert rename_theme(theme=theme, name="VICTIMS").name == "VICTIMS"
