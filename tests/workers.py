"""Real worker processes for tests: a Redis server started on a free loopback port,
a Celery worker process run against the test database, and pointing this process's
Celery app at the same broker. Test modules import the fixtures they use."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from csp_assessment.celery import app

ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def redis_url(tmp_path):
    server = shutil.which("redis-server")
    if server is None:
        pytest.fail("redis-server is not installed: scripts/services.sh start installs it.")
    port = _free_port()
    process = subprocess.Popen(
        [
            server,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    else:
        process.kill()
        pytest.fail("redis-server did not start")
    yield f"redis://127.0.0.1:{port}/0"
    process.terminate()
    process.wait(timeout=10)


def database_url() -> str:
    """The test database, as a URL a separate process can open."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    return (
        f"postgres://{settings['USER']}:{settings['PASSWORD']}@{settings['HOST']}:"
        f"{settings['PORT']}/{settings['NAME']}"
    )


@pytest.fixture
def point_app_at():
    """Point this process's Celery app at a broker for the length of a test."""
    saved = (app.conf.broker_url, app.conf.broker_transport_options)

    def forget_connections():
        # Drop the connection pool so the next use connects to the new broker. Not
        # app.close(): that also takes the app off Celery's list of active apps, and a
        # shared task whose module is imported later (analysis.tasks, imported by the
        # upload service) is then never registered. app.amqp (a cached property) keeps
        # the producer pool and queues bound to old channels, so it is dropped too and
        # rebuilt on next use.
        app._pool = None
        app.__dict__.pop("amqp", None)

    def point(url: str, options: dict | None = None):
        forget_connections()
        app.conf.broker_url = url
        app.conf.broker_transport_options = options or {}

    yield point
    forget_connections()
    app.conf.broker_url, app.conf.broker_transport_options = saved


def filesystem_broker(folder: Path) -> dict:
    """Transport options for the embedded filesystem broker, in a folder of the test's."""
    (folder / "queue").mkdir(parents=True, exist_ok=True)
    (folder / "processed").mkdir(exist_ok=True)
    return {
        "data_folder_in": str(folder / "queue"),
        "data_folder_out": str(folder / "queue"),
        "processed_folder": str(folder / "processed"),
        "control_folder": str(folder / "control"),
        "polling_interval": 0.1,
    }


def start_filesystem_worker(media: Path, tmp_path: Path) -> subprocess.Popen:
    """A real worker on the embedded filesystem broker in tmp_path/broker (point this
    process at it first with `point_app_at("filesystem://", filesystem_broker(...))`),
    writing the files it makes to `media`."""
    return start_worker(
        {
            "CELERY_BROKER_URL": "filesystem://",
            "REDIS_URL": "",
            "VAR_DIR": str(tmp_path),
            "MEDIA_ROOT": str(media),
        },
        tmp_path,
    )


def start_worker(env_overrides: dict, tmp_path: Path) -> subprocess.Popen:
    """A Celery worker process on the test database; its log goes to tmp_path/worker.log."""
    env = {**os.environ, **env_overrides, "DATABASE_URL": database_url()}
    log = open(tmp_path / "worker.log", "w")  # noqa: SIM115 - closed with the process
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "csp_assessment",
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "-n",
            "test@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def stop(worker: subprocess.Popen) -> None:
    worker.send_signal(signal.SIGTERM)
    try:
        worker.wait(timeout=20)
    except subprocess.TimeoutExpired:
        worker.kill()
