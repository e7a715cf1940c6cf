"""Two real database connections in one test: the row-lock tests run a request or a
service on a second thread while the test's own connection holds a transaction open.
Row locks need PostgreSQL; on SQLite these tests skip (scripts/test.sh runs both).
`second_waits_for_first` is the usual shape: one holds its locks, the other must wait."""

import threading

import pytest
from django.db import connection, transaction


def postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL; scripts/test.sh runs this on it")


def in_thread(work):
    """Run `work` on its own database connection; return the thread and a dict that
    gets its result or the exception it raised."""
    outcome = {}

    def run():
        try:
            outcome["result"] = work()
        except Exception as error:  # noqa: BLE001 - handed back to the test
            outcome["error"] = error
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def second_waits_for_first(first, second, *, what: str = "the second") -> tuple[dict, dict]:
    """Run `first` in a transaction on its own connection and hold it open; then run
    `second` on another connection, check it waits on the first's row locks, and let
    the first commit. Returns the two outcomes, as `in_thread` gives them."""
    done, release = threading.Event(), threading.Event()

    def hold():
        with transaction.atomic():
            result = first()
            done.set()
            release.wait(timeout=10)  # the first has not yet committed
        return result

    first_thread, first_outcome = in_thread(hold)
    assert done.wait(timeout=10), first_outcome
    second_thread, second_outcome = in_thread(second)
    second_thread.join(timeout=1)
    waited = second_thread.is_alive()
    release.set()
    first_thread.join(timeout=30)
    second_thread.join(timeout=30)
    assert waited, f"{what} did not wait for the first"
    return first_outcome, second_outcome
