"""The terms of reference for a year's strategic assessment (seed 001: the analyst
drafts them before the work starts): purpose and scope, who does what, the data and
who supplies it, the timetable and how the assessment is signed off.

Each year's terms are kept as numbered versions. A draft is edited; the board's
decision on it is recorded at a meeting (`TermsDecision`, with a frozen copy of what
it read); once agreed the version is frozen, and a change starts the next version.
Kept apart from the priority `Decision` so that every reader of `decision.priority`
stays as it is."""

from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from cycles.models import CycleYear

from .models import Item, PaperDecision, VersionedPaper


class TermsOfReference(VersionedPaper):
    year = models.ForeignKey(CycleYear, on_delete=models.CASCADE, related_name="terms_versions")
    purpose = models.TextField(blank=True, help_text="What the assessment is for.")
    scope = models.TextField(blank=True, help_text="What it covers, and what it leaves out.")
    roles = models.JSONField(
        default=list, blank=True, help_text="Who does what: role, person or agency, task."
    )
    data = models.TextField(blank=True, help_text="What data the assessment uses, and from whom.")
    timetable_note = models.TextField(blank=True)
    sign_off = models.TextField(blank=True, help_text="Who signs the assessment off, and how.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["year", "-version"]
        verbose_name = "terms of reference"
        verbose_name_plural = "terms of reference"
        constraints = [
            models.UniqueConstraint(fields=["year", "version"], name="one_terms_per_version"),
        ]

    def __str__(self) -> str:
        return f"Terms of reference {self.year.label}, version {self.version}"

    def get_absolute_url(self) -> str:
        return (
            reverse(
                "priorities:terms",
                kwargs={"slug": self.year.cycle.partnership.slug, "year_id": self.year_id},
            )
            + f"?version={self.version}"
        )


class TermsDecision(PaperDecision):
    """The board's decision on one version of the terms, taken at an agenda item."""

    terms = models.ForeignKey(TermsOfReference, on_delete=models.PROTECT, related_name="decisions")
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="terms_decisions")
    snapshot = models.JSONField(help_text="The terms the board read, frozen at the time.")
    history = HistoricalRecords()

    class Meta(PaperDecision.Meta):
        constraints = [
            models.UniqueConstraint(fields=["item", "terms"], name="one_terms_decision_per_item"),
        ]

    def __str__(self) -> str:
        return f"{self.terms}: {self.get_outcome_display()}"
