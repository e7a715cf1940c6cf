"""manage.py verify_restore: prove a restored copy works (scripts/backup.sh verify)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from reports import restore_check


class Command(BaseCommand):
    help = (
        "Check that every file the database names is in MEDIA_ROOT and render a report's "
        "PDF through the real renderer. Fails when a file is missing or altered, or no "
        "report renders."
    )

    def add_arguments(self, parser):
        parser.add_argument("--report", type=int, help="The id of the report to render.")
        parser.add_argument("--out", help="Write the rendered PDF to this path.")

    def handle(self, *args, report=None, out=None, **options):
        executor = MigrationExecutor(connection)
        waiting = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if waiting:
            self.stdout.write(
                f"Note: the copy lacks {len(waiting)} migrations this code has. "
                "Run manage.py migrate before serving it."
            )
        files = restore_check.check_files()
        self.stdout.write(f"Files named by the database: {files.checked}")
        problems = [f"missing from the media folder: {name}" for name in files.missing]
        problems += [f"does not match its recorded checksum: {name}" for name in files.altered]
        if problems:
            raise CommandError("The restored copy is incomplete:\n  " + "\n  ".join(problems))
        rendered = restore_check.render_one(report)
        if rendered is None:
            raise CommandError("The restored database holds no report to render.")
        if rendered.pages < 1 or not rendered.content.startswith(b"%PDF"):
            raise CommandError(f"{rendered.label} did not render to a PDF.")
        if out:
            Path(out).write_bytes(rendered.content)
        self.stdout.write(
            f"Rendered {rendered.label}: {rendered.pages} pages, {len(rendered.content)} bytes"
        )
        self.stdout.write(self.style.SUCCESS("The restored copy works."))
