"""Browser journeys for issue 11: two writers on one report section (the second is
told what changed and keeps their words), and the history a page shows; axe-core on
each page."""

import pytest
from playwright.sync_api import expect

from cycles.services import create_cycle_from_template
from reports import services
from reports.models import Report
from tests.e2e.conftest import assert_accessible, sign_in


@pytest.fixture
def report(partnership):
    year = create_cycle_from_template(
        partnership=partnership, template_key="annual", start_year=2026
    ).years.get()
    return services.create_report(year=year, kind=Report.Kind.FULL)


def test_two_writers_on_one_section(new_page, cast, report):
    section = report.sections.get(key="victims")
    sam, jo = new_page(), new_page()
    sign_in(sam, cast["analyst"])
    sign_in(jo, cast["theme_specialist"])
    sam.goto(section.get_absolute_url())
    jo.goto(section.get_absolute_url())

    jo.get_by_label("Narrative").fill("Jo's account of repeat victims.")
    jo.get_by_role("button", name="Save the section").click()
    expect(jo.get_by_text("Victims saved.")).to_be_visible()

    sam.get_by_label("Narrative").fill("Sam's account.")
    sam.get_by_role("button", name="Save the section").click()
    expect(sam.get_by_text("This section was saved by Jo Evans on")).to_be_visible()
    expect(sam.get_by_label("Narrative")).to_have_value("Sam's account.")
    assert_accessible(sam)

    # Opened again, the page shows the section's history and takes Sam's save.
    sam.goto(section.get_absolute_url())
    expect(sam.get_by_role("heading", name="History")).to_be_visible()
    expect(sam.get_by_role("cell", name="The text changed")).to_be_visible()
    assert_accessible(sam)
