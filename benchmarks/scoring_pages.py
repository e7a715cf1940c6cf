"""Benchmark: the score grid (40 issues x 16 criteria), the moderation page and the
ranking page (12 scorers per issue), served by gunicorn on loopback to 10 concurrent
clients, beside a plain 40 x 16 table rendered the same way.

Prints p50 and p95 for each page and its throughput as a share of the plain table's:
the median of several rounds, each against its own round's plain table. Run from the
repository root after scripts/setup.sh:

    .venv/bin/python benchmarks/scoring_pages.py [--rounds 3] [--seconds 5] [--clients 10]
"""

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.load.services import free_port, gunicorn_command  # noqa: E402


def prepare(env: dict) -> dict:
    """Migrate a fresh SQLite database and build the data; return URLs and a session."""
    os.environ.update(env)
    import django

    django.setup()
    from datetime import date

    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.test import Client

    from cycles.services import create_cycle_from_template, save_issue
    from partnerships.models import Membership, Partnership, Role
    from scoring import services
    from scoring.matrix_files import load_shipped_matrices
    from scoring.models import Matrix, Score, ScoreSheet

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    load_shipped_matrices()
    partnership = Partnership.objects.create(name="Bench CSP", slug="bench", kind="district")
    analyst = User.objects.create_user("analyst@bench.org", "analyst@bench.org", "x")
    Membership.objects.create(user=analyst, partnership=partnership, role=Role.ANALYST)
    scorers = [
        Membership.objects.create(
            user=User.objects.create_user(f"s{i}@bench.org", f"s{i}@bench.org", "x"),
            partnership=partnership,
            role=Role.THEME_SPECIALIST,
        )
        for i in range(12)
    ]
    year = create_cycle_from_template(
        partnership=partnership, template_key="annual", start_year=2026
    ).years.get()
    issues = [save_issue(year=year, title=f"Issue {i:02d}") for i in range(40)]
    matrix = Matrix.objects.get(partnership=None, key="csp-16")
    criteria = list(matrix.criteria.all())

    def scored_round(name: str, close: bool):
        round_ = services.create_round(
            year=year, name=name, matrix=matrix, deadline=date(2026, 12, 1), issues=issues
        )
        for issue in issues:
            services.assign_scorers(round_=round_, issue=issue, scorers=scorers)
        services.open_round(round_=round_)
        for n, sheet in enumerate(ScoreSheet.objects.filter(round=round_)):
            Score.objects.bulk_create(
                Score(sheet=sheet, issue=issue, criterion=c, value=(n + i * 3 + j) % 6)
                for i, issue in enumerate(issues)
                for j, c in enumerate(criteria)
            )
        return services.close_round(round_=round_) if close else round_

    closed = scored_round("Closed", close=True)
    opened = scored_round("Open", close=False)
    # One client per person: signing a second person in on the same client would end
    # the first one's session, and their pages would then redirect to the sign-in page.
    scorer_client, analyst_client = Client(), Client()
    scorer_client.force_login(scorers[0].user)
    scorer_session = scorer_client.cookies["sessionid"].value
    analyst_client.force_login(analyst)
    analyst_session = analyst_client.cookies["sessionid"].value
    base = "/p/bench/scoring/rounds"
    return {
        "plain table": ("/bench/plain-table/", analyst_session),
        "score grid": (f"{base}/{opened.pk}/sheet/", scorer_session),
        "moderation": (f"{base}/{closed.pk}/moderation/", analyst_session),
        "moderate one issue": (f"{base}/{closed.pk}/moderation/{issues[0].pk}/", analyst_session),
        "ranking": (f"{base}/{closed.pk}/ranking/", analyst_session),
    }


def drive(url: str, session: str, clients: int, seconds: float) -> list[float]:
    """`clients` threads request the URL as fast as they can for `seconds`."""
    latencies: list[float] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def worker():
        mine = []
        while time.monotonic() < deadline:
            request = urllib.request.Request(url, headers={"Cookie": f"sessionid={session}"})
            started = time.perf_counter()
            with urllib.request.urlopen(request, timeout=30) as response:
                response.read()
                # urllib follows redirects: a page that sent us to the sign-in page
                # would otherwise be timed as that page.
                if response.status != 200 or response.url != url:
                    raise RuntimeError(f"{url} answered {response.status} at {response.url}")
            mine.append(time.perf_counter() - started)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=5, help="per page per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="csp-bench-"))
    env = {
        "DJANGO_SETTINGS_MODULE": "benchmarks.bench_settings",
        "DEBUG": "0",
        # gunicorn serves plain HTTP on loopback: no redirect to HTTPS.
        "PLAIN_HTTP": "1",
        "SECRET_KEY": "benchmark-only-secret-key",
        "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}",
        "STATIC_ROOT": str(folder / "static"),
        "VAR_DIR": str(folder),
        "ALLOWED_HOSTS": "127.0.0.1",
        "REDIS_URL": "",
        "LOG_LEVEL": "WARNING",
    }
    print("Preparing 40 issues x 16 criteria with 12 scorers per issue...", flush=True)
    pages = prepare(env)
    port = free_port()
    server = subprocess.Popen(
        gunicorn_command(port, args.workers),
        cwd=ROOT,
        env={**os.environ, **env},
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        # The client threads share the machine with the server, so one page's figure
        # moves with whatever else runs. Each round times the plain table and then
        # every page, and a page's share is taken against the plain table of its own
        # round; the median of the rounds is printed, with the lowest and highest.
        shares: dict[str, list[float]] = {name: [] for name in pages}
        results: dict[str, list[float]] = {name: [] for name in pages}
        for path, session in pages.values():
            drive(f"http://127.0.0.1:{port}{path}", session, args.clients, 1.5)  # warm up
        for _ in range(args.rounds):
            baseline = None
            for name, (path, session) in pages.items():
                url = f"http://127.0.0.1:{port}{path}"
                started = time.monotonic()
                latencies = drive(url, session, args.clients, args.seconds)
                rps = len(latencies) / (time.monotonic() - started)
                baseline = baseline or rps  # the plain table comes first
                shares[name].append(rps / baseline)
                results[name].extend(latencies)
        print(
            f"\ngunicorn, {args.workers} sync workers, {args.clients} concurrent clients, "
            f"{args.rounds} rounds of {args.seconds:g} s per page\n"
        )
        print(f"{'page':<22}{'p50 ms':>9}{'p95 ms':>9}{'vs plain':>10}{'range':>14}")
        for name, latencies in results.items():
            latencies.sort()
            p50 = statistics.median(latencies) * 1000
            p95 = latencies[int(len(latencies) * 0.95) - 1] * 1000
            found = shares[name]
            middle, low, high = statistics.median(found), min(found), max(found)
            spread = f"{low:.0%}-{high:.0%}"
            print(f"{name:<22}{p50:>9.0f}{p95:>9.0f}{middle:>9.0%}{spread:>14}")
        print()
        for name in ("score grid", "moderation", "ranking"):
            print(
                f"{name.capitalize()} throughput: {statistics.median(shares[name]):.0%} of the "
                "plain table, median of the rounds (goal: 70% or more)."
            )
    finally:
        server.terminate()
        server.wait(timeout=20)


if __name__ == "__main__":
    main()
