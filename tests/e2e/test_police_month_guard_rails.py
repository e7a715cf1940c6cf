"""The analyst uploads a police file named for one month whose rows are for another,
is told so before anything is counted, imports it anyway, sees it take over the
analysis period, then undoes the upload (confirming first) and sees the month gone and
the period move back. axe-core on every page."""

import re

import pytest
from playwright.sync_api import expect

from analysis import services
from analysis.models import MonthlyCount, Removal, Upload
from csp_assessment.celery import app
from partnerships.models import Membership
from tests.analysis.conftest import BEDS_2016, BEDS_2017, extract, month_file
from tests.e2e.conftest import assert_accessible, sign_in

SLUG = "central-bedfordshire"


@pytest.fixture(autouse=True)
def imports_run_at_once(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    saved = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = saved


@pytest.fixture
def two_good_months(partnership, cast):
    """November 2016 and November 2017, imported as the analyst did last year."""
    analyst = Membership.objects.get(user=cast["analyst"], partnership=partnership)
    dataset = services.police_dataset(partnership=partnership)
    for name in (BEDS_2016, BEDS_2017):
        upload = services.start_upload(
            dataset=dataset, uploaded_by=analyst, files=[(name, extract(name))], enqueue=False
        )
        services.run_import(upload_id=upload.pk)
    return dataset


def test_a_misnamed_file_is_caught_imported_knowingly_then_undone(
    page, cast, partnership, two_good_months
):
    sign_in(page, cast["analyst"])
    page.get_by_role("link", name="Analysis", exact=True).click()
    page.get_by_role("link", name="Upload police data").click()
    expect(page.get_by_role("heading", name="Upload police data")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Street-level files").set_input_files(
        [{"name": BEDS_2016, "mimeType": "text/csv", "buffer": month_file("2019-03")[1]}]
    )
    page.get_by_role("button", name="Upload and import").click()

    # Held: the warning names what the file says and what its rows hold.
    warning = page.get_by_test_id("month-warning")
    expect(warning).to_contain_text("Check the months before these files are counted")
    expect(warning).to_contain_text(
        "2016-11-bedfordshire-street.csv is named for November 2016, but its rows are for "
        "March 2019 (433 rows)."
    )
    expect(warning).to_contain_text("Nothing has been counted yet.")
    assert_accessible(page)
    assert not MonthlyCount.objects.filter(month__year=2019).exists()

    # The analyst imports it under its rows' month (say they trust the rows).
    page.get_by_role("button", name="Import under the rows' months").click()
    expect(page.get_by_text("Imported.", exact=False).first).to_be_visible()
    expect(page.get_by_test_id("month-warning")).to_contain_text(
        "Imported under the months its rows hold"
    )
    assert_accessible(page)

    page.get_by_role("link", name="See the analysis").click()
    expect(page.get_by_test_id("period-summary")).to_contain_text("months to March 2019")
    assert_accessible(page)

    # It was the wrong file after all: undo the upload, confirming first.
    page.go_back()
    page.get_by_role("link", name="Undo this upload").click()
    expect(page.get_by_role("heading", name="Undo this upload")).to_be_visible()
    expect(page.get_by_test_id("removal-preview")).to_contain_text("March 2019")
    assert_accessible(page)
    assert MonthlyCount.objects.filter(month__year=2019).exists()  # nothing yet
    page.get_by_role("button", name="Undo the upload").click()

    expect(page.get_by_text("The upload is undone.")).to_be_visible()
    expect(page.get_by_test_id("upload-undone")).to_be_visible()
    expect(page.get_by_test_id("removal-record")).to_contain_text(
        re.compile(r"Upload undone by Sam Taylor on \d+ \w+ \d{4}")
    )
    assert_accessible(page)
    assert Upload.objects.filter(status=Upload.Status.UNDONE).count() == 1
    assert Removal.objects.count() == 1

    # The month is gone and the analysis period moved back to November 2017.
    page.get_by_role("link", name="Analysis", exact=True).first.click()
    page.get_by_role("link", name="Police recorded crime and anti-social behaviour").click()
    expect(page.get_by_test_id("period-summary")).to_contain_text("months to November 2017")
    assert_accessible(page)
    page.get_by_role("link", name="The months this dataset holds").click()
    expect(page.get_by_role("heading", name=re.compile("^Months of"))).to_be_visible()
    months = page.get_by_test_id("months-table")
    expect(months).to_contain_text("November 2017")
    expect(months).not_to_contain_text("March 2019")
    expect(page.get_by_test_id("removal-record")).to_contain_text("undone by Sam Taylor")
    assert_accessible(page)

    page.go_back()
    choices = page.get_by_label("Period ends with").inner_text()
    assert "November 2017" in choices and "March 2019" not in choices
    assert_accessible(page)
    assert not MonthlyCount.objects.filter(month__year=2019).exists()
