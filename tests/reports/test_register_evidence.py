"""The report reads the data sources register: its data-sources table lists the
register's sources, and a theme (substance misuse, re-offending, anti-social
behaviour) has figures once a source covering it is received and in date, not when it
was never received or its next delivery is overdue. Police data keeps giving crime."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from analysis import source_services
from analysis.services import load_demo_police_data
from cycles.services import create_cycle_from_template
from partnerships.models import Agency
from reports import content, services
from reports.models import Report


@pytest.fixture
def report(partnership, cast):
    year = create_cycle_from_template(
        partnership=partnership, template_key="annual", start_year=2026
    ).years.get()
    return services.create_report(year=year, kind=Report.Kind.FULL)


@pytest.fixture
def probation(partnership):
    return Agency.objects.create(
        partnership=partnership, name="Probation Service", type=Agency.Type.PROBATION
    )


@pytest.fixture
def reoffending(partnership, probation):
    return source_services.add_source(
        partnership=partnership,
        name="Proven re-offending",
        agency=probation,
        themes=["reoffending", "substance_misuse"],
    )


def _themes(report) -> dict:
    return {t.key: t for t in content.checks(report)[1]}


def _recent(source):
    today = timezone.localdate()
    source_services.record_receipt(
        source=source,
        received_on=today,
        period_start=today - timedelta(days=90),
        period_end=today - timedelta(days=1),
    )


def test_a_theme_has_figures_once_a_source_covering_it_is_received(report, reoffending):
    themes = _themes(report)
    assert not themes["reoffending"].covered and not themes["substance_misuse"].covered
    _recent(reoffending)
    themes = _themes(report)
    assert themes["reoffending"].covered and themes["substance_misuse"].covered
    assert themes["reoffending"].evidence[0].startswith("Proven re-offending (Probation Service)")
    assert not themes["asb"].covered and not themes["crime"].covered


def test_an_overdue_source_gives_no_figures(report, reoffending):
    source_services.record_receipt(
        source=reoffending,
        received_on=date(2024, 4, 5),
        period_start=date(2024, 1, 1),
        period_end=date(2024, 3, 31),
    )
    assert not _themes(report)["reoffending"].covered


def test_the_themes_do_not_change_the_statutory_components(report, reoffending):
    before = [(c.key, c.covered) for c in content.statutory_check(report)]
    _recent(reoffending)
    assert [(c.key, c.covered) for c in content.statutory_check(report)] == before


def test_police_data_still_gives_crime_and_asb(report, partnership, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    load_demo_police_data(partnership=partnership)
    themes = _themes(report)
    assert themes["crime"].covered and themes["asb"].covered
    assert not themes["substance_misuse"].covered
    levels = next(c for c in content.statutory_check(report) if c.key == "levels")
    assert levels.evidence


def test_the_data_sources_table_lists_the_register_then_unlisted_imports(
    report, reoffending, partnership, police, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    load_demo_police_data(partnership=partnership)
    _recent(reoffending)
    html = services.build_html(report, version=1)
    intro = html[html.index('id="introduction"') :]
    intro = intro[: intro.index("</table>")]
    assert "Proven re-offending" in intro and "Probation Service" in intro
    assert "Substance misuse, Re-offending" in intro and "Fair: usable with known gaps" in intro
    # The police data is not in the register yet: it is listed from the import.
    assert "Imported:" in intro
    imported = partnership.datasets.get()
    source_services.add_source(
        partnership=partnership,
        name="Police crime and ASB",
        agency=police,
        dataset=imported,
        themes=["crime", "asb"],
    )
    html = services.build_html(report, version=1)
    intro = html[html.index('id="introduction"') :]
    intro = intro[: intro.index("</table>")]
    assert "Police crime and ASB" in intro and "Imported:" not in intro
    assert "Never received" in intro


def test_the_report_page_shows_where_each_themes_figures_come_from(
    client_as, cast, report, reoffending
):
    _recent(reoffending)
    page = client_as(cast["analyst"]).get(report.get_absolute_url()).content.decode()
    themes = page[page.index('data-testid="themes"') :]
    assert "Proven re-offending (Probation Service)" in themes
