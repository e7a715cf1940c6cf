"""Starting and stopping what the national load test runs on: PostgreSQL (through
scripts/services.sh, on the harness's own port), its own Redis, gunicorn and Celery
worker processes. Everything binds 127.0.0.1, every wait is bounded, and `Processes.stop_all`
stops what was started (called from a finally, so also on Ctrl-C or an error)."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import psycopg
import redis

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ROOT / "scripts" / "services.sh"

# Appended once to the cluster's postgresql.conf. scripts/services.sh makes its
# clusters with fsync off (throwaway test data); production keeps data on a crash, so
# the load test turns durability back on, and loads pg_stat_statements for the ten
# slowest queries. Later lines win in postgresql.conf.
PG_CONFIG_MARK = "# --- benchmarks/national_load.py ---"
PG_CONFIG = f"""
{PG_CONFIG_MARK}
fsync = on                  # durable, as in production
synchronous_commit = on
full_page_writes = on
shared_preload_libraries = 'pg_stat_statements'
pg_stat_statements.max = 5000
pg_stat_statements.track = top
"""


def log(message: str) -> None:
    print(f"national-load {time.strftime('%H:%M:%S')}: {message}", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_open(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
    except OSError:
        return False
    return True


def superuser(port: int, dbname: str = "postgres") -> psycopg.Connection:
    return psycopg.connect(
        host="127.0.0.1", port=port, user="postgres", dbname=dbname, autocommit=True
    )


def _services(command: str, pg_port: int, redis_port: int) -> None:
    env = {**os.environ, "PG_PORT": str(pg_port), "REDIS_PORT": str(redis_port)}
    subprocess.run([str(SERVICES), command], cwd=ROOT, env=env, check=True, timeout=600)


class DataStores:
    """PostgreSQL and Redis on the harness's ports. Stopped at the end only if this
    run started (or restarted) them, unless kept."""

    def __init__(self, pg_port: int, redis_port: int, folder: Path):
        self.pg_port, self.redis_port, self.folder = pg_port, redis_port, folder
        self.started = False
        self.redis: subprocess.Popen | None = None
        self.settings: dict = {}

    def start(self) -> None:
        if shutil.which("redis-server") is None:
            # A fresh machine: scripts/services.sh installs the packages.
            _services("start", self.pg_port, self.redis_port)
            _services("stop", self.pg_port, self.redis_port)
        self._start_redis()
        already = port_open(self.pg_port)
        log(f"starting PostgreSQL on 127.0.0.1:{self.pg_port}")
        # services.sh finds the harness's Redis answering on its port and leaves it be.
        _services("start", self.pg_port, self.redis_port)
        self.started = not already
        with superuser(self.pg_port) as db:
            config = db.execute("SHOW config_file").fetchone()[0]
            preload = db.execute("SHOW shared_preload_libraries").fetchone()[0]
            fsync = db.execute("SHOW fsync").fetchone()[0]
        if "pg_stat_statements" not in preload or fsync != "on":
            if PG_CONFIG_MARK not in Path(config).read_text():
                with open(config, "a") as conf:
                    conf.write(PG_CONFIG)
            log("restarting PostgreSQL with fsync on and pg_stat_statements preloaded")
            _services("stop", self.pg_port, self.redis_port)
            _services("start", self.pg_port, self.redis_port)
            self.started = True
        with superuser(self.pg_port) as db:
            for name in ("fsync", "synchronous_commit", "full_page_writes", "data_directory"):
                self.settings[name] = db.execute(f"SHOW {name}").fetchone()[0]
            self.settings["server_version"] = db.execute("SHOW server_version").fetchone()[0]
        self.settings["redis"] = "appendonly yes, appendfsync everysec"

    def _start_redis(self) -> None:
        """The harness's own Redis, as a production broker runs: its queue kept in an
        append-only file written every second, in a folder of its own. It starts empty,
        so no task left by an interrupted run is picked up by this run's workers."""
        if port_open(self.redis_port):
            raise RuntimeError(
                f"something already answers on 127.0.0.1:{self.redis_port}; "
                "give the harness a free --redis-port"
            )
        folder = self.folder / f"redis-{self.redis_port}"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        self.redis = subprocess.Popen(
            [
                "redis-server",
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.redis_port),
                "--dir",
                str(folder),
                "--save",
                "",
                "--appendonly",
                "yes",
                "--appendfsync",
                "everysec",
            ],
            stdout=open(folder / "redis.log", "wb"),  # noqa: SIM115 - the child keeps it
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        client = redis.Redis(host="127.0.0.1", port=self.redis_port, socket_timeout=1)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                if client.ping():
                    return
            except redis.RedisError:
                time.sleep(0.1)
        raise RuntimeError(f"Redis did not start on port {self.redis_port}")

    def stop(self) -> None:
        if self.redis is not None and self.redis.poll() is None:
            log("stopping Redis")
            self.redis.terminate()
            try:
                self.redis.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.redis.kill()
                self.redis.wait(timeout=10)
        if self.started:
            log("stopping PostgreSQL")
            _services("stop", self.pg_port, self.redis_port)

    @property
    def redis_url(self) -> str:
        return f"redis://127.0.0.1:{self.redis_port}/0"

    def database_url(self, name: str) -> str:
        return f"postgres://csp:csp@127.0.0.1:{self.pg_port}/{name}"


class Processes:
    """Child processes (gunicorn, workers), each in its own process group so that
    stopping it stops its children too."""

    def __init__(self, logs: Path):
        self.logs = logs
        self.running: dict[str, subprocess.Popen] = {}

    def start(self, name: str, argv: list[str], env: dict) -> subprocess.Popen:
        out = open(self.logs / f"{name}.log", "ab")  # noqa: SIM115 - closed by the child's end
        process = subprocess.Popen(
            argv, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        out.close()
        self.running[name] = process
        return process

    def stop(self, name: str, timeout: float = 30) -> None:
        process = self.running.pop(name, None)
        if process is None or process.poll() is not None:
            return
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            log(f"{name} ignored TERM for {timeout:.0f} s; killing it")
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)

    def stop_matching(self, prefix: str) -> None:
        for name in [n for n in self.running if n.startswith(prefix)]:
            self.stop(name)

    def stop_all(self) -> None:
        for name in list(self.running):
            self.stop(name)

    def check_alive(self, name: str) -> None:
        process = self.running[name]
        if process.poll() is not None:
            tail = (self.logs / f"{name}.log").read_text(errors="replace")[-2000:]
            raise RuntimeError(f"{name} exited with {process.returncode}:\n{tail}")


def gunicorn_command(port: int, workers: int, *options: str) -> list[str]:
    """gunicorn serving the app on loopback `port` with `workers` processes, logging
    only warnings, with any further `options`."""
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "csp_assessment.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--log-level",
        "warning",
        *options,
    ]


def start_gunicorn(processes: Processes, env: dict, port: int, workers: int) -> None:
    processes.start(
        "gunicorn",
        gunicorn_command(port, workers, "--timeout", "120", "--graceful-timeout", "10"),
        env,
    )
    wait_for_http(processes, "gunicorn", f"http://127.0.0.1:{port}/accounts/sign-in/", 90)


def wait_for_http(processes: Processes, name: str, url: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        processes.check_alive(name)
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:  # noqa: S310 - loopback
                if answer.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    raise RuntimeError(f"{name} did not answer {url} within {timeout:.0f} s")


def start_workers(processes: Processes, env: dict, count: int, prefix: str) -> None:
    """`count` Celery worker processes, one task at a time each (solo pool), on the
    default queue. No beat: the sweeps it runs are not part of the load."""
    for number in range(1, count + 1):
        processes.start(
            f"{prefix}{number}",
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "csp_assessment",
                "worker",
                "--pool=solo",
                "--loglevel=WARNING",
                "--without-gossip",
                "--without-mingle",
                "-n",
                f"{prefix}{number}@%h",
            ],
            env,
        )
