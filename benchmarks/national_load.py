"""Issue 15: the national service under load. One command, from a fresh clone after
scripts/setup.sh:

    .venv/bin/python benchmarks/national_load.py [--partnerships 350] [--users 50,200]
        [--seconds 120] [--burst-workers 2,4] [--keep] [--fresh]

It starts its own PostgreSQL (fsync on, pg_stat_statements preloaded) and Redis
(append-only file) on the ports given, makes or reuses the generated national dataset
(`manage.py national_dataset`), starts gunicorn (workers = cores) and two Celery worker
processes on 127.0.0.1, and runs Locust headless at each number of users, bounded by
time and by a request cap (the scenario mix is at the top of load/locustfile.py and in
docs/operations.md, "Load testing"). Then the render burst: one render per
partnership with the workers stopped, timed from starting 2 (then 4) workers until
the database shows every render finished. It prints per-page p50 and p95, saves per
second, errors, lost saves (checked against the database), the bursts' drain times,
the database's size and the ten slowest queries, writes them as JSON to
var/national-load/results-<timestamp>.json, and stops everything it started, also on
Ctrl-C or an error. Only 127.0.0.1 is ever contacted.
"""

import argparse
import json
import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.load import burst, checks, dataset, figures  # noqa: E402
from benchmarks.load.services import (  # noqa: E402
    DataStores,
    Processes,
    free_port,
    log,
    start_gunicorn,
    start_workers,
)

LOCUSTFILE = ROOT / "benchmarks" / "load" / "locustfile.py"


def numbers(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part.strip()]


def arguments(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--partnerships", type=int, default=350)
    parser.add_argument("--seed", type=int, default=1, help="the dataset's seed")
    parser.add_argument("--users", type=numbers, default=[50, 200], help="e.g. 50,200")
    parser.add_argument("--seconds", type=int, default=120, help="measured time per level")
    parser.add_argument("--spawn-rate", type=float, default=5, help="users started a second")
    parser.add_argument(
        "--request-cap", type=int, default=100_000, help="stop a level after this many requests"
    )
    parser.add_argument("--think-scale", type=float, default=1.0, help="scales think times")
    parser.add_argument("--burst-workers", type=numbers, default=[2, 4], help="e.g. 2,4")
    parser.add_argument(
        "--burst-timeout", type=int, default=7200, help="longest wait for one burst, seconds"
    )
    parser.add_argument("--pg-port", type=int, default=5451)
    parser.add_argument("--redis-port", type=int, default=6401)
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "national-load")
    parser.add_argument(
        "--static-root",
        type=Path,
        default=ROOT / "var" / "national-load" / "static",
        help="where collectstatic puts the files (kept between runs, collected when stale)",
    )
    parser.add_argument("--keep", action="store_true", help="leave PostgreSQL and Redis running")
    parser.add_argument("--fresh", action="store_true", help="generate the dataset again")
    parser.add_argument(
        "--demo", action="store_true", help="the demo data (manage.py load_demo) instead"
    )
    return parser.parse_args(argv)


def app_environment(args, stores: DataStores, database: str) -> dict:
    """The web and worker processes' settings: production's (DEBUG off, persistent
    database connections, Redis), except plain HTTP on loopback, a proxy count of one
    so each simulated person's address comes from X-Forwarded-For, and email kept in."""
    key_file = args.out / "secret-key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
    var = args.out / "var"
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "REDIS_"))},
        "DATABASE_URL": stores.database_url(database),
        "REDIS_URL": stores.redis_url,
        "SECRET_KEY": key_file.read_text().strip(),
        "DEBUG": "0",
        "PLAIN_HTTP": "1",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DB_CONN_MAX_AGE": "60",
        "TRUSTED_PROXY_COUNT": "1",
        "VAR_DIR": str(var),
        "MEDIA_ROOT": str(var / "media"),
        "STATIC_ROOT": str(args.static_root.resolve()),
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "LOG_LEVEL": "WARNING",
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "csp_assessment.settings",
    }


def static_is_fresh(static_root: Path) -> bool:
    """Collected (with WhiteNoise's manifest) since any static file last changed."""
    manifest = static_root / "staticfiles.json"
    if not manifest.exists():
        return False
    collected = manifest.stat().st_mtime
    sources = [ROOT / "static", *ROOT.glob("*/static")]
    files = [path for folder in sources for path in folder.rglob("*") if path.is_file()]
    # constraints.txt: a package upgrade may bring new static files (the admin's).
    return all(path.stat().st_mtime < collected for path in [*files, ROOT / "constraints.txt"])


def run_level(args, env: dict, base: str, manifest_path: str, manifest: dict, users: int):
    record_path = args.out / f"record-{users}.json"
    record_path.unlink(missing_ok=True)
    survey_urls = sorted({item["urls"]["survey"] for item in manifest["items"]})
    before = checks.survey_responses(survey_urls)
    ramp = users / args.spawn_rate
    run_time = int(ramp + args.seconds + 0.999)
    log(f"{users} users: {ramp:.0f} s starting them, then {args.seconds} s measured")
    locust_env = {
        **env,
        "LOAD_MANIFEST": manifest_path,
        "LOAD_RECORD": str(record_path),
        "LOAD_REQUEST_CAP": str(args.request_cap),
        "LOAD_THINK_SCALE": str(args.think_scale),
        "LOAD_SEED": str(args.seed + users),
    }
    command = [
        sys.executable,
        "-m",
        "locust",
        "-f",
        str(LOCUSTFILE),
        "--headless",
        "--users",
        str(users),
        "--spawn-rate",
        str(args.spawn_rate),
        "--run-time",
        f"{run_time}s",
        "--stop-timeout",
        "60",
        "--host",
        base,
        "--only-summary",
        "--loglevel",
        "WARNING",
        "--exit-code-on-error",
        "0",
    ]
    with open(args.out / "logs" / f"locust-{users}.log", "wb") as out:
        subprocess.run(
            command,
            cwd=ROOT,
            env=locust_env,
            stdout=out,
            stderr=subprocess.STDOUT,
            timeout=run_time + 180,
            check=True,
        )
    record = json.loads(record_path.read_text())
    level = figures.level_figures(record, users)
    after = checks.survey_responses(survey_urls)
    level["lost_saves"] = len(lost := checks.lost_saves(record["saves"]))
    level["lost_save_list"] = lost[:50]
    level["survey_posts"] = sum(record["survey_posts"].values())
    level["survey_responses_added"] = sum(after.values()) - sum(before.values())
    level["survey_responses_match"] = all(
        after[url] - before[url] == record["survey_posts"].get(url, 0) for url in survey_urls
    )
    return level


def run_burst(args, env, processes, analysts, workers: int) -> dict:
    reports = checks.report_ids([a.item["urls"]["render"] for a in analysts])
    after, cleared = checks.clear_render_queue(reports)
    log(f"burst: {len(analysts)} render requests with the workers stopped")
    accepted, failures, asked_in = burst.request_renders(analysts)
    runs = sum(checks.renders_since(after).values())
    log(f"burst: starting {workers} workers; waiting for {runs} renders")
    started = time.monotonic()
    start_workers(processes, env, workers, "burst")
    deadline = started + args.burst_timeout
    finished = 0
    while time.monotonic() < deadline:
        states = checks.renders_since(after)
        finished = states.get("done", 0) + states.get("failed", 0)
        if finished >= runs:
            break
        for name in [n for n in processes.running if n.startswith("burst")]:
            processes.check_alive(name)
        time.sleep(0.5)
    drain = time.monotonic() - started
    processes.stop_matching("burst")
    states = checks.renders_since(after)
    return {
        "workers": workers,
        "requested": len(analysts),
        "accepted": accepted,
        "runs": runs,
        "finished": states.get("done", 0),
        "failed": states.get("failed", 0),
        "unfinished": runs - finished,
        "request_seconds": round(asked_in, 1),
        "drain_seconds": round(drain, 1),
        "renders_per_minute": round(60 * states.get("done", 0) / drain, 1),
        "failures": failures + checks.failed_renders(after),
        "stale_runs_cleared": cleared,
        "timed_out": finished < runs,
    }


def _interrupt(*_) -> None:
    raise KeyboardInterrupt


def main(argv=None) -> int:
    args = arguments(argv)
    args.out = args.out.resolve()
    (args.out / "logs").mkdir(parents=True, exist_ok=True)
    started_at = time.strftime("%Y-%m-%dT%H-%M-%S")
    # A TERM (a CI timeout, kill) unwinds like Ctrl-C, so the finally below runs.
    signal.signal(signal.SIGTERM, _interrupt)
    stores = DataStores(args.pg_port, args.redis_port, args.out)
    processes = Processes(args.out / "logs")
    try:
        stores.start()
        prepared = dataset.prepare(
            pg_port=args.pg_port,
            env_for=lambda name: app_environment(args, stores, name),
            partnerships=args.partnerships,
            seed=args.seed,
            demo=args.demo,
            fresh=args.fresh,
            folder=args.out,
            generate_timeout=6 * 3600,
        )
        database = prepared["database"]
        env = app_environment(args, stores, database)
        if static_is_fresh(Path(env["STATIC_ROOT"])):
            log("static files already collected")
        else:
            log("collecting static files")
            dataset.manage(env, "collectstatic", "--noinput", "-v", "0", timeout=600)
        manifest = json.loads(Path(prepared["manifest"]).read_text())
        checks.setup_django(env)
        cores = os.cpu_count() or 1
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        checks.reset_statements(args.pg_port, database)
        log(f"starting gunicorn ({cores} workers) on {base} and two Celery workers")
        start_gunicorn(processes, env, port, cores)
        start_workers(processes, env, 2, "load")
        levels = [
            run_level(args, env, base, prepared["manifest"], manifest, users)
            for users in args.users
        ]
        processes.stop_matching("load")
        analysts = burst.analysts_for(base, manifest, args.seed)
        bursts = [run_burst(args, env, processes, analysts, n) for n in args.burst_workers]
        results = {
            "started_at": started_at,
            "run": {
                "partnerships": len(manifest["items"]),
                "dataset": f"{prepared['generator']}, database {database}"
                + (" (reused)" if prepared["reused"] else ""),
                "cores": cores,
                "gunicorn_workers": cores,
                "celery_workers_during_load": 2,
                "users": args.users,
                "seconds": args.seconds,
                "spawn_rate": args.spawn_rate,
                "request_cap": args.request_cap,
                "think_scale": args.think_scale,
            },
            "dataset": {**prepared, "counts": manifest.get("counts")},
            "postgres": stores.settings,
            "levels": levels,
            "bursts": bursts,
            "database_size": checks.database_size(args.pg_port, database),
            "slowest_queries": checks.slowest_queries(args.pg_port, database),
        }
        path = args.out / f"results-{started_at}.json"
        results["written_to"] = str(path)
        path.write_text(json.dumps(results, indent=1))
        figures.print_results(results)
        clean = all(
            lv["errors"] == 0 and lv["lost_saves"] == 0 and lv["survey_responses_match"]
            for lv in levels
        ) and all(b["failed"] == 0 and b["unfinished"] == 0 for b in bursts)
        return 0 if clean else 1
    except KeyboardInterrupt:
        log("interrupted; stopping what was started")
        return 130
    finally:
        processes.stop_all()
        if not args.keep:
            stores.stop()


if __name__ == "__main__":
    sys.exit(main())
