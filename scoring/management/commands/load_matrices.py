"""manage.py load_matrices: load the shipped scoring matrices (idempotent, by version)."""

from django.core.management.base import BaseCommand

from scoring.matrix_files import load_shipped_matrices


class Command(BaseCommand):
    help = "Load the scoring matrices in scoring/matrices/. Versions already loaded are kept."

    def handle(self, *args, **options):
        for matrix, created in load_shipped_matrices():
            verb = "Loaded" if created else "Already loaded:"
            self.stdout.write(f"{verb} {matrix}")
