"""Real worker processes: a Celery worker on a real Redis server started here on a
loopback port, and a worker on the embedded filesystem broker. The test sends a
health check through the status page and waits for the worker to answer it in the
database."""

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
from django.urls import reverse

from csp_assessment.celery import app
from status.models import HealthCheck

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.services


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


def _database_url() -> str:
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
        # close() drops the connection pool and the producer pool built on it, but
        # only when a connection pool exists; touching app.pool makes sure one does.
        # app.amqp (a cached property) also keeps queues bound to old channels, so
        # it is dropped too and rebuilt on next use.
        app.pool  # noqa: B018
        app.close()
        app.__dict__.pop("amqp", None)

    def point(url: str, options: dict | None = None):
        forget_connections()
        app.conf.broker_url = url
        app.conf.broker_transport_options = options or {}

    yield point
    forget_connections()
    app.conf.broker_url, app.conf.broker_transport_options = saved


def _start_worker(env_overrides: dict, tmp_path: Path) -> subprocess.Popen:
    env = {**os.environ, **env_overrides, "DATABASE_URL": _database_url()}
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


def _stop(worker: subprocess.Popen) -> None:
    worker.send_signal(signal.SIGTERM)
    try:
        worker.wait(timeout=20)
    except subprocess.TimeoutExpired:
        worker.kill()


def _wait_for_answer(timeout: float = 60) -> HealthCheck:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        check = HealthCheck.objects.order_by("-requested_at").first()
        if check and check.status == HealthCheck.Status.DONE:
            return check
        time.sleep(0.2)
    raise AssertionError("no worker answered the health check")


def test_a_worker_on_redis_answers_the_status_page_check(
    transactional_db, client_as, cast, redis_url, point_app_at, tmp_path
):
    point_app_at(redis_url)
    worker = _start_worker({"CELERY_BROKER_URL": redis_url, "REDIS_URL": redis_url}, tmp_path)
    try:
        client = client_as(cast["admin"])
        client.post(reverse("status:check"))
        check = _wait_for_answer()
        assert check.worker
        assert check.round_trip_ms >= 0
        page = client.get(reverse("status:page")).content.decode()
        assert "Alive: answered a test task" in page
        assert "Reachable" in page
        # Redis can broadcast, so the worker also answers a ping by name.
        assert "test@" in page
    finally:
        _stop(worker)
    log = (tmp_path / "worker.log").read_text()
    assert "status.answer_health_check" in log


def test_a_worker_on_the_filesystem_broker_answers(
    transactional_db, client_as, cast, point_app_at, tmp_path
):
    broker = tmp_path / "broker"
    (broker / "queue").mkdir(parents=True)
    (broker / "processed").mkdir()
    options = {
        "data_folder_in": str(broker / "queue"),
        "data_folder_out": str(broker / "queue"),
        "processed_folder": str(broker / "processed"),
        "control_folder": str(broker / "control"),
        "polling_interval": 0.1,
    }
    point_app_at("filesystem://", options)
    worker = _start_worker(
        {"CELERY_BROKER_URL": "filesystem://", "REDIS_URL": "", "VAR_DIR": str(tmp_path)},
        tmp_path,
    )
    try:
        client_as(cast["admin"]).post(reverse("status:check"))
        check = _wait_for_answer()
        assert check.status == HealthCheck.Status.DONE
    finally:
        _stop(worker)
