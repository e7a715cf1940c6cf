"""Issue 11, 3b and 3e: police archives that try to exhaust memory or escape their
folder are refused with a sentence, and nothing is imported. Every limit is counted
across the whole upload and as files unpack, never as an archive declares."""

import io
import struct
import zipfile

from analysis.models import MonthlyCount, Upload
from tests.analysis.conftest import BEDS_2016, BEDS_2017, extract, month_file
from tests.analysis.test_import import zipped


def _refused(upload: Upload, words: str) -> None:
    assert upload.status == Upload.Status.FAILED
    assert words in upload.error, upload.error
    assert "Traceback" not in upload.error
    assert not MonthlyCount.objects.exists()


def test_an_archive_of_thousands_of_tiny_files_is_refused(import_files):
    members = {f"2016-11/{n}-bedfordshire-street.csv": b"x" for n in range(2_500)}
    _refused(import_files([("many.zip", zipped(members))]), "holds 2,500 files; the limit")


def test_a_member_that_climbs_out_of_its_folder_is_refused(import_files):
    archive = zipped({"../2016-11-bedfordshire-street.csv": extract(BEDS_2016)})
    _refused(import_files([("climb.zip", archive)]), "holds a file with an unsafe name")


def test_an_archive_inside_an_archive_is_refused(import_files):
    inner = zipped({f"2016-11/{BEDS_2016}": extract(BEDS_2016)})
    outer = zipped({f"2016-11/{BEDS_2016}": extract(BEDS_2016), "more/inner.zip": inner})
    _refused(import_files([("outer.zip", outer)]), "holds another archive, more/inner.zip")


def test_the_limit_counts_every_archive_of_the_upload_together(import_files, settings):
    name, december = month_file("2016-12")
    files = {BEDS_2016: extract(BEDS_2016), BEDS_2017: extract(BEDS_2017), name: december}
    # Room for any two of the three street files, not for all three.
    settings.ANALYSIS_MAX_UPLOAD_BYTES = sum(len(data) for data in files.values()) - 1
    archives = [(f"{n}.zip", zipped({f"folder/{n}": data})) for n, data in files.items()]
    _refused(import_files(archives), "unpacks past the limit")


def _lie_about_size(archive: bytes, declared: int) -> bytes:
    """Rewrite the uncompressed size the archive declares for its one member."""
    data = bytearray(archive)
    local = data.find(b"PK\x03\x04")
    struct.pack_into("<I", data, local + 22, declared)
    central = data.find(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, declared)
    return bytes(data)


def test_a_member_bigger_than_it_declares_is_not_believed(import_files):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"2016-11/{BEDS_2016}", extract(BEDS_2016) + b"\n" * 5_000_000)
    upload = import_files([("liar.zip", _lie_about_size(out.getvalue(), 100))])
    _refused(upload, "could not be unpacked: the archive is damaged")


def test_an_over_long_line_is_refused_in_words(import_files):
    """Issue 11, 3e: today's reader said 'straddling object straddles two block
    boundaries'; the analyst is told what is wrong instead."""
    data = extract(BEDS_2016)
    header, rest = data.split(b"\n", 1)
    long_line = b"x" * 3_000_000
    upload = import_files([(BEDS_2016, header + b"\n" + long_line + b"\n" + rest)])
    _refused(upload, "has a line far longer than any data.police.uk line")
    assert "straddl" not in upload.error
