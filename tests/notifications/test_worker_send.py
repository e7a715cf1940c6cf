"""A real Celery worker process sends the email: the analyst opens a round, the
request answers, the worker (on the filesystem broker, against the test database)
sends it to a real SMTP server; the same task delivered twice sends it once."""

import time

import pytest

from csp_assessment import queueing
from notifications import tasks
from notifications.models import Notification
from scoring import services
from tests import workers
from tests.workers import filesystem_broker, start_worker, stop

point_app_at = workers.point_app_at
pytestmark = pytest.mark.services


def _wait_for(condition, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError("the worker did not send the email")


def test_the_worker_sends_the_email_once(
    transactional_db,
    draft_round,
    smtp_server,
    point_app_at,
    tmp_path,  # noqa: F811
):
    options = filesystem_broker(tmp_path / "broker")
    point_app_at("filesystem://", options)
    worker = start_worker(
        {
            "CELERY_BROKER_URL": "filesystem://",
            "REDIS_URL": "",
            "VAR_DIR": str(tmp_path),
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_server.port),
            "SITE_URL": "https://workbench.example.org",
        },
        tmp_path,
    )
    try:
        # Committed at once (no test transaction), so the task is queued on commit.
        services.open_round(round_=draft_round)
        notification = Notification.objects.get(kind="scoring.round_opened")
        # The same message delivered again (a broker redelivery) must not send twice.
        queueing.send(tasks.send_notification, notification.pk)
        _wait_for(lambda: Notification.objects.filter(sent_at__isnull=False).exists())
        time.sleep(2)  # room for the second message to be (wrongly) sent
    finally:
        stop(worker)
    assert [m["To"] for m in smtp_server.inbox.messages] == ["jo@example.org"]
    message = smtp_server.inbox.messages[0]
    assert message["Subject"] == "Scoring is open: Autumn scoring"
    assert "https://workbench.example.org/p/central-bedfordshire/scoring/" in message.as_string()
    log = (tmp_path / "worker.log").read_text()
    assert log.count("notifications.send_notification") >= 2
