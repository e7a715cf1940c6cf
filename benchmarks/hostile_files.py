"""Peak memory of a worker handling each hostile file, and the largest file the size
limits accept (issue 11, item 3: the goal is under 500 MB for every one).

Each case runs in its own process with a throwaway SQLite database, and the process's
peak resident memory (ru_maxrss) is printed with what the service answered:

- police-largest: a zip of street-level files that unpacks to just under the upload
  limit (ANALYSIS_MAX_UPLOAD_BYTES, 200 MB), resampled from the real extracts, imported
  end to end;
- police-lying-zip: a member that declares 100 bytes and unpacks to 300 MB;
- police-many-members: 2,500 tiny street files in one zip;
- workbook-declared-huge: a 20 KB score workbook that declares every column of
  2,000 rows, imported into an open round (trusting the dimension took 263 MB);
- attachment-mimetype-bomb: a rationale attachment whose 'mimetype' member unpacks to
  200 MB from about 200 KB;
- workbook-unpacks-huge: a 4.6 MB score workbook whose shared strings unpack to 2 GB
  (the parts may unpack to 8 MB, counted as they unpack);
- workbook-bzip2: a score workbook whose shared strings are packed with bzip2 (1 GB
  from under 1 KB), which Excel never uses;
- partner-vast-header: a partner CSV whose 60 KB first line names 30,002 columns (the
  limit is 500);
- partner-endless-line: a 48 MB partner CSV that is all one first line (a first
  line may be 64 KB);
- partner-over-row-limit: a partner CSV of 1,000,001 rows of two narrow columns (the
  limit is 1,000,000);
- survey-long-cell: a 5 MB survey export whose one cell is longer than the 131,072
  characters Python's CSV reader takes;
- survey-many-rows: a 5 MB survey export of 1.3 million one-word rows (the limit is
  20,000 responses a file; read whole, the rows took 1.27 GB).

Each case also says what the service must answer: a file refused for another reason,
or read when it should be refused, never reached the bound it is there to measure, so
its figure is marked unexpected and the script ends with an error.

Run from the repository root: .venv/bin/python benchmarks/hostile_files.py [--quick]
[case ...] (--quick makes the largest police upload 40 MB instead of 200 MB; naming
cases runs only those).
"""

import io
import os
import re
import resource
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOAL_MB = 500  # the peak each case must stay under
# Each case, and words the service's answer must hold.
CASES = {
    "police-largest": "imported",
    "police-lying-zip": "could not be unpacked",
    "police-many-members": "holds 2,500 files; the limit is 2,000",
    "workbook-declared-huge": "more rows than this round's 20 issues",
    "attachment-mimetype-bomb": "read as odt",
    "workbook-unpacks-huge": "unpacks to more than 8 MB",
    "workbook-bzip2": "packed in a way Excel does not use",
    "partner-vast-header": "has 30,002 columns; the limit is 500",
    "partner-endless-line": "first line of partner-endless-line.csv is longer than 64 KB",
    "partner-over-row-limit": "has more than 1,000,000 rows",
    "survey-long-cell": "at line 3, a cell is longer than 131,072 characters",
    "survey-many-rows": "has more than 20,000 responses",
}
# A partner file's columns, as an analyst would map them.
PARTNER_MAPPING = {"date": "Date", "area": "Location", "category": "", "count": ""}


def _setup_django(work: Path) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["VAR_DIR"] = str(work / "var")
    os.environ["DATABASE_URL"] = ""
    os.environ["REDIS_URL"] = ""
    os.environ.setdefault("SECRET_KEY", "benchmark-only")
    os.environ["DJANGO_SETTINGS_MODULE"] = "csp_assessment.settings"
    (work / "var").mkdir(parents=True, exist_ok=True)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _partnership():
    from partnerships.models import District, Partnership

    partnership = Partnership.objects.create(
        name="Central Bedfordshire CSP", slug="central-bedfordshire", kind="district"
    )
    District.objects.create(
        partnership=partnership, name="Central Bedfordshire", code="E06000056", population=294200
    )
    return partnership


def _street_zip(target_bytes: int) -> bytes:
    """Monthly street files resampled from the real extracts, up to target_bytes."""
    source = ROOT / "analysis" / "demo_data" / "police-uk" / "2017-11-bedfordshire-street.csv"
    lines = source.read_bytes().splitlines(keepends=True)
    header, body = lines[0], b"".join(lines[1:])
    out = io.BytesIO()
    written, month = 0, 0
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        while True:
            year, number = 2014 + month // 12, month % 12 + 1
            label = f"{year}-{number:02d}".encode()
            copies = max(1, (target_bytes // 120) // max(len(body), 1))
            data = header + re.sub(rb",2017-11,", b"," + label + b",", body) * copies
            if written + len(data) > target_bytes:
                break
            archive.writestr(f"{label.decode()}/{label.decode()}-bedfordshire-street.csv", data)
            written += len(data)
            month += 1
    return out.getvalue()


def _import(name: str, path: Path, mapping: dict | None = None) -> str:
    """The file imported end to end: police data, or a partner's with `mapping`. It is
    passed as a file, as the upload page passes it, so the worker's reading is measured
    and not a copy held here."""
    from django.core.files import File

    from analysis import services
    from analysis.models import Upload

    partnership = _partnership()
    if mapping is None:
        dataset = services.police_dataset(partnership=partnership)
    else:
        dataset = services.partner_dataset(partnership=partnership, name="Council ASB incidents")
    with path.open("rb") as handle:
        upload = services.start_upload(
            dataset=dataset, uploaded_by=None, files=[(name, File(handle))], column_mapping=mapping
        )
    services.run_import(upload_id=upload.pk)
    upload = Upload.objects.get(pk=upload.pk)
    if upload.status == Upload.Status.DONE:
        return f"imported {upload.rows_read:,} rows"
    return f"refused: {upload.error}"


def build_case(name: str, quick: bool, path: Path) -> None:
    """Make the hostile file (in a process of its own, so its making is not measured)."""
    if name == "police-largest":
        limit = 200 * 1024 * 1024
        path.write_bytes(_street_zip(40 * 1024 * 1024 if quick else limit - 1024 * 1024))
    elif name == "police-lying-zip":
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("2016-11/2016-11-bedfordshire-street.csv", b"\n" * 300_000_000)
        data = bytearray(out.getvalue())
        for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
            at = data.find(signature)
            data[at + offset : at + offset + 4] = (100).to_bytes(4, "little")
        path.write_bytes(bytes(data))
    elif name == "police-many-members":
        with zipfile.ZipFile(path, "w") as archive:
            for n in range(2_500):
                archive.writestr(f"2016-11/{n}-bedfordshire-street.csv", b"x")
    elif name == "workbook-declared-huge":
        path.write_bytes(_declared_huge_workbook())
    elif name == "attachment-mimetype-bomb":
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
            zf.writestr("mimetype", b"application/vnd.oasis.opendocument.text" + b" " * 200_000_000)
    elif name == "workbook-unpacks-huge":
        # A string one letter long, 2 GB of them: deflate packs this about 400 to 1.
        _shared_strings_workbook(path, zipfile.ZIP_DEFLATED, b"<si><t>a</t></si>", 2_000_000_000)
    elif name == "workbook-bzip2":
        _shared_strings_workbook(path, zipfile.ZIP_BZIP2, b" ", 1_000_000_000)
    elif name == "partner-vast-header":
        columns = 30_000
        row = b"2017-11,Central Bedfordshire" + b",x" * columns + b"\n"
        path.write_bytes(b"Date,Location" + b",x" * columns + b"\n" + row * 100)
    elif name == "partner-endless-line":
        with path.open("wb") as out:
            out.write(b"Date,Location")
            for _ in range(50):
                out.write(b"x" * 1_000_000)
            out.write(b"\n2017-11,Central Bedfordshire\n")
    elif name == "partner-over-row-limit":
        with path.open("wb") as out:
            out.write(b"Date,Location\n")
            for _ in range(1_000):
                out.write(b"2017-11,E06000056\n" * 1_000)
            out.write(b"2017-11,E06000056\n")  # the one row too many
    elif name == "survey-long-cell":
        # Just under the import page's 5 MB, nearly all of it one answer.
        body = b"Response ID,Safe\n1,Yes\n2,"
        path.write_bytes(body + b"a" * (5 * 1024 * 1024 - len(body) - 1) + b"\n")
    elif name == "survey-many-rows":
        # Just under the import page's 5 MB, every line an answer.
        path.write_bytes(b"Safe\n" + b"Yes\n" * ((5 * 1024 * 1024 - 6) // 4))


def run_case(name: str, path: Path) -> str:
    if name.startswith("police-"):
        return _import(f"{name}.zip", path)
    if name.startswith("partner-"):
        return _import(f"{name}.csv", path, PARTNER_MAPPING)
    data = path.read_bytes()
    if name.startswith("workbook-"):
        return _workbook_case(data)
    if name.startswith("survey-"):
        return _survey_case(data)
    if name == "attachment-mimetype-bomb":
        from consultation import rules

        try:
            return f"read as {rules.check_attachment(name='a.odt', content=data)}"
        except rules.AttachmentRejected as error:
            return f"refused: {error}"
    raise SystemExit(f"unknown case {name}")


def _declared_huge_workbook() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    for n in range(2_000):
        book.active.append([f"row {n}"])
    raw = io.BytesIO()
    book.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dest:
        for item in source.infolist():
            data = source.read(item)
            if item.filename.startswith("xl/worksheets/"):
                data = re.sub(rb'<dimension ref="[^"]+"', b'<dimension ref="A1:XFD2000"', data)
            dest.writestr(item, data)
    return out.getvalue()


def _shared_strings_workbook(path: Path, compression: int, unit: bytes, size: int) -> None:
    """A one-cell workbook whose shared-strings part, packed with `compression`, holds
    `unit` repeated to `size` bytes; written a part at a time, never held whole."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Scores"
    book.active["A1"] = "Issue"
    raw = io.BytesIO()
    book.save(raw)
    kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
    link = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dest:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "[Content_Types].xml":
                override = f'<Override PartName="/xl/sharedStrings.xml" ContentType="{kind}"/>'
                data = data.replace(b"</Types>", override.encode() + b"</Types>")
            if item.filename == "xl/_rels/workbook.xml.rels":
                relation = f'<Relationship Id="rIdS" Type="{link}" Target="sharedStrings.xml"/>'
                data = data.replace(b"</Relationships>", relation.encode() + b"</Relationships>")
            dest.writestr(item.filename, data)
        part = zipfile.ZipInfo("xl/sharedStrings.xml", date_time=(2026, 11, 30, 0, 0, 0))
        part.compress_type = compression
        block = unit * (4 * 1024 * 1024 // len(unit))
        with dest.open(part, "w", force_zip64=True) as out:
            out.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
            for _ in range(size // len(block)):
                out.write(block)
            out.write(b"</sst>")


def _workbook_case(content: bytes) -> str:
    from datetime import date

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command

    from cycles.models import Issue
    from cycles.services import create_cycle_from_template
    from partnerships.models import Membership
    from scoring import services, workbooks
    from scoring.models import Matrix, ScoreSheet
    from tests.conftest import make_user

    partnership = _partnership()
    call_command("load_matrices", verbosity=0)
    year = create_cycle_from_template(
        partnership=partnership, template_key="annual", start_year=2026
    ).years.get()
    issues = [Issue.objects.create(year=year, title=f"Issue {n}") for n in range(20)]
    scorer = Membership.objects.create(
        user=make_user("jo@example.org", "Jo", "Patel"),
        partnership=partnership,
        role="theme_specialist",
    )
    round_ = services.create_round(
        year=year,
        name="Autumn",
        matrix=Matrix.objects.filter(partnership=None).first(),
        deadline=date(2026, 10, 24),
        issues=issues,
        threshold_value=5,
    )
    for issue in issues:
        services.assign_scorers(round_=round_, issue=issue, scorers=[scorer])
    services.open_round(round_=round_)
    sheet = ScoreSheet.objects.get(round=round_, scorer=scorer)
    report = workbooks.import_sheet_workbook(sheet, SimpleUploadedFile("big.xlsx", content))
    return f"refused: {report.errors[0]}" if report.errors else "imported"


def _survey_case(content: bytes) -> str:
    """The file imported into a published partner survey, as its import page does."""
    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from consultation.models import Question
    from consultation.services import survey_responses, surveys
    from cycles.services import create_cycle_from_template

    today = timezone.localdate()
    year = create_cycle_from_template(
        partnership=_partnership(), template_key="annual", start_year=today.year
    ).years.get()
    survey = surveys.save_survey(
        year=year, title="Partner views", audience="partner", opens_on=today, closes_on=today
    )
    question = surveys.save_question(
        survey=survey, kind=Question.Kind.SINGLE, text="Safe?", options=["Yes", "No"]
    )
    survey = surveys.publish_survey(survey=survey, by=None, today=today)
    try:
        batch = survey_responses.import_responses(
            survey=survey,
            by=None,
            filename="export.csv",
            content=content,
            mapping={question.pk: "Safe"},
        )
    except ValidationError as error:
        return f"refused: {' '.join(error.messages)}"
    return f"imported {batch.rows:,} rows"


def child(name: str, path: Path) -> None:
    work = Path(tempfile.mkdtemp(prefix="hostile-"))
    _setup_django(work)
    # Peak before the case: what Django and the libraries cost by themselves.
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    answer = run_case(name, path)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{peak:.0f}\t{base:.0f}\t{' '.join(answer.split())}")


def main() -> None:
    quick = "--quick" in sys.argv
    chosen = [name for name in sys.argv[1:] if not name.startswith("--")]
    for name in chosen:
        if name not in CASES:
            raise SystemExit(f"No case called {name}. The cases: {', '.join(CASES)}.")
    print(f"{'case':<26} {'file MB':>8} {'peak MB':>8} {'start-up':>10}  answer")
    worst = 0.0
    unexpected = []
    folder = Path(tempfile.mkdtemp(prefix="hostile-files-"))
    for name, expected in CASES.items():
        if chosen and name not in chosen:
            continue
        path = folder / name
        # Made and handled in two fresh processes: a forked process starts with its
        # parent's peak, so neither the maker nor this loop may be the one measured.
        subprocess.run(
            [sys.executable, __file__, "--build", name, str(path), *(["--quick"] * quick)],
            check=True,
            timeout=1800,
        )
        result = subprocess.run(
            [sys.executable, __file__, "--child", name, str(path)],
            capture_output=True,
            text=True,
            timeout=1800,
        )
        size = path.stat().st_size / 1048576
        path.unlink()  # a few of them are large
        if result.returncode != 0:
            print(f"{name:<26} failed: {result.stderr.strip().splitlines()[-1:]}")
            unexpected.append(name)
            continue
        peak, base, answer = result.stdout.strip().splitlines()[-1].split("\t", 2)
        worst = max(worst, float(peak))
        print(f"{name:<26} {size:>8.1f} {peak:>8} {base:>10}  {answer[:90]}")
        # The words, and the same outcome: a refusal that quotes them is not an import.
        if expected not in answer or answer.startswith("refused") != (
            not expected.startswith(("imported", "read as"))
        ):
            print(f"{'':<56}unexpected: the answer should say {expected!r}")
            unexpected.append(name)
    print(f"Largest peak: {worst:.0f} MB (goal: under {GOAL_MB} MB)")
    if unexpected:
        raise SystemExit(f"Not answered as the code intends: {', '.join(unexpected)}")
    if worst >= GOAL_MB:
        raise SystemExit(f"A peak of {worst:.0f} MB misses the goal of {GOAL_MB} MB")


if __name__ == "__main__":
    if len(sys.argv) > 3 and sys.argv[1] == "--child":
        child(sys.argv[2], Path(sys.argv[3]))
    elif len(sys.argv) > 3 and sys.argv[1] == "--build":
        build_case(sys.argv[2], "--quick" in sys.argv, Path(sys.argv[3]))
    else:
        main()
