"""The import service on the real data.police.uk extracts and on broken variants of them:
what it counts, what it replaces, and that a refused upload changes nothing."""

import io
import zipfile

import pytest

from analysis import partner_files, services
from analysis.aggregates import media_path
from analysis.models import Dataset, Lsoa, MonthlyCount, Upload
from analysis.police_files import SourceFile
from tests.analysis.conftest import BEDS_2016, BEDS_2017, CAMBS_2016, extract

NO_LOCATION_ROW = (
    b",2016-11,Bedfordshire Police,Bedfordshire Police,,,No Location,,,Anti-social behaviour,,\n"
)


def counts():
    return sorted(MonthlyCount.objects.values_list("month", "district__code", "category", "count"))


def zipped(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_an_import_reports_rows_in_and_outside_the_area(import_files):
    upload = import_files([(BEDS_2016, extract(BEDS_2016)), (BEDS_2017, extract(BEDS_2017))])
    assert upload.status == Upload.Status.DONE, upload.error
    assert upload.rows_read == 433 + 442
    assert upload.rows_in_area == 141 + 142
    assert upload.rows_outside == 875 - 283
    assert upload.rows_no_location == 0
    assert upload.outside_areas["Bedford"] == 148 + 150
    assert upload.outside_areas["St Albans"] == 2
    assert upload.months == ["2016-11", "2017-11"]
    assert upload.forces == ["Bedfordshire Police"]
    assert "Anti-social behaviour" in upload.categories
    assert upload.progress == 100


def test_the_counts_are_kept_as_monthly_rows_and_a_parquet_file(import_files):
    upload = import_files([(BEDS_2017, extract(BEDS_2017))])
    summary = dict(MonthlyCount.objects.filter(month__year=2017).values_list("category", "count"))
    assert summary["Anti-social behaviour"] == 43
    assert sum(summary.values()) == 142
    dataset = Dataset.objects.get(pk=upload.dataset_id)
    assert media_path(dataset.aggregate_path).exists()
    # The uploaded file is kept.
    assert media_path(upload.files[0]["path"]).read_bytes() == extract(BEDS_2017)


def test_importing_a_month_again_replaces_it_rather_than_doubling_it(
    import_files, partnership, django_capture_on_commit_callbacks
):
    import_files([(BEDS_2016, extract(BEDS_2016))])
    before = counts()
    first_file = Dataset.objects.get().aggregate_path
    again = services.start_upload(
        dataset=Dataset.objects.get(), uploaded_by=None, files=[(BEDS_2016, BEDS)]
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.run_import(upload_id=again.pk)
    again.refresh_from_db()
    assert again.status == Upload.Status.DONE
    assert again.replaced_months == ["2016-11"]
    assert counts() == before
    # The previous Parquet file is removed once the new one is in use.
    assert not media_path(first_file).exists()


def test_an_archive_zip_imports_its_street_files_and_skips_the_others(import_files):
    archive = zipped(
        {
            f"2016-11/{BEDS_2016}": extract(BEDS_2016),
            "2016-11/2016-11-bedfordshire-outcomes.csv": b"Crime ID,Month\n",
            f"2017-11/{BEDS_2017}": extract(BEDS_2017),
        }
    )
    upload = import_files([("police-archive.zip", archive)])
    assert upload.status == Upload.Status.DONE, upload.error
    assert upload.months == ["2016-11", "2017-11"]
    assert upload.rows_in_area == 283


def test_rows_with_no_location_are_counted_separately(import_files):
    upload = import_files([(BEDS_2016, extract(BEDS_2016) + NO_LOCATION_ROW * 3)])
    assert upload.rows_no_location == 3
    assert upload.rows_in_area == 141
    assert upload.rows_read == 436


def test_an_lsoa_learned_from_its_name_maps_later_rows_that_have_only_the_code(import_files):
    import_files([(BEDS_2016, extract(BEDS_2016))])
    assert Lsoa.objects.get(code="E01017540").authority == "Bedford"
    lines = extract(BEDS_2016).decode().splitlines(keepends=True)
    nameless = [lines[0]]
    for line in lines[1:]:
        fields = line.split(",")
        fields[-4] = ""  # LSOA name (no field before it holds a comma in this file)
        nameless.append(",".join(fields))
    upload = import_files([(BEDS_2016, "".join(nameless).encode())])
    assert upload.status == Upload.Status.DONE, upload.error
    assert upload.rows_in_area == 141


def _replace(data: bytes, old: bytes, new: bytes, count: int = -1) -> bytes:
    assert old in data
    return data.replace(old, new, count)


BEDS = extract(BEDS_2016)
HEADER_END = BEDS.index(b"\n") + 1
BAD_FILES = {
    "wrong header": (
        BEDS_2016,
        _replace(BEDS, b"Crime type", b"Offence", 1),
        "lacks the column Crime type",
    ),
    "missing header": (BEDS_2016, BEDS[HEADER_END:], "does not have the data.police.uk"),
    "not a CSV": (BEDS_2016, b"%PDF-1.7\n binary", "is not a CSV file: it looks like a PDF"),
    "an Excel file named .csv": (
        BEDS_2016,
        zipped({"xl/workbook.xml": b"<x/>"}),
        "an Excel workbook",
    ),
    "a zip with no street files": (
        "archive.zip",
        zipped({"2016-11/2016-11-bedfordshire-outcomes.csv": b"x"}),
        "holds no street-level files",
    ),
    "wrong encoding": (BEDS_2016, BEDS.decode().encode("utf-16"), "looks like UTF-16 text"),
    "latin-1 text": (
        BEDS_2016,
        _replace(BEDS, b"On or near Cross End", "On or near Caf\u00e9".encode("latin-1"), 1),
        "is not in UTF-8 (the first character it cannot read is on line 2). Download the file "
        "again from data.police.uk",
    ),
    "unknown crime types": (
        BEDS_2016,
        _replace(BEDS, b",Drugs,", b",Cyber crime,"),
        "'Cyber crime' (5 rows, first on line",
    ),
    "non-numeric coordinates": (
        BEDS_2016,
        _replace(BEDS, b"-0.436626,52.214299", b"west,52.214299", 1),
        "has a Longitude that is not a number: 'west' on line 2",
    ),
    "a NUL past the first 4 KB": (
        BEDS_2016,
        BEDS[:5000] + BEDS[5000:].replace(b"Central Bedfordshire", b"Central\x00Bedfordshire", 1),
        "could not be read as CSV: line 150 holds a NUL character. Save it again as CSV.",
    ),
    "a month not in the form YYYY-MM": (
        BEDS_2016,
        _replace(BEDS, b",2016-11,", b",banana,", 1),
        "has a Month that is not in the form YYYY-MM: 'banana' (1 row, first on line 2).",
    ),
    "a short line": (
        BEDS_2016,
        BEDS[:HEADER_END] + BEDS[HEADER_END:].replace(b"\n", b"\nshort,line\n", 3),
        "has a line with 2 columns where the header has 12 (line 3).",
    ),
    "an empty file": (BEDS_2016, b"", "is empty"),
    "a header and no rows": (BEDS_2016, BEDS[:HEADER_END], "has a header but no rows"),
    "a force outside the partnership": (
        CAMBS_2016,
        extract(CAMBS_2016),
        "The file covers Cambridgeshire Constabulary",
    ),
}


@pytest.mark.parametrize("case", BAD_FILES, ids=list(BAD_FILES))
def test_a_bad_file_is_refused_with_its_message_and_changes_nothing(import_files, case):
    import_files([(BEDS_2017, extract(BEDS_2017))])
    before = (counts(), Dataset.objects.get().aggregate_path, Lsoa.objects.count())
    name, data, message = BAD_FILES[case]
    upload = import_files([(name, data)])
    assert upload.status == Upload.Status.FAILED
    assert message in upload.error, upload.error
    assert (counts(), Dataset.objects.get().aggregate_path, Lsoa.objects.count()) == before
    assert not media_path(upload.files[0]["path"]).exists()


def test_one_bad_file_refuses_the_whole_upload(import_files):
    upload = import_files([(BEDS_2017, extract(BEDS_2017)), (CAMBS_2016, extract(CAMBS_2016))])
    assert upload.status == Upload.Status.FAILED
    assert not MonthlyCount.objects.exists()
    assert Dataset.objects.get().aggregate_path == ""


def test_two_files_for_the_same_force_and_month_are_refused(import_files):
    upload = import_files([(BEDS_2016, extract(BEDS_2016)), ("copy.csv", extract(BEDS_2016))])
    assert upload.status == Upload.Status.FAILED
    assert "both hold Bedfordshire Police for 2016-11" in upload.error


def test_a_zip_that_unpacks_past_the_limit_is_refused(import_files, settings):
    settings.ANALYSIS_MAX_UPLOAD_BYTES = 100_000
    archive = zipped({f"2016-11/{BEDS_2016}": BEDS, f"2017-11/{BEDS_2017}": extract(BEDS_2017)})
    upload = import_files([("archive.zip", archive)])
    assert "unpacks to" in upload.error


def test_a_partnership_without_districts_is_told_so(import_files, partnership):
    partnership.districts.all().delete()
    upload = import_files([(BEDS_2016, BEDS)])
    assert "has no districts set up" in upload.error


def test_an_import_runs_once_even_if_the_task_is_delivered_twice(import_files):
    upload = import_files([(BEDS_2016, BEDS)])
    assert services.run_import(upload_id=upload.pk) == "not claimed"
    assert Upload.objects.get(pk=upload.pk).rows_in_area == 141


def test_a_fault_is_reported_in_plain_words_without_a_stack_trace(import_files, partnership):
    dataset = services.police_dataset(partnership=partnership)
    upload = services.start_upload(dataset=dataset, uploaded_by=None, files=[(BEDS_2016, BEDS)])
    media_path(upload.files[0]["path"]).unlink()  # the file vanished from shared storage
    services.run_import(upload_id=upload.pk)
    upload.refresh_from_db()
    assert upload.status == Upload.Status.FAILED
    assert upload.error.startswith("The import stopped because of a fault in the workbench")
    assert "Traceback" not in upload.error


PARTNER_CSV = b"""Date,Location,Type,Incidents
03/11/2017,Central Bedfordshire,Noise,4
2017-11-20,Central Bedfordshire 012C,Noise,2
2017-11,E06000056,Rowdy behaviour,5
2016-11,Central Bedfordshire,Noise,3
2017-11,Luton,Noise,9
2017-11,,Noise,1
"""


def _partner_upload(partnership, data, **mapping):
    dataset = services.partner_dataset(partnership=partnership, name="Council ASB incidents")
    full = {"date": "Date", "area": "Location", "category": "Type", "count": "Incidents"}
    full.update(mapping)
    upload = services.start_upload(
        dataset=dataset, uploaded_by=None, files=[("asb.csv", data)], column_mapping=full
    )
    services.run_import(upload_id=upload.pk)
    return Upload.objects.get(pk=upload.pk)


def test_partner_data_is_counted_by_month_area_and_category(partnership):
    upload = _partner_upload(partnership, PARTNER_CSV)
    assert upload.status == Upload.Status.DONE, upload.error
    assert (upload.rows_read, upload.rows_in_area, upload.rows_outside) == (6, 4, 1)
    assert upload.rows_no_location == 1
    assert upload.outside_areas == {"Luton": 1}
    rows = dict(MonthlyCount.objects.filter(month__year=2017).values_list("category", "count"))
    assert rows == {"Noise": 6, "Rowdy behaviour": 5}


def test_partner_data_with_one_row_per_incident_counts_rows(partnership):
    upload = _partner_upload(partnership, PARTNER_CSV, count="", category="")
    assert upload.status == Upload.Status.DONE, upload.error
    assert MonthlyCount.objects.get(month__year=2017).count == 3


@pytest.mark.parametrize(
    "data,message",
    [
        (PARTNER_CSV.replace(b"Incidents", b"Total"), "has no column called 'Incidents'"),
        (PARTNER_CSV.replace(b",4\n", b",four\n"), "'four' on line 2"),
        (PARTNER_CSV.replace(b"03/11/2017", b"someday"), "'someday' on line 2"),
        (PARTNER_CSV.replace(b",2\n", b",1e3\n"), "'1e3' on line 3"),
        (PARTNER_CSV.replace(b",2\n", b",99999999999999999999999\n"), "over 1,000,000: "),
        (PARTNER_CSV.replace(b",2\n", b",1000001\n"), "'1000001' on line 3. Check"),
        (PARTNER_CSV.replace(b"2016-11", b"1850-01"), "outside January 2000 to this month"),
        (PARTNER_CSV.replace(b"2016-11", b"2099-01"), "'2099-01' on line 5"),
        (
            PARTNER_CSV.replace(b"Noise,9", b"N" * 121 + b",9"),
            "longer than 120 characters on line 6",
        ),
        (PARTNER_CSV.replace(b"Luton", b"L" * 121), "Location longer than 120 characters"),
        (
            PARTNER_CSV.replace(b"Luton", "Lut\u00f3n".encode("latin-1")),
            "Save it again as CSV UTF-8",
        ),
        (PARTNER_CSV.decode().encode("utf-16"), "looks like UTF-16 text (Excel's Unicode text)"),
    ],
)
def test_bad_partner_data_is_refused_with_its_message(partnership, data, message):
    upload = _partner_upload(partnership, data)
    assert upload.status == Upload.Status.FAILED
    assert message in upload.error
    assert "fault in the workbench" not in upload.error
    assert not MonthlyCount.objects.exists()
    # The name whose only upload was refused is not offered or analysed.
    assert not Dataset.objects.shown().filter(partnership=partnership).exists()


def test_a_refused_name_is_shown_once_an_upload_of_it_is_taken(partnership):
    _partner_upload(partnership, PARTNER_CSV.replace(b",4\n", b",four\n"))
    assert _partner_upload(partnership, PARTNER_CSV).status == Upload.Status.DONE
    (shown,) = Dataset.objects.shown().filter(partnership=partnership)
    assert shown.name == "Council ASB incidents" and shown.uploads.count() == 2


def test_a_partner_file_with_a_nul_past_its_first_4_kb_is_refused_naming_the_line(partnership):
    rows = b"2017-11,Central Bedfordshire,Noise,1\n" * 200
    upload = _partner_upload(partnership, PARTNER_CSV + rows + b"2017-11,Luton,No\x00ise,1\n")
    assert upload.status == Upload.Status.FAILED
    assert (
        "asb.csv could not be read as CSV: line 208 holds a NUL character. Save it again as CSV."
        in upload.error
    ), upload.error
    assert not MonthlyCount.objects.exists()


def test_a_partner_file_with_a_vast_header_is_refused_before_it_is_parsed(partnership):
    """pandas took 6 to 39 seconds on a 40 KB header of 20,000 columns, and a 200 KB one
    did not finish in five minutes."""
    wide = PARTNER_CSV.replace(b"Incidents", b"Incidents" + b",x" * 20_000, 1)
    upload = _partner_upload(partnership, wide)
    assert upload.status == Upload.Status.FAILED
    assert "asb.csv has 20,004 columns; the limit is 500." in upload.error
    endless = b"Date,Location" + b"x" * 70_000 + b"\n2017-11,Luton\n"
    upload = _partner_upload(partnership, endless)
    assert "The first line of asb.csv is longer than 64 KB." in upload.error
    assert not MonthlyCount.objects.exists()


def test_a_partner_file_over_the_row_limit_is_refused(partnership, monkeypatch):
    monkeypatch.setattr(partner_files, "MAX_ROWS", 5)
    upload = _partner_upload(partnership, PARTNER_CSV)
    assert upload.status == Upload.Status.FAILED
    assert "asb.csv has more than 5 rows. Upload it in parts" in upload.error
    assert not MonthlyCount.objects.exists()
    monkeypatch.setattr(partner_files, "MAX_ROWS", 6)
    assert _partner_upload(partnership, PARTNER_CSV).status == Upload.Status.DONE


def test_only_the_mapped_columns_of_a_partner_file_are_kept():
    data = PARTNER_CSV.replace(b"Incidents\n", b"Incidents,Notes\n", 1)
    frame = partner_files.read_partner_file(
        SourceFile(name="asb.csv", data=data.replace(b"\n2017", b",a note\n2017")),
        {"date": "Date", "area": "Location", "category": "Type", "count": "Incidents"},
    )
    assert list(frame.columns) == ["month", "area", "category", "count"] and len(frame) == 6


@pytest.mark.parametrize(
    "data",
    [
        PARTNER_CSV.replace(b"\n", b"\r"),  # "CSV (Macintosh)" from an old Excel
        PARTNER_CSV.replace(b"\n", b"\r\n"),
        b"\n\n" + PARTNER_CSV,  # blank lines before the header
    ],
)
def test_a_partner_file_s_header_is_found_whatever_its_line_endings(data):
    frame = partner_files.read_partner_file(
        SourceFile(name="asb.csv", data=data),
        {"date": "Date", "area": "Location", "category": "Type", "count": "Incidents"},
    )
    assert len(frame) == 6 and frame["count"].sum() == 24


def test_the_demo_imports_the_real_bedfordshire_extracts_once(partnership):
    first = services.load_demo_police_data(partnership=partnership)
    assert first.status == Upload.Status.DONE
    assert first.rows_in_area == 283
    assert services.load_demo_police_data(partnership=partnership) is None
    assert Upload.objects.count() == 1
