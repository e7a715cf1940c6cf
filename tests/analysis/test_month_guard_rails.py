"""Files whose rows are not for the month in their name are held for the analyst to
check; an upload can be undone and a month removed, each rebuilding exactly what a fresh
import of the remaining files gives, recorded, all or nothing."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pandas as pd
import pyarrow as pa
import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from analysis import aggregates, police_files, removals, selectors, services
from analysis.models import Dataset, MonthlyCount, Removal, Upload
from analysis.police_files import month_warning
from tests.analysis.conftest import BEDS_2016, BEDS_2017, extract, month_file

MISNAMED = (BEDS_2016, month_file("2019-03")[1])  # named for November 2016, rows March 2019


def _table(months: list[str]) -> pa.Table:
    return pa.table({"Month": pa.array(months).dictionary_encode()})


# -- what counts as a mismatch (no database) -----------------------------------------


def test_a_file_named_for_the_month_its_rows_hold_needs_no_check():
    assert month_warning("2016-11-bedfordshire-street.csv", _table(["2016-11"] * 3)) is None
    # A browser's second copy keeps the month in its name.
    assert month_warning("2016-11-bedfordshire-street (1).csv", _table(["2016-11"])) is None


def test_a_name_for_another_month_is_caught_with_both_months():
    warning = month_warning("2016-11-bedfordshire-street.csv", _table(["2019-03"] * 433))
    assert warning == {
        "file": "2016-11-bedfordshire-street.csv",
        "named": "2016-11",
        "rows": {"2019-03": 433},
    }
    assert police_files.describe_month_warning(warning) == (
        "2016-11-bedfordshire-street.csv is named for November 2016, but its rows are for "
        "March 2019 (433 rows)."
    )


def test_rows_of_several_months_are_caught_even_when_one_matches_the_name():
    warning = month_warning("2016-11-x-street.csv", _table(["2016-12", "2016-11", "2016-11"]))
    assert warning["rows"] == {"2016-11": 2, "2016-12": 1}
    assert police_files.describe_month_warning(warning) == (
        "2016-11-x-street.csv is named for November 2016, but its rows are for 2 months: "
        "November 2016 (2 rows); December 2016 (1 row)."
    )


def test_a_name_without_a_month_is_caught_and_says_the_rows_month():
    warning = month_warning("bedfordshire.csv", _table(["2017-11"]))
    assert warning["named"] is None
    assert police_files.describe_month_warning(warning) == (
        "The name of bedfordshire.csv does not give a month, and its rows are for "
        "November 2017 (1 row)."
    )


def test_numbers_that_are_not_a_month_are_not_read_as_one():
    assert police_files.named_month("export-2019-13-street.csv") is None
    assert police_files.named_month("12016-11-street.csv") is None
    assert police_files.named_month("2016-11/bedfordshire.csv") is None  # the folder only


# -- the import holds, the analyst confirms -----------------------------------------


def test_a_misnamed_file_is_held_and_nothing_is_counted(import_files):
    upload = import_files([MISNAMED])
    assert upload.status == Upload.Status.HELD
    assert upload.month_warnings == [
        {"file": BEDS_2016, "named": "2016-11", "rows": {"2019-03": 433}}
    ]
    assert not MonthlyCount.objects.exists()
    assert Dataset.objects.get().aggregate_path == ""
    assert aggregates.media_path(upload.files[0]["path"]).exists()  # kept for the import


def test_one_misnamed_file_holds_the_whole_upload(import_files):
    upload = import_files([(BEDS_2017, extract(BEDS_2017)), MISNAMED])
    assert upload.status == Upload.Status.HELD
    assert [w["file"] for w in upload.month_warnings] == [BEDS_2016]
    assert not MonthlyCount.objects.exists()


def test_a_file_without_a_month_in_its_name_is_held(import_files):
    upload = import_files([("crimes.csv", extract(BEDS_2017))])
    assert upload.status == Upload.Status.HELD
    assert upload.month_warnings[0]["named"] is None


def test_a_file_that_is_refused_anyway_is_refused_not_held(import_files):
    upload = import_files([("crimes.csv", b"not,a\npolice,file\n")])
    assert upload.status == Upload.Status.FAILED


def test_confirming_imports_under_the_rows_months(import_files, partnership, sam):
    upload = import_files([MISNAMED])
    membership = sam.memberships.get(partnership=partnership)
    services.confirm_upload_months(upload=upload, confirmed_by=membership)
    upload.refresh_from_db()
    assert upload.status == Upload.Status.QUEUED
    assert upload.months_confirmed_by == membership
    assert services.run_import(upload_id=upload.pk) == "done"
    upload.refresh_from_db()
    assert upload.status == Upload.Status.DONE
    assert upload.months == ["2019-03"]
    assert upload.month_warnings[0]["rows"] == {"2019-03": 433}  # still shown after
    months = set(MonthlyCount.objects.values_list("month", flat=True))
    assert months == {date(2019, 3, 1)}


def test_confirming_twice_queues_one_import(import_files, partnership, sam):
    upload = import_files([MISNAMED])
    membership = sam.memberships.get(partnership=partnership)
    services.confirm_upload_months(upload=upload, confirmed_by=membership)
    with pytest.raises(ValidationError, match="no longer waiting"):
        services.confirm_upload_months(upload=upload, confirmed_by=membership)


# -- undo and remove rebuild exactly what a fresh import gives ------------------------


def _state(partnership) -> tuple:
    """The dataset's counts (Parquet) and summary rows, in a comparable form."""
    dataset = services.police_dataset(partnership=partnership)
    frame = aggregates.read(
        aggregates.media_path(dataset.aggregate_path) if dataset.aggregate_path else None
    )
    frame = frame.sort_values(list(frame.columns), ignore_index=True)
    summary = sorted(
        MonthlyCount.objects.filter(dataset=dataset).values_list(
            "month", "district__code", "category", "count"
        )
    )
    return frame, summary


def _assert_same(one, other):
    pd.testing.assert_frame_equal(one[0], other[0])
    assert one[1] == other[1]


@pytest.fixture
def fresh(import_files, partnership):
    """The state a fresh import of these files, in this order, gives."""

    def run(*uploads):
        Dataset.objects.filter(partnership=partnership).delete()
        for files in uploads:
            upload = import_files(files)
            assert upload.status == Upload.Status.DONE, upload.error
        return _state(partnership)

    return run


def _fewer_rows(name: str, month: str) -> tuple[str, bytes]:
    """A file for `month` with a third of the rows: a different count to replace with."""
    lines = month_file(month)[1].splitlines(keepends=True)
    return name, b"".join(lines[:1] + lines[1::3])


@pytest.fixture
def analyst(partnership, sam):
    return sam.memberships.get(partnership=partnership)


def _confirmed(import_files, analyst, files):
    upload = import_files(files)
    if upload.status == Upload.Status.HELD:
        services.confirm_upload_months(upload=upload, confirmed_by=analyst)
        services.run_import(upload_id=upload.pk)
        upload.refresh_from_db()
    assert upload.status == Upload.Status.DONE, upload.error
    return upload


def test_undoing_the_last_upload_gives_what_the_remaining_files_give(
    import_files, partnership, analyst, fresh
):
    first = [(BEDS_2016, extract(BEDS_2016))]
    second = [(BEDS_2017, extract(BEDS_2017))]
    third = [_fewer_rows(BEDS_2017, "2017-11"), MISNAMED]
    import_files(first)
    import_files(second)
    last = _confirmed(import_files, analyst, third)
    removal = removals.undo_upload(upload=last, removed_by=analyst)
    assert removal.months == ["2017-11", "2019-03"]
    assert removal.rows_removed == last.rows_in_area
    after = _state(partnership)
    _assert_same(after, fresh(first, second))


def test_undoing_an_earlier_upload_keeps_what_later_ones_replaced(
    import_files, partnership, analyst, fresh
):
    first = [(BEDS_2016, extract(BEDS_2016))]
    second = [(BEDS_2017, extract(BEDS_2017))]
    third = [_fewer_rows(BEDS_2017, "2017-11")]
    import_files(first)
    middle = import_files(second)
    import_files(third)
    removals.undo_upload(upload=middle, removed_by=analyst)
    _assert_same(_state(partnership), fresh(first, third))


def test_undoing_a_smaller_replacement_brings_back_the_rows_it_replaced(
    import_files, partnership, analyst, fresh
):
    first = [(BEDS_2017, extract(BEDS_2017))]
    import_files(first)
    smaller = import_files([_fewer_rows(BEDS_2017, "2017-11")])
    removal = removals.undo_upload(upload=smaller, removed_by=analyst)
    assert removal.rows_removed == smaller.rows_in_area
    _assert_same(_state(partnership), fresh(first))


def test_an_upload_imported_before_counts_were_kept_is_counted_again_from_its_files(
    import_files, partnership, analyst, fresh
):
    first = [(BEDS_2017, extract(BEDS_2017))]
    second = [_fewer_rows(BEDS_2017, "2017-11"), (BEDS_2016, extract(BEDS_2016))]
    older = import_files(first)
    Upload.objects.filter(pk=older.pk).update(counts_path="")
    later = import_files(second)
    removals.undo_upload(upload=later, removed_by=analyst)
    _assert_same(_state(partnership), fresh(first))


def test_an_upload_whose_files_are_gone_is_named_by_its_london_day(import_files, partnership):
    upload = import_files([(BEDS_2016, extract(BEDS_2016))])
    for stored in upload.files:
        aggregates.media_path(stored["path"]).unlink()
    # 00:30 on 5 June 2026 in London (summer time) is still 4 June in UTC.
    Upload.objects.filter(pk=upload.pk).update(
        counts_path="", created_at=datetime(2026, 6, 5, 0, 30, tzinfo=ZoneInfo("Europe/London"))
    )
    upload.refresh_from_db()
    with pytest.raises(police_files.RefusedFile) as refused:
        services.upload_counts(upload, list(partnership.districts.all()))
    assert refused.value.message == "the files of the upload of 5 June 2026 are gone"


def test_removing_a_month_gives_what_the_other_months_files_give(
    import_files, partnership, analyst, fresh
):
    first = [(BEDS_2016, extract(BEDS_2016))]
    import_files(first)
    import_files([(BEDS_2017, extract(BEDS_2017))])
    dataset = services.police_dataset(partnership=partnership)
    removals.remove_month(dataset=dataset, month="2017-11", removed_by=analyst)
    _assert_same(_state(partnership), fresh(first))


def test_a_removed_month_stays_removed_when_another_upload_is_undone(
    import_files, partnership, analyst
):
    import_files([(BEDS_2016, extract(BEDS_2016))])
    import_files([(BEDS_2017, extract(BEDS_2017))])
    dataset = services.police_dataset(partnership=partnership)
    removals.remove_month(dataset=dataset, month="2017-11", removed_by=analyst)
    # A later upload that also holds November 2017, then undone: the month was removed
    # before it, so undoing it must not bring back the removed rows.
    later = import_files([_fewer_rows(BEDS_2017, "2017-11")])
    removals.undo_upload(upload=later, removed_by=analyst)
    months = set(MonthlyCount.objects.values_list("month", flat=True))
    assert months == {date(2016, 11, 1)}


def test_importing_a_removed_month_again_brings_it_back(import_files, partnership, analyst):
    import_files([(BEDS_2017, extract(BEDS_2017))])
    dataset = services.police_dataset(partnership=partnership)
    removals.remove_month(dataset=dataset, month="2017-11", removed_by=analyst)
    assert not MonthlyCount.objects.exists()
    import_files([(BEDS_2017, extract(BEDS_2017))])
    assert set(MonthlyCount.objects.values_list("month", flat=True)) == {date(2017, 11, 1)}


def _default_last_month(partnership) -> date:
    dataset = services.police_dataset(partnership=partnership)
    districts = list(partnership.districts.all())
    analysis = selectors.analysis_for(
        dataset=dataset, districts=districts, area=None, end=None, length=12
    )
    return analysis.periods.current.last


def test_the_default_period_moves_back_when_the_upload_is_undone(
    import_files, partnership, analyst
):
    import_files([(BEDS_2016, extract(BEDS_2016))])
    import_files([(BEDS_2017, extract(BEDS_2017))])
    wrong = _confirmed(import_files, analyst, [MISNAMED])
    assert _default_last_month(partnership) == date(2019, 3, 1)
    removals.undo_upload(upload=wrong, removed_by=analyst)
    assert _default_last_month(partnership) == date(2017, 11, 1)


def test_the_default_period_moves_back_when_the_month_is_removed(
    import_files, partnership, analyst
):
    import_files([(BEDS_2016, extract(BEDS_2016))])
    _confirmed(import_files, analyst, [MISNAMED])
    dataset = services.police_dataset(partnership=partnership)
    removals.remove_month(dataset=dataset, month="2019-03", removed_by=analyst)
    assert _default_last_month(partnership) == date(2016, 11, 1)


# -- recorded, all or nothing, and safe beside an import ------------------------------


def test_an_undo_is_recorded_with_who_when_and_what(import_files, partnership, analyst):
    import_files([(BEDS_2016, extract(BEDS_2016))])
    upload = import_files([(BEDS_2017, extract(BEDS_2017))])
    before = MonthlyCount.objects.filter(month=date(2017, 11, 1))
    rows = sum(before.values_list("count", flat=True))
    removal = removals.undo_upload(upload=upload, removed_by=analyst)
    removal.refresh_from_db()
    assert (removal.kind, removal.upload, removal.removed_by) == (
        Removal.Kind.UPLOAD,
        upload,
        analyst,
    )
    assert removal.months == ["2017-11"]
    assert removal.rows_removed == rows > 0
    assert removal.history.count() == 1
    upload.refresh_from_db()
    assert upload.status == Upload.Status.UNDONE


def test_a_month_removal_is_recorded(import_files, partnership, analyst):
    import_files([(BEDS_2017, extract(BEDS_2017))])
    rows = sum(MonthlyCount.objects.values_list("count", flat=True))
    dataset = services.police_dataset(partnership=partnership)
    removal = removals.remove_month(dataset=dataset, month="2017-11", removed_by=analyst)
    assert (removal.kind, removal.month, removal.rows_removed) == (
        Removal.Kind.MONTH,
        date(2017, 11, 1),
        rows,
    )


def test_an_undo_that_fails_part_way_changes_nothing(
    import_files, partnership, analyst, monkeypatch
):
    import_files([(BEDS_2016, extract(BEDS_2016))])
    upload = import_files([(BEDS_2017, extract(BEDS_2017))])
    before = _state(partnership)
    path = Dataset.objects.get().aggregate_path
    original = services.replace_monthly_counts

    def fails_after_writing(*args, **kwargs):
        original(*args, **kwargs)
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services, "replace_monthly_counts", fails_after_writing)
    with pytest.raises(RuntimeError):
        removals.undo_upload(upload=upload, removed_by=analyst)
    upload.refresh_from_db()
    assert upload.status == Upload.Status.DONE
    assert not Removal.objects.exists()
    assert Dataset.objects.get().aggregate_path == path
    _assert_same(_state(partnership), before)
    folder = aggregates.media_path(path).parent
    assert not [p.name for p in folder.iterdir() if "undo" in p.name]  # the half-made file
    assert aggregates.media_path(upload.files[0]["path"]).exists()


def test_a_month_removal_that_fails_part_way_changes_nothing(
    import_files, partnership, analyst, monkeypatch
):
    import_files([(BEDS_2017, extract(BEDS_2017))])
    before = _state(partnership)

    def fails(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(aggregates, "write", fails)
    dataset = services.police_dataset(partnership=partnership)
    with pytest.raises(RuntimeError):
        removals.remove_month(dataset=dataset, month="2017-11", removed_by=analyst)
    assert not Removal.objects.exists()
    _assert_same(_state(partnership), before)


def test_undoing_twice_is_refused(import_files, analyst):
    upload = import_files([(BEDS_2017, extract(BEDS_2017))])
    removals.undo_upload(upload=upload, removed_by=analyst)
    with pytest.raises(ValidationError, match="already been undone"):
        removals.undo_upload(upload=upload, removed_by=analyst)


def test_a_refused_upload_has_nothing_to_undo(import_files, analyst):
    upload = import_files([(BEDS_2017, b"")])
    with pytest.raises(ValidationError, match="was refused"):
        removals.undo_upload(upload=upload, removed_by=analyst)


def test_undoing_a_held_upload_stops_it_and_deletes_its_files(
    import_files, analyst, django_capture_on_commit_callbacks
):
    upload = import_files([MISNAMED])
    with django_capture_on_commit_callbacks(execute=True):
        removal = removals.undo_upload(upload=upload, removed_by=analyst)
    assert removal.months == []
    upload.refresh_from_db()
    assert upload.status == Upload.Status.UNDONE
    assert not aggregates.media_path(upload.files[0]["path"]).exists()
    with pytest.raises(ValidationError):
        services.confirm_upload_months(upload=upload, confirmed_by=analyst)


def test_an_undone_queued_upload_is_never_imported(partnership, analyst):
    dataset = services.police_dataset(partnership=partnership)
    upload = services.start_upload(
        dataset=dataset,
        uploaded_by=analyst,
        files=[(BEDS_2017, extract(BEDS_2017))],
        enqueue=False,
    )
    removals.undo_upload(upload=upload, removed_by=analyst)
    assert services.run_import(upload_id=upload.pk) == "not claimed"
    assert not MonthlyCount.objects.exists()


def test_an_upload_being_imported_cannot_be_undone_until_its_claim_expires(
    partnership, analyst, settings
):
    dataset = services.police_dataset(partnership=partnership)
    upload = services.start_upload(
        dataset=dataset,
        uploaded_by=analyst,
        files=[(BEDS_2017, extract(BEDS_2017))],
        enqueue=False,
    )
    start = timezone.now()
    assert services.claim_upload(upload_id=upload.pk, now=start)
    with pytest.raises(ValidationError, match="being imported now"):
        removals.undo_upload(upload=upload, removed_by=analyst, now=start)
    # The worker died: its claim expired. Undoing now wins, and the old worker, if it
    # wakes, writes nothing.
    later = start + timedelta(seconds=settings.IMPORT_CLAIM_SECONDS + 1)
    removals.undo_upload(upload=upload, removed_by=analyst, now=later)
    stale = Upload.objects.select_related("dataset__partnership").get(pk=upload.pk)
    stale.status, stale.attempts = Upload.Status.RUNNING, 1
    with pytest.raises(services.ClaimLost):
        services._import(stale)
    assert not MonthlyCount.objects.exists()
    assert Upload.objects.get(pk=upload.pk).status == Upload.Status.UNDONE


def test_an_import_finishing_after_an_undo_merges_into_the_rebuilt_counts(
    import_files, partnership, analyst, fresh
):
    """The undo and the import take turns on the dataset's lock: whichever comes
    second starts from what the first wrote."""
    first = [(BEDS_2016, extract(BEDS_2016))]
    import_files(first)
    wrong = _confirmed(import_files, analyst, [MISNAMED])
    dataset = services.police_dataset(partnership=partnership)
    pending = services.start_upload(
        dataset=dataset,
        uploaded_by=analyst,
        files=[(BEDS_2017, extract(BEDS_2017))],
        enqueue=False,
    )
    assert services.claim_upload(upload_id=pending.pk, now=timezone.now())
    removals.undo_upload(upload=wrong, removed_by=analyst)
    services._import(Upload.objects.select_related("dataset__partnership").get(pk=pending.pk))
    _assert_same(_state(partnership), fresh(first, [(BEDS_2017, extract(BEDS_2017))]))
