"""Files written as part of a database change: kept only if the change commits.

A file on disk is not rolled back with the transaction that records it. A service that
writes files wraps its transaction in `kept_only_if_committed` and names what it wrote;
if the block raises, or the commit itself fails (a deferred constraint, a dropped
connection), the files are removed, so a change that did not happen leaves nothing
behind. Inside a caller's own transaction the block is a savepoint: a failure in it
still removes the files, but the caller's later rollback does not (only the demo loader
does this)."""

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import transaction


def remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


@contextmanager
def kept_only_if_committed() -> Iterator[list[Path]]:
    """Run the block in a transaction; add each file or folder it writes to the list
    this yields. They are removed if the block or its commit fails."""
    written: list[Path] = []
    try:
        with transaction.atomic():
            yield written
    except BaseException:
        for path in written:
            remove(path)
        raise
