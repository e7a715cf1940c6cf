"""manage.py load_demo: build (or top up) the demo and print how to sign in."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from demo.builder import DEMO_PASSWORD, PEOPLE, build_demo
from demo.scoring_demo import SCORERS
from partnerships.models import Membership


class Command(BaseCommand):
    help = "Load the demo partnership, people and cycle. Safe to run more than once."

    def handle(self, *args, **options):
        result = build_demo(timezone.localdate())
        cycle = result["cycle"]
        verb = "Created" if result["created_cycle"] else "Kept the existing"
        self.stdout.write(f"{verb} cycle: {cycle.name} for {result['partnership'].name}.")
        self.stdout.write("")
        self.stdout.write(f"Sign in with any of these (password for all: {DEMO_PASSWORD}):")
        seen = set()
        for person in PEOPLE:
            if person.email in seen:
                continue
            seen.add(person.email)
            roles = ", ".join(
                f"{p.role.label} in {p.partnership}" for p in PEOPLE if p.email == person.email
            )
            self.stdout.write(f"  {person.email:<28} {roles}")
        # A scorer who has left signs in to a page saying so: named apart, so nobody
        # tries the demo as him expecting the scorer's pages.
        emails = [email for email, *_ in SCORERS]
        here = set(
            Membership.objects.filter(partnership=result["partnership"], user__email__in=emails)
            .current()
            .values_list("user__email", flat=True)
        )
        self.stdout.write("Partner scorers (theme specialists in central-bedfordshire):")
        self.stdout.write("  " + ", ".join(email for email in emails if email in here))
        gone = [email for email in emails if email not in here]
        if gone:
            self.stdout.write("Left after scoring (signing in shows that their access has ended):")
            self.stdout.write("  " + ", ".join(gone))
