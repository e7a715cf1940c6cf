"""The database the load test runs on: one PostgreSQL database per dataset (number of
partnerships and seed), migrated and filled by `manage.py national_dataset`, which
writes the manifest the Locust users read (see demo/national.py for its contract).

Generating the national dataset takes minutes, so a finished one is reused: the
database carries a marker (its comment, written only once generation has finished)
and the manifest is kept beside the results. `--fresh` builds it again."""

import json
import subprocess
import sys
import time
from pathlib import Path

from psycopg import sql

from .services import ROOT, log, superuser

MARKER_VERSION = 1


def database_name(partnerships: int, seed: int, demo: bool) -> str:
    return "load_demo" if demo else f"load_national_{partnerships}_s{seed}"


def _marker(db, name: str) -> dict | None:
    row = db.execute(
        "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
        [name],
    ).fetchone()
    if row is None or not row[0]:
        return None
    try:
        return json.loads(row[0])
    except ValueError:
        return None


def manage(env: dict, *args: str, timeout: float) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, timeout=timeout
    )


def prepare(
    *,
    pg_port: int,
    env_for,
    partnerships: int,
    seed: int,
    demo: bool,
    fresh: bool,
    folder: Path,
    generate_timeout: float,
) -> dict:
    """Make sure the dataset's database exists, complete, and its manifest is at hand.
    `env_for(dbname)` gives the environment for manage.py on that database. Returns
    the marker: database name, manifest path, and whether it was reused."""
    name = database_name(partnerships, seed, demo)
    manifest = folder / f"manifest-{name}.json"
    # Building the dataset is not what is measured: its commits need not wait for the
    # disk (the server keeps fsync on; a crash mid-build just means building again).
    env = {**env_for(name), "PGOPTIONS": "-c synchronous_commit=off"}
    if not demo and not has_generator():
        log("manage.py national_dataset is not here: using the demo data instead")
    generator = "load_demo" if demo or not has_generator() else "national_dataset"
    with superuser(pg_port) as db:
        marker = _marker(db, name)
        wanted = {
            "partnerships": partnerships,
            "seed": seed,
            "generator": generator,
            "v": MARKER_VERSION,
        }
        if (
            not fresh
            and marker is not None
            and {k: marker.get(k) for k in wanted} == wanted
            and manifest.exists()
        ):
            log(f"reusing database {name} (generated {marker.get('generated_at')})")
            return {**marker, "database": name, "manifest": str(manifest), "reused": True}
        log(f"creating database {name}")
        db.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        db.execute(sql.SQL("CREATE DATABASE {} OWNER csp").format(sql.Identifier(name)))
    with superuser(pg_port, name) as db:
        db.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
    started = time.monotonic()
    log("migrating")
    manage(env, "migrate", "--noinput", "-v", "0", timeout=1800)
    manifest.unlink(missing_ok=True)
    if generator == "load_demo":
        manage(env, "load_demo", timeout=1800)
        subprocess.run(
            [sys.executable, "-m", "benchmarks.load.demo_manifest", str(manifest)],
            cwd=ROOT,
            env=env,
            check=True,
            timeout=300,
        )
    else:
        log(f"generating {partnerships} partnerships (seed {seed})")
        args = ["--partnerships", str(partnerships), "--seed", str(seed)]
        args += ["--manifest", str(manifest)]
        manage(env, "national_dataset", *args, timeout=generate_timeout)
    marker = {
        "partnerships": partnerships,
        "seed": seed,
        "generator": generator,
        "v": MARKER_VERSION,
        "generated_at": time.strftime("%Y-%m-%d %H:%M:%S"),
        "prepared_in_seconds": round(time.monotonic() - started, 1),
    }
    if not manifest.exists():
        raise RuntimeError(f"the generator wrote no manifest at {manifest}")
    with superuser(pg_port) as db:
        comment = sql.SQL("COMMENT ON DATABASE {} IS {}").format(
            sql.Identifier(name), sql.Literal(json.dumps(marker))
        )
        db.execute(comment)
    return {**marker, "database": name, "manifest": str(manifest), "reused": False}


def has_generator() -> bool:
    return (ROOT / "demo" / "management" / "commands" / "national_dataset.py").exists()
