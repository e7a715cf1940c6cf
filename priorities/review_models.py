"""The six-month review of a year's assessment and priorities (seed 001: the board
looks at the assessment again six months on, and the analyst watches the issues not
chosen for key changes).

`Review` began as a date and a reminder; it is now the record of the review itself:
what changed in the data since the assessment (the analyst's summary; the figures are
worked out when the page is read), a verdict on each agreed priority
(`ReviewPriority`), and the board's decision on it at an agenda item
(`ReviewDecision`, with a frozen copy of what the board read). A review is a draft,
then taken to the board, then decided; once decided it does not change."""

from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from cycles.models import CycleYear

from .models import Item, PaperDecision, Priority


class Review(models.Model):
    """The six-month review of the year's assessment and priorities (seed 001)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        WITH_BOARD = "with_board", "Taken to the board"
        DECIDED = "decided", "Decided by the board"

    year = models.OneToOneField(CycleYear, on_delete=models.CASCADE, related_name="review")
    review_on = models.DateField()
    note = models.TextField(blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    data_to = models.DateField(
        null=True,
        blank=True,
        help_text="The first day of the last month of police data the assessment used.",
    )
    data_summary = models.TextField(
        "What changed in the data",
        blank=True,
        help_text="The analyst's summary of what changed since the assessment.",
    )
    board_item = models.ForeignKey(
        Item,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviews",
        help_text="The board agenda item the review is taken to.",
    )
    taken_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Review of {self.year} on {self.review_on}"

    def get_absolute_url(self) -> str:
        return reverse(
            "priorities:review_record",
            kwargs={"slug": self.year.cycle.partnership.slug, "year_id": self.year_id},
        )

    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    def awaits_decision(self) -> bool:
        """Taken to a board agenda item and not yet decided there."""
        return self.status == self.Status.WITH_BOARD and self.board_item_id is not None


class ReminderSent(models.Model):
    """Proof a review reminder went out. One row per review: a re-run finds it and stops."""

    review = models.OneToOneField(Review, on_delete=models.CASCADE, related_name="reminder")
    sent_at = models.DateTimeField()
    recipients = models.JSONField(default=list)

    def __str__(self) -> str:
        return f"Reminder for {self.review}"


class ReviewPriority(models.Model):
    """The review's verdict on one agreed priority: does it still hold?"""

    class Verdict(models.TextChoices):
        HOLDS = "holds", "Still holds"
        CHANGE = "change", "Needs change"
        RETIRE = "retire", "Retire"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="verdicts")
    priority = models.ForeignKey(Priority, on_delete=models.PROTECT, related_name="+")
    verdict = models.CharField(max_length=8, choices=Verdict.choices)
    note = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["review", "priority__position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["review", "priority"], name="one_verdict_per_priority"),
        ]

    def __str__(self) -> str:
        return f"{self.priority}: {self.get_verdict_display()}"


class ReviewDecision(PaperDecision):
    """The board's decision on the review, taken at the agenda item it was taken to."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="decisions")
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="review_decisions")
    snapshot = models.JSONField(help_text="The review the board read, frozen at the time.")
    history = HistoricalRecords()

    class Meta(PaperDecision.Meta):
        constraints = [
            models.UniqueConstraint(fields=["item", "review"], name="one_review_decision_per_item"),
        ]

    def __str__(self) -> str:
        return f"{self.review}: {self.get_outcome_display()}"
