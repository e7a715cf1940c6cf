"""manage.py load_checklists: load the shipped compliance checklists (idempotent, by version)."""

from django.core.management.base import BaseCommand

from priorities.checklist_files import load_shipped_checklists


class Command(BaseCommand):
    help = (
        "Load the checklist templates in priorities/checklists/. Versions already loaded are kept."
    )

    def handle(self, *args, **options):
        for template, created in load_shipped_checklists():
            verb = "Loaded" if created else "Already loaded:"
            self.stdout.write(f"{verb} {template}")
