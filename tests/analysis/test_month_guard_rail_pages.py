"""The pages for a held upload, undoing an upload and removing a month: what each role
sees and may do, that nothing happens without confirmation, and what is shown after."""

import pytest
from django.urls import reverse

from analysis import services
from analysis.models import MonthlyCount, Removal, Upload
from tests.analysis.conftest import BEDS_2016, BEDS_2017, extract, month_file

SLUG = "central-bedfordshire"
ROLES = ["admin", "analyst", "theme_specialist", "board_member", "outsider"]
MANAGERS = {"admin", "analyst"}
MISNAMED = (BEDS_2016, month_file("2019-03")[1])


def _url(name, **kwargs):
    return reverse(f"analysis:{name}", kwargs={"slug": SLUG, **kwargs})


@pytest.fixture
def held(import_files):
    upload = import_files([MISNAMED])
    assert upload.status == Upload.Status.HELD
    return upload


@pytest.fixture
def imported(import_files):
    import_files([(BEDS_2016, extract(BEDS_2016))])
    return import_files([(BEDS_2017, extract(BEDS_2017))])


def _expect(response, role, allowed=MANAGERS):
    if role == "outsider":
        assert response.status_code == 404
    elif role in allowed:
        assert response.status_code in (200, 302)
    else:
        assert response.status_code == 403


# -- the warning --------------------------------------------------------------------


@pytest.mark.parametrize("role", ["analyst", "board_member"])
def test_a_held_upload_says_what_the_name_says_and_which_months_the_rows_hold(
    client_as, cast, held, role
):
    page = client_as(cast[role]).get(held.get_absolute_url()).content.decode()
    assert "Check the months before these files are counted" in page
    assert (
        "2016-11-bedfordshire-street.csv is named for November 2016, but its rows are for "
        "March 2019 (433 rows)." in page
    )
    assert "Nothing has been counted yet." in page
    offered = role == "analyst"
    assert ("Import under the rows" in page) is offered
    assert (_url("upload_undo", upload_id=held.pk) in page) is offered


def test_the_warning_stays_on_the_page_after_the_import(client_as, cast, held, partnership):
    client = client_as(cast["analyst"])
    client.post(_url("upload_confirm_months", upload_id=held.pk), {"confirm": "yes"})
    services.run_import(upload_id=held.pk)
    page = client.get(held.get_absolute_url()).content.decode()
    assert "Imported under the months its rows hold" in page
    assert "Sam Taylor confirmed this on" in page
    assert "is named for November 2016, but its rows are for March 2019" in page


# -- confirming the months ----------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_confirming_the_months_is_for_those_who_may_import(client_as, cast, held, role):
    response = client_as(cast[role]).post(
        _url("upload_confirm_months", upload_id=held.pk), {"confirm": "yes"}
    )
    _expect(response, role)
    held.refresh_from_db()
    confirmed = role in MANAGERS
    assert held.status == (Upload.Status.QUEUED if confirmed else Upload.Status.HELD)


def test_confirming_needs_the_button_not_just_a_visit(client_as, cast, held):
    client = client_as(cast["analyst"])
    assert client.get(_url("upload_confirm_months", upload_id=held.pk)).status_code == 302
    client.post(_url("upload_confirm_months", upload_id=held.pk), {})
    held.refresh_from_db()
    assert held.status == Upload.Status.HELD


def test_confirming_an_upload_of_another_partnership_is_not_found(
    client_as, cast, held, other_partnership
):
    url = reverse(
        "analysis:upload_confirm_months",
        kwargs={"slug": other_partnership.slug, "upload_id": held.pk},
    )
    assert client_as(cast["outsider"]).post(url, {"confirm": "yes"}).status_code == 404
    held.refresh_from_db()
    assert held.status == Upload.Status.HELD


# -- undoing an upload --------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_the_undo_page_is_for_those_who_may_import(client_as, cast, imported, role):
    _expect(client_as(cast[role]).get(_url("upload_undo", upload_id=imported.pk)), role)


@pytest.mark.parametrize("role", ROLES)
def test_undoing_is_for_those_who_may_import(client_as, cast, imported, role):
    response = client_as(cast[role]).post(
        _url("upload_undo", upload_id=imported.pk), {"confirm": "yes"}
    )
    _expect(response, role)
    imported.refresh_from_db()
    undone = role in MANAGERS
    assert imported.status == (Upload.Status.UNDONE if undone else Upload.Status.DONE)
    assert Removal.objects.exists() is undone


def test_the_undo_page_asks_first_and_says_what_goes(client_as, cast, imported):
    client = client_as(cast["analyst"])
    page = client.get(_url("upload_undo", upload_id=imported.pk)).content.decode()
    assert "Undo this upload" in page
    assert "The months it imported (November 2017," in page
    upload_page = client.get(imported.get_absolute_url()).content.decode()
    assert '<dt class="col-sm-5">Months</dt><dd class="col-sm-7">November 2017<' in upload_page
    assert 'name="confirm" value="yes"' in page
    # A post without the confirmation (a stale form, a bot) only shows the page again.
    response = client.post(_url("upload_undo", upload_id=imported.pk), {})
    assert response.status_code == 200
    imported.refresh_from_db()
    assert imported.status == Upload.Status.DONE
    assert MonthlyCount.objects.filter(month__year=2017).exists()


def test_after_undoing_the_upload_page_says_so_and_records_who(client_as, cast, imported):
    client = client_as(cast["analyst"])
    response = client.post(_url("upload_undo", upload_id=imported.pk), {"confirm": "yes"})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "The upload is undone. Rebuilt: November 2017." in page
    assert "This upload was undone." in page
    assert "Upload undone by Sam Taylor on" in page
    assert "months rebuilt: November 2017." in page
    assert not MonthlyCount.objects.filter(month__year=2017).exists()


def test_undoing_twice_says_it_was_already_undone(client_as, cast, imported):
    client = client_as(cast["analyst"])
    client.post(_url("upload_undo", upload_id=imported.pk), {"confirm": "yes"})
    page = client.post(
        _url("upload_undo", upload_id=imported.pk), {"confirm": "yes"}, follow=True
    ).content.decode()
    assert "This upload has already been undone." in page
    assert Removal.objects.count() == 1


def test_undoing_an_upload_of_another_partnership_is_not_found(
    client_as, cast, imported, other_partnership
):
    url = reverse(
        "analysis:upload_undo", kwargs={"slug": other_partnership.slug, "upload_id": imported.pk}
    )
    client = client_as(cast["outsider"])
    assert client.get(url).status_code == 404
    assert client.post(url, {"confirm": "yes"}).status_code == 404
    assert not Removal.objects.exists()


# -- months and removing one ----------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_everyone_in_the_partnership_sees_the_months(client_as, cast, imported, role):
    response = client_as(cast[role]).get(_url("months", dataset_id=imported.dataset_id))
    _expect(response, role, allowed={"admin", "analyst", "theme_specialist", "board_member"})
    if response.status_code == 200:
        page = response.content.decode()
        assert "November 2017" in page and "November 2016" in page
        remove = _url("month_remove", dataset_id=imported.dataset_id, month="2017-11")
        assert (remove in page) is (role in MANAGERS)


@pytest.mark.parametrize("role", ROLES)
def test_removing_a_month_is_for_those_who_may_import(client_as, cast, imported, role):
    url = _url("month_remove", dataset_id=imported.dataset_id, month="2017-11")
    client = client_as(cast[role])
    _expect(client.get(url), role)
    _expect(client.post(url, {"confirm": "yes"}), role)
    removed = role in MANAGERS
    assert MonthlyCount.objects.filter(month__year=2017).exists() is not removed


def test_removing_a_month_asks_first(client_as, cast, imported):
    url = _url("month_remove", dataset_id=imported.dataset_id, month="2017-11")
    client = client_as(cast["analyst"])
    page = client.get(url).content.decode()
    assert "Remove November 2017" in page
    assert "rows of November 2017 are taken out" in page
    assert client.post(url, {}).status_code == 200
    assert MonthlyCount.objects.filter(month__year=2017).exists()
    response = client.post(url, {"confirm": "yes"}, follow=True)
    page = response.content.decode()
    assert "November 2017 is removed from" in page
    assert "November 2017 removed by Sam Taylor" in page
    assert not MonthlyCount.objects.filter(month__year=2017).exists()


@pytest.mark.parametrize("month", ["2019-03", "2017-13", "nonsense"])
def test_a_month_the_dataset_does_not_hold_is_not_found(client_as, cast, imported, month):
    url = _url("month_remove", dataset_id=imported.dataset_id, month=month)
    assert client_as(cast["analyst"]).post(url, {"confirm": "yes"}).status_code == 404


def test_removing_a_month_of_another_partnership_is_not_found(
    client_as, cast, imported, other_partnership
):
    url = reverse(
        "analysis:month_remove",
        kwargs={
            "slug": other_partnership.slug,
            "dataset_id": imported.dataset_id,
            "month": "2017-11",
        },
    )
    assert client_as(cast["outsider"]).post(url, {"confirm": "yes"}).status_code == 404
    assert MonthlyCount.objects.filter(month__year=2017).exists()


def test_the_analysis_page_defaults_to_the_latest_month_left(client_as, cast, imported):
    client = client_as(cast["analyst"])
    dataset_url = _url("dataset", dataset_id=imported.dataset_id)
    assert "months to November 2017" in client.get(dataset_url).content.decode()
    client.post(_url("upload_undo", upload_id=imported.pk), {"confirm": "yes"})
    page = client.get(dataset_url).content.decode()
    assert "months to November 2016" in page
    assert 'value="2017-11"' not in page  # nor offered as the end of a period
    # An address that still names the removed month falls back to the latest.
    old = client.get(dataset_url + "?end=2017-11").content.decode()
    assert "months to November 2016" in old
