"""Plain rows into a table at speed, for the national dataset's millions of scores and
answers: PostgreSQL's COPY, or bulk_create on other databases (the small test runs).

Rows are tuples of the model's attribute names' values (`sheet_id`, not `sheet`), so
no model instance is built per row on PostgreSQL. Nothing here sends signals or writes
history: the callers say what they keep consistent instead.
"""

import json
from collections.abc import Iterable

from django.db import connection, models

BATCH = 2000


def insert_rows(model: type[models.Model], attnames: list[str], rows: Iterable[tuple]) -> int:
    fields = {f.attname: f for f in model._meta.concrete_fields}
    chosen = [fields[name] for name in attnames]
    count = 0
    if connection.vendor == "postgresql":
        as_json = [isinstance(f, models.JSONField) for f in chosen]
        columns = ", ".join(connection.ops.quote_name(f.column) for f in chosen)
        table = connection.ops.quote_name(model._meta.db_table)
        with connection.cursor() as cursor:
            # Text COPY: the server parses each value (JSON too) as its column's type.
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(
                        [
                            json.dumps(v) if j and v is not None else v
                            for v, j in zip(row, as_json, strict=True)
                        ]
                    )
                    count += 1
        return count
    objects = [model(**dict(zip(attnames, row, strict=True))) for row in rows]
    model.objects.bulk_create(objects, batch_size=BATCH)
    return len(objects)


def faster_commit() -> None:
    """Within the current transaction on PostgreSQL: commit without waiting for the
    WAL to reach the disk. A crash could lose the last partnerships built (the run is
    started again on a fresh database), never leave a half-built one."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
