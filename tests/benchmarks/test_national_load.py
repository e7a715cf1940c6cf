"""Issue 15: the national load harness works end to end, at a tiny scale and without
timing anything: two generated partnerships, a few simulated people for ten seconds,
and a burst of two renders drained by two workers. It starts its own PostgreSQL and
Redis on free ports, so it runs in the PostgreSQL pass only (scripts/test.sh), where
the servers are installed."""

import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
FIGURES = {"p50_ms", "p95_ms", "requests"}

pytestmark = pytest.mark.services


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _cluster(port: int) -> Path:
    """Where scripts/services.sh keeps the cluster for this checkout and port."""
    digest = hashlib.sha1(str(ROOT).encode()).hexdigest()[:10]  # noqa: S324 - a folder name
    return Path(f"/tmp/csp-pg-{os.getuid()}-{digest}-{port}")


def test_the_harness_runs_end_to_end_and_reports_every_figure(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("starts PostgreSQL and Redis servers; scripts/test.sh runs it on PostgreSQL")
    pg_port, redis_port, out = _free_port(), _free_port(), tmp_path / "load"
    command = [
        sys.executable,
        "benchmarks/national_load.py",
        *("--partnerships", "2", "--users", "6", "--seconds", "8", "--spawn-rate", "6"),
        *("--think-scale", "0.1", "--burst-workers", "2", "--request-cap", "400"),
        *("--pg-port", str(pg_port), "--redis-port", str(redis_port), "--out", str(out)),
    ]
    harness = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        output, _ = harness.communicate(timeout=900)
    except subprocess.TimeoutExpired:
        # TERM, not KILL: the harness stops every server and process it started.
        harness.terminate()
        output, _ = harness.communicate(timeout=120)
        pytest.fail("the harness took over 15 minutes:\n" + output[-3000:])
    finally:
        if harness.poll() is None:
            harness.kill()
            harness.wait()
        shutil.rmtree(_cluster(pg_port), ignore_errors=True)
    assert harness.returncode == 0, output[-6000:]
    results = json.loads(next(out.glob("results-*.json")).read_text())

    (level,) = results["levels"]
    assert level["users"] == 6
    assert level["errors"] == 0, level["error_list"]
    assert level["lost_saves"] == 0
    assert level["saves"] > 0
    assert level["survey_responses_match"]
    assert level["survey_responses_added"] == level["survey_posts"]
    # Six people are one of each kind (Locust shares them out by weight): scorers save,
    # the analyst, the board member and a member of the public each get their pages.
    assert level["survey_posts"] >= 1
    assert {"sheet", "sheet save (htmx)", "report", "survey form", "survey answer"} <= set(
        level["pages"]
    )
    assert {"moderation", "ranking", "analysis"} & set(level["pages"])
    for page in level["pages"].values():
        assert FIGURES <= page.keys()
    assert "saves_per_second" in level
    (burst,) = results["bursts"]
    assert burst["workers"] == 2
    assert burst["requested"] == burst["runs"] == burst["finished"] == 2
    assert burst["failed"] == 0 and not burst["timed_out"]
    assert {"drain_seconds", "renders_per_minute"} <= burst.keys()
    assert results["database_size"]["bytes"] > 0
    assert results["slowest_queries"]["mean"] and results["slowest_queries"]["total"]
    assert results["postgres"]["fsync"] == "on"
    assert "Render burst with 2 workers" in output
