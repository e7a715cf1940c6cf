"""Moving the test database to a migration and back, for tests of data migrations."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate(target):
    """Migrate to `target` (a list of (app, migration) pairs); the apps as they were then."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


def migrate_to_latest():
    """Going back also unapplies every later migration of other apps that depends on the
    one tested: put them all back, or later tests meet a stale schema."""
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(latest)
    assert not MigrationExecutor(connection).migration_plan(latest)
