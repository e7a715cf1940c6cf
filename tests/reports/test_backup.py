"""scripts/backup.sh run as the real thing: a partnership with an uploaded file and a
rendered report is backed up, restored into a new database and media folder, and a
report renders from the copy. A damaged backup and a target that holds data are refused.
SQLite in the SQLite pass; PostgreSQL in CI's PostgreSQL pass (DATABASE_URL set)."""

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection

from analysis.models import Dataset, Upload
from cycles.services import create_cycle_from_template
from reports import services
from reports.models import RenderRun

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "backup.sh"
TIMEOUT = 300
UPLOAD = b"Crime ID,Month,Crime type\nabc,2019-03,Burglary\n"


@pytest.fixture
def service(transactional_db, partnership, cast, media):
    """A partnership with an uploaded file and a rendered report."""
    path = default_storage.save("uploads/2019-03-street.csv", ContentFile(UPLOAD))
    dataset = Dataset.objects.create(
        partnership=partnership, kind=Dataset.Kind.POLICE_STREET, name="Police recorded crime"
    )
    Upload.objects.create(
        dataset=dataset,
        status=Upload.Status.DONE,
        files=[{"name": "2019-03-street.csv", "path": path, "size": len(UPLOAD)}],
    )
    year = create_cycle_from_template(
        partnership=partnership, template_key="annual", start_year=2026
    ).years.get()
    report = services.create_report(year=year, authors="Sam Taylor")
    services.save_section(
        section=report.sections.get(key="victims"),
        narrative="## Repeat victims\n\nUnder 25s were most often repeat victims.",
    )
    run = services.request_render(report=report, by=None)
    assert services.run_render(run_id=run.pk) == "done", RenderRun.objects.get(pk=run.pk).error
    return report


def _env(media: Path, database_url: str, tmp_path: Path) -> dict:
    env = dict(os.environ)
    env.update(
        PYTHON=sys.executable,
        MEDIA_ROOT=str(media),
        DATABASE_URL=database_url,
        VAR_DIR=str(tmp_path / "var"),
        SECRET_KEY="x",
        REDIS_URL="",
    )
    return env


def _run(*args, env) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", str(SCRIPT), *args], env=env, capture_output=True, text=True, timeout=TIMEOUT
    )


def _checksums(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _counts(cursor, tables) -> dict[str, int]:
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT count(*) FROM "{table}"')
        counts[table] = cursor.fetchone()[0]
    return counts


def _postgres_url(name: str) -> str:
    s = connection.settings_dict
    auth = f"{quote(s['USER'])}:{quote(s['PASSWORD'])}@" if s["USER"] else ""
    return f"postgres://{auth}{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"


def _round_trip(tmp_path, media, source_url, target_url, target_counts):
    """Back up the source, restore it into the target and check the copy."""
    tables = connection.introspection.table_names()
    with connection.cursor() as cursor:
        source_counts = _counts(cursor, tables)
    assert source_counts["reports_renderrun"] == 1 and source_counts["analysis_upload"] == 1

    made = _run("backup", str(tmp_path / "backups"), env=_env(media, source_url, tmp_path))
    assert made.returncode == 0, made.stderr
    backup = Path(made.stdout.strip().splitlines()[-1])
    assert {p.name for p in backup.iterdir()} >= {"media.tar", "SHA256SUMS", "manifest.json"}
    assert "Database" in made.stderr and " s\n" in made.stderr  # each step says its time
    manifest = (backup / "manifest.json").read_text()
    assert "reports.0001_initial" in manifest and "sha256" in manifest

    # A damaged backup (one byte flipped) is refused by its checksums, before any change.
    damaged = tmp_path / "damaged"
    shutil.copytree(backup, damaged)
    tar = damaged / "media.tar"
    data = bytearray(tar.read_bytes())
    data[len(data) // 3] ^= 0xFF
    tar.write_bytes(bytes(data))
    refused = _run("restore", str(damaged), env=_env(tmp_path / "m-damaged", target_url, tmp_path))
    assert refused.returncode != 0
    assert "is damaged" in refused.stderr and "media.tar" in refused.stderr
    assert not (tmp_path / "m-damaged").exists()
    assert sum(target_counts(tables).values()) == 0

    restored_media = tmp_path / "restored-media"
    target = _env(restored_media, target_url, tmp_path)
    restored = _run("restore", str(backup), env=target)
    assert restored.returncode == 0, restored.stderr
    assert target_counts(tables) == source_counts
    assert _checksums(restored_media) == _checksums(Path(media))

    verified = _run("verify", env=target)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "Files named by the database: 2" in verified.stdout
    assert "Rendered" in verified.stdout and "The restored copy works." in verified.stdout

    # The target now holds data: a second restore is refused and changes nothing.
    again = _run("restore", str(backup), env=target)
    assert again.returncode != 0
    assert "not empty" in again.stderr or "exists already" in again.stderr
    assert target_counts(tables) == source_counts

    # A file the database names that is missing from the media is reported by name.
    upload = next(restored_media.rglob("2019-03-street*.csv"))
    upload.unlink()
    missing = _run("verify", env=target)
    assert missing.returncode != 0
    assert "missing from the media folder: uploads/" in missing.stderr


def test_a_sqlite_backup_restores_into_a_new_database_and_renders(service, media, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("The SQLite round trip runs in the SQLite pass.")
    source = connection.settings_dict["NAME"]
    target = tmp_path / "restored.sqlite3"

    def target_counts(tables):
        if not target.exists():
            return {}
        with sqlite3.connect(target) as db:
            return _counts(db.cursor(), tables)

    _round_trip(tmp_path, media, f"sqlite:///{source}", f"sqlite:///{target}", target_counts)


def test_a_postgresql_backup_restores_into_a_new_database_and_renders(service, media, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("Needs PostgreSQL: CI's PostgreSQL pass sets DATABASE_URL.")
    import psycopg

    source = connection.settings_dict["NAME"]
    name = f"{source}_restored"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    target_url = _postgres_url(name)

    def target_counts(tables):
        with psycopg.connect(target_url.replace("postgres://", "postgresql://", 1)) as db:
            cursor = db.cursor()
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            present = {row[0] for row in cursor.fetchall()}
            return _counts(cursor, [t for t in tables if t in present])

    try:
        _round_trip(tmp_path, media, _postgres_url(source), target_url, target_counts)
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
