"""Sending a task to the workers without letting a broken broker break the page.

Work is always recorded first (an Upload, a RenderRun, a HealthCheck, saved as
waiting). The message that tells a worker is a nudge: if the broker cannot be reached,
the page still answers at once, the row stays waiting, and the one-minute sweeps
(beat) send it again when the broker is back. Nothing is lost and nothing waits.
"""

import logging

from django.db import transaction

log = logging.getLogger(__name__)


def send(task, *args) -> bool:
    """Send now; True if the broker took the message."""
    try:
        # retry=False: one attempt, no minutes of retries while the person waits.
        task.apply_async(args=args, retry=False)
    except Exception as error:  # noqa: BLE001 - any broker fault: the sweep sends it later
        log.warning("Broker unreachable; %s%s waits for the sweep: %s", task.name, args, error)
        return False
    return True


def send_after_commit(task, *args) -> None:
    """Send once the transaction that recorded the work has committed."""
    transaction.on_commit(lambda: send(task, *args))
