"""Two real database connections in one test: the row-lock tests run a request or a
service on a second thread while the test's own connection holds a transaction open.
Row locks need PostgreSQL; on SQLite these tests skip (scripts/test.sh runs both)."""

import threading

import pytest
from django.db import connection


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
