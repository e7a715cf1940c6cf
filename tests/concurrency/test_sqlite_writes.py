"""On SQLite, the demo's database, a save that reads and then writes in one
transaction must wait for a worker that writes at the same moment, not fail.

A deferred transaction takes its write lock only at its first write. If another
connection began writing after the read, SQLite refuses the late write at once
("database is locked") rather than wait, since each would wait for the other. The
settings begin every transaction IMMEDIATE, so the write lock is taken first and the
other writer waits its turn (issue 11: no fault loses work)."""

import threading
import time

import pytest
from django.db import connection, transaction

from partnerships.models import Partnership
from tests.threads import in_thread


@pytest.mark.django_db(transaction=True)
def test_a_save_that_reads_first_waits_for_a_writer_instead_of_failing(partnership):
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL locks rows, not the whole database")
    other = Partnership.objects.create(name="Luton CSP", slug="luton-w", kind="district")
    read = threading.Event()

    def save():
        with transaction.atomic():
            name = Partnership.objects.get(pk=partnership.pk).name
            read.set()
            time.sleep(0.5)  # the worker's write starts meanwhile
            Partnership.objects.filter(pk=partnership.pk).update(name=f"{name} (saved)")

    first, saved = in_thread(save)
    assert read.wait(timeout=10)
    second, worker = in_thread(
        lambda: Partnership.objects.filter(pk=other.pk).update(name="Luton (worker)")
    )
    first.join(timeout=30)
    second.join(timeout=30)

    assert "error" not in saved, saved
    assert "error" not in worker, worker
    assert Partnership.objects.get(pk=partnership.pk).name.endswith(" (saved)")
    assert Partnership.objects.get(pk=other.pk).name == "Luton (worker)"
