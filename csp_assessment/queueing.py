"""Sending a task to the workers without letting a broken broker break the page.

Work is always recorded first (an Upload, a RenderRun, a HealthCheck, saved as
waiting). The message that tells a worker is a nudge: if the broker cannot be reached,
the page still answers at once, the row stays waiting, and the one-minute sweeps
(beat) send it again when the broker is back. Nothing is lost and nothing waits.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import OperationalError, transaction
from django.db.models import Model, Q, QuerySet
from django.utils import timezone

log = logging.getLogger(__name__)
FAULT = (
    "{failed}: a fault in the workbench stopped it. Try again; if it happens again, "
    "tell your administrator (reference {pk})."
)


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


def retry_if_asked(task, outcome: str) -> str:
    """The task's result, where `outcome` is what `Claims.attempt` returned: on "retry"
    (a passing fault) the task is sent again, a little later each time (5, 10, 15 s),
    so a database that is briefly away has time to come back."""
    if outcome == "retry":
        raise task.retry(countdown=5 * (task.request.retries + 1))
    return outcome


# A queued row nobody has taken for this long has lost its message: queue it again.
QUEUED_TOO_LONG = timedelta(minutes=5)
# Failures worth another try: the database or the file store was briefly unreachable.
# Anything else (a fault in the content, a refused address) fails at once, in words.
TRANSIENT = (OperationalError, ConnectionError, TimeoutError)
MAX_ATTEMPTS = 3


@dataclass(frozen=True)
class Claims:
    """Work recorded as rows of `model` (with `status`, `attempts`, `claim_expires_at`,
    `error` and `finished_at`) that a worker claims before doing it: a queued row, or
    one whose last claim expired (its worker died). The claim is a conditional update,
    so two workers never both win; it is the attempt number, and every later write goes
    through `held`, so a worker whose claim was taken over writes nothing."""

    model: type[Model]
    working: str  # the status while a worker holds the row
    claim_for: Callable[[], timedelta]  # how long a claim lasts (read when claiming)
    queued_since: str  # the field that says since when a row has waited

    def _claimable(self, now: datetime) -> Q:
        return Q(status=self.model.Status.QUEUED) | Q(status=self.working, claim_expires_at__lt=now)

    def claim(self, pk: int, now: datetime, **starting) -> int | None:
        """The claim (attempt number) if this worker took the row, else None."""
        row = self.model.objects.filter(self._claimable(now), pk=pk).first()
        if row is None:
            return None
        taken = self.model.objects.filter(
            self._claimable(now), pk=pk, attempts=row.attempts
        ).update(
            status=self.working,
            claim_expires_at=now + self.claim_for(),
            attempts=row.attempts + 1,
            error="",
            **starting,
        )
        return row.attempts + 1 if taken else None

    def held(self, pk: int, claim: int) -> QuerySet:
        """The row, only while claim `claim` is the current one."""
        return self.model.objects.filter(pk=pk, attempts=claim, status=self.working)

    def stale(self, now: datetime) -> list[int]:
        """Rows to queue again: a claim that expired (its worker died), or a queued row
        nobody took (its message was lost, or the broker was down)."""
        waited = {f"{self.queued_since}__lt": now - QUEUED_TOO_LONG}
        return list(
            self.model.objects.filter(
                Q(status=self.working, claim_expires_at__lt=now)
                | Q(status=self.model.Status.QUEUED, **waited)
            ).values_list("pk", flat=True)
        )

    def resend_stale(self, task) -> int:
        """Send `task` again for every stale row (beat runs this every minute, so no
        work stays stuck); how many were sent."""
        stale = self.stale(timezone.now())
        for pk in stale:
            send(task, pk)
        return len(stale)

    def fail(self, pk: int, claim: int, message: str, **also) -> int:
        """Record the failure in words; 0 if the claim was taken over meanwhile."""
        return self.held(pk, claim).update(
            status=self.model.Status.FAILED,
            finished_at=timezone.now(),
            claim_expires_at=None,
            error=message,
            **also,
        )

    def attempt(
        self,
        pk: int,
        claim: int,
        work: Callable[[], str],
        *,
        failed: str,
        retry: dict | None = None,
        fail: dict | None = None,
    ) -> str:
        """What `work()` returns, under the claim. A transient fault queues the row
        again ("retry", with `retry` written) until MAX_ATTEMPTS; that or any other
        fault fails it ("failed", with `fail` written), saying `failed` and why."""
        try:
            return work()
        except TRANSIENT as error:
            if claim < MAX_ATTEMPTS:
                self.held(pk, claim).update(
                    status=self.model.Status.QUEUED,
                    claim_expires_at=None,
                    error=f"Attempt {claim} did not finish ({error}). Trying again.",
                    **(retry or {}),
                )
                return "retry"
            self.fail(pk, claim, f"{failed} after {claim} attempts: {error}", **(fail or {}))
            return "failed"
        except Exception:  # noqa: BLE001 - any failure is recorded and shown, in words
            # The trace goes to the log for the operator; the page says what happened in
            # words, without paths or SQL, and gives the row to quote.
            log.exception("%s %s failed on attempt %s", self.model.__name__, pk, claim)
            self.fail(pk, claim, FAULT.format(failed=failed, pk=pk), **(fail or {}))
            return "failed"
