"""A transaction whose commit fails, for the tests that check what a failed change
leaves on disk. On PostgreSQL a deferred constraint trigger lets every statement
through and refuses the commit, as a deferred constraint does. Needs transactional_db
(the trigger must be in place outside the test's transaction)."""

from contextlib import contextmanager

import pytest
from django.db import connection

FUNCTION = "test_refuse_at_commit"


@contextmanager
def commit_refused(model):
    """Any transaction that writes a row of `model` fails as it commits."""
    if connection.vendor != "postgresql":
        pytest.skip("a commit refused by a deferred trigger needs PostgreSQL (scripts/test.sh)")
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql "
            "AS $$ BEGIN RAISE EXCEPTION 'refused at commit'; END $$"
        )
        cursor.execute(
            f"CREATE CONSTRAINT TRIGGER {FUNCTION} AFTER INSERT OR UPDATE ON {table} "
            f"DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()"
        )
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TRIGGER IF EXISTS {FUNCTION} ON {table}")
            cursor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()")


def files_under(folder) -> list:
    return [path for path in folder.rglob("*") if path.is_file()]
