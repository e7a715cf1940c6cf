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
  200 MB from about 200 KB.

Run from the repository root: .venv/bin/python benchmarks/hostile_files.py [--quick]
(--quick makes the largest police upload 40 MB instead of 200 MB).
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
CASES = [
    "police-largest",
    "police-lying-zip",
    "police-many-members",
    "workbook-declared-huge",
    "attachment-mimetype-bomb",
]


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


def _import(files) -> str:
    from analysis import services
    from analysis.models import Upload

    partnership = _partnership()
    dataset = services.police_dataset(partnership=partnership)
    upload = services.start_upload(dataset=dataset, uploaded_by=None, files=files)
    services.run_import(upload_id=upload.pk)
    upload = Upload.objects.get(pk=upload.pk)
    if upload.status == Upload.Status.DONE:
        return f"imported {upload.rows_read:,} rows"
    return f"refused: {upload.error[:90]}"


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


def run_case(name: str, path: Path) -> str:
    data = path.read_bytes()
    if name.startswith("police-"):
        return _import([(f"{name}.zip", data)])
    if name == "workbook-declared-huge":
        return _workbook_case(data)
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
    return f"refused: {report.errors[0][:90]}" if report.errors else "imported"


def child(name: str, path: Path) -> None:
    work = Path(tempfile.mkdtemp(prefix="hostile-"))
    _setup_django(work)
    # Peak before the case: what Django and the libraries cost by themselves.
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    answer = run_case(name, path)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{peak:.0f}\t{base:.0f}\t{answer}")


def main() -> None:
    quick = "--quick" in sys.argv
    print(f"{'case':<26} {'file MB':>8} {'peak MB':>8} {'start-up':>10}  answer")
    worst = 0.0
    folder = Path(tempfile.mkdtemp(prefix="hostile-files-"))
    for name in CASES:
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
        if result.returncode != 0:
            print(f"{name:<26} failed: {result.stderr.strip().splitlines()[-1:]}")
            continue
        peak, base, answer = result.stdout.strip().splitlines()[-1].split("\t", 2)
        worst = max(worst, float(peak))
        size = path.stat().st_size / 1048576
        print(f"{name:<26} {size:>8.1f} {peak:>8} {base:>10}  {answer}")
    print(f"Largest peak: {worst:.0f} MB (goal: under 500 MB)")


if __name__ == "__main__":
    if len(sys.argv) > 3 and sys.argv[1] == "--child":
        child(sys.argv[2], Path(sys.argv[3]))
    elif len(sys.argv) > 3 and sys.argv[1] == "--build":
        build_case(sys.argv[2], "--quick" in sys.argv, Path(sys.argv[3]))
    else:
        main()
