"""The embedded broker (csp_assessment/broker.py): a worker never reads a message
before it is whole, and a file it cannot read is set aside instead of stopping it."""

import os
import subprocess
import sys
import threading
import time
from queue import Empty

import pytest
from kombu import Connection

from csp_assessment.broker import WRITING, Channel


@pytest.fixture
def channel(tmp_path):
    for folder in ("queue", "processed", "control"):
        (tmp_path / folder).mkdir()
    options = {
        "data_folder_in": str(tmp_path / "queue"),
        "data_folder_out": str(tmp_path / "queue"),
        "processed_folder": str(tmp_path / "processed"),
        "control_folder": str(tmp_path / "control"),
        "store_processed": False,
    }
    with Connection("filesystem://", transport_options=options) as connection:
        # The Celery app made filesystem:// mean the safe transport (csp_assessment/celery.py).
        assert isinstance(connection.default_channel, Channel)
        yield connection.default_channel


def test_the_default_broker_url_starts_the_worker_without_a_warning(tmp_path, caplog):
    """Without REDIS_URL the demo's broker is the filesystem; a URL with no host made
    kombu log "No hostname was supplied" at every start of the demo."""
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "CELERY_BROKER_URL")}
    env.update(DJANGO_SETTINGS_MODULE="csp_assessment.settings", SECRET_KEY="t")
    shown = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings; print(settings.CELERY_BROKER_URL)",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    url = shown.stdout.strip()
    assert url.startswith("filesystem://")
    with caplog.at_level("WARNING", logger="kombu"), Connection(url) as connection:
        connection.info()  # what the worker's banner reads at start
    assert "hostname" not in caplog.text


def test_a_message_goes_in_whole_and_comes_out_once(channel, tmp_path):
    channel._put("work", {"task": "render", "id": 7})
    (name,) = [p.name for p in (tmp_path / "queue").iterdir()]
    assert name.endswith(".work.msg")
    assert channel._get("work") == {"task": "render", "id": 7}
    with pytest.raises(Empty):
        channel._get("work")
    assert list((tmp_path / "queue").iterdir()) == []


def test_a_message_still_being_written_is_not_taken(channel, tmp_path):
    (tmp_path / "queue" / WRITING.format(name="1_abc.work.msg")).write_bytes(b'{"task": "ren')
    with pytest.raises(Empty):
        channel._get("work")


def test_an_unreadable_file_is_set_aside_and_the_next_message_is_read(channel, tmp_path, caplog):
    (tmp_path / "queue" / "0_empty.work.msg").write_bytes(b"")
    channel._put("work", {"task": "render"})
    assert channel._get("work") == {"task": "render"}
    assert [p.name for p in (tmp_path / "rejected").iterdir()] == ["0_empty.work.msg"]
    assert "could not be read" in caplog.text


def test_a_busy_sender_and_a_worker_at_once_lose_and_break_nothing(channel):
    """The race that stopped the demo's worker: the sender writes while the worker
    reads. Bounded: 400 messages, 30 seconds at most."""
    count, received, errors = 400, [], []

    def send():
        try:
            for n in range(count):
                channel._put("busy", {"n": n, "padding": "x" * 2000})
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    sender = threading.Thread(target=send)
    sender.start()
    deadline = time.monotonic() + 30
    while len(received) < count and time.monotonic() < deadline:
        try:
            message = channel._get("busy")
        except Empty:
            continue
        received.append(message["n"])
    sender.join(timeout=30)
    assert errors == []
    assert sorted(received) == list(range(count))
