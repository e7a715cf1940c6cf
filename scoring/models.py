"""Scoring matrices, rounds, scorers' sheets and scores, and the moderated (agreed) scores."""

from functools import cached_property

from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from cycles.models import CycleYear, Issue
from partnerships.models import Membership, Partnership

from .rules import MatrixSettings


class Matrix(models.Model):
    """One version of a scoring matrix. A version used by a round is never edited:
    changes go into a copy, so every past round keeps the matrix it was scored on."""

    class Method(models.TextChoices):
        SUM = "sum", "Sum of criteria"
        MORILE = "morile", "MoRiLE-style (harm x likelihood)"
        GRID = "grid", "Impact x likelihood grid"

    partnership = models.ForeignKey(
        Partnership,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="matrices",
        help_text="Empty for the matrices the workbench ships.",
    )
    key = models.SlugField(max_length=60)
    version = models.PositiveIntegerField()
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    method = models.CharField(max_length=10, choices=Method.choices)
    scale_min = models.SmallIntegerField()
    scale_max = models.SmallIntegerField()
    config = models.JSONField(default=dict, blank=True)
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "key", "version"], name="unique_matrix_version"
            ),
            models.UniqueConstraint(
                fields=["key", "version"],
                condition=models.Q(partnership__isnull=True),
                name="unique_shipped_matrix_version",
            ),
        ]
        verbose_name_plural = "matrices"

    def __str__(self) -> str:
        return f"{self.name}, version {self.version}"

    @property
    def scale(self) -> range:
        return range(self.scale_min, self.scale_max + 1)

    @cached_property
    def settings(self) -> MatrixSettings:
        """The method settings in `config`, parsed once per instance; no query."""
        return MatrixSettings.parse(self.config)


class Criterion(models.Model):
    matrix = models.ForeignKey(Matrix, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField()
    key = models.SlugField(max_length=60)
    name = models.CharField(max_length=120)
    meaning = models.CharField(max_length=300, blank=True)
    group = models.CharField(
        max_length=30, blank=True, help_text="For MoRiLE and grids: harm, likelihood, and so on."
    )
    weight = models.DecimalField(max_digits=4, decimal_places=2, default=1)
    levels = models.JSONField(default=dict, help_text="Descriptor for each level, by value.")
    data_driven = models.BooleanField(
        default=False, help_text="The workbench can suggest a value from data."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["matrix", "position"]
        constraints = [
            models.UniqueConstraint(fields=["matrix", "key"], name="unique_criterion_key"),
        ]
        verbose_name_plural = "criteria"

    def __str__(self) -> str:
        return self.name

    def descriptor(self, value: int | None) -> str:
        return self.levels.get(str(value), "") if value is not None else ""


class Round(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Being set up"
        OPEN = "open", "Open for scoring"
        CLOSED = "closed", "Closed"

    class Threshold(models.TextChoices):
        TOP_N = "top_n", "The top N issues"
        MIN_SCORE = "min_score", "Issues at or above a score"

    year = models.ForeignKey(CycleYear, on_delete=models.CASCADE, related_name="rounds")
    name = models.CharField(max_length=200)
    matrix = models.ForeignKey(Matrix, on_delete=models.PROTECT, related_name="rounds")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    deadline = models.DateField()
    divergence_range = models.PositiveSmallIntegerField(
        default=3,
        help_text="Flag a criterion when scorers' values differ by this much or more.",
    )
    threshold_kind = models.CharField(
        max_length=10, choices=Threshold.choices, default=Threshold.TOP_N
    )
    threshold_value = models.PositiveIntegerField(
        default=5, help_text="N issues, or the minimum agreed total."
    )
    issues = models.ManyToManyField(Issue, related_name="rounds", blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Bumped in the same transaction as every change to the round's scores, sheets or
    # interests (scoring/round_cache.py): the key of the cached leave-one-out figures.
    version = models.PositiveIntegerField(default=0, editable=False)

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        partnership = self.year.cycle.partnership
        return reverse("scoring:round", kwargs={"slug": partnership.slug, "round_id": self.pk})


class Assignment(models.Model):
    """A scorer asked to score one issue in a round."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="assignments")
    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="+")
    scorer = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="assignments")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "issue", "scorer"], name="one_assignment_each"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scorer} scores {self.issue}"


class ScoreSheet(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="sheets")
    scorer = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="sheets")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "scorer"], name="one_sheet_per_scorer"),
        ]

    def __str__(self) -> str:
        return f"{self.scorer.display_name}'s sheet for {self.round}"


class Score(models.Model):
    """One scorer's value for one issue and criterion. Empty value and not_known False
    means not answered yet; not_known True means the scorer said they do not know.

    Confidence is left empty ("not stated") unless the scorer marks it: most values are
    given without doubt, and asking for a mark on every one of a sheet's 640 cells
    would cost scorers time for nothing. Recording "high" for a value nobody marked
    would claim something the scorer never said."""

    class Confidence(models.TextChoices):
        HIGH = "high", "High"
        MEDIUM = "medium", "Medium"
        LOW = "low", "Low"

    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="scores")
    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="+")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    value = models.SmallIntegerField(null=True, blank=True)
    not_known = models.BooleanField(default=False)
    note = models.TextField(blank=True)
    confidence = models.CharField(
        max_length=6, choices=Confidence.choices, blank=True, help_text="Empty: not stated."
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["sheet", "issue", "criterion"], name="one_score_per_cell"
            ),
            models.CheckConstraint(
                condition=~(models.Q(not_known=True) & models.Q(value__isnull=False)),
                name="not_known_has_no_value",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.issue}, {self.criterion}: {'not known' if self.not_known else self.value}"


class Interest(models.Model):
    """A scorer's declared interest in one issue of a round (their agency runs the
    service concerned, say). While it stands their scores for the issue are not asked
    for and are left out of its moderation and the ranking. Withdrawing it deletes the
    row; the history keeps both."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="interests")
    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="+")
    scorer = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="interests")
    reason = models.CharField(max_length=300)
    declared_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "issue", "scorer"], name="one_interest_per_scorer_and_issue"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scorer} declared an interest in {self.issue}"


class AgreedScore(models.Model):
    """The moderated value for one issue and criterion in a closed round."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="agreed")
    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="+")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    value = models.SmallIntegerField(null=True, blank=True)
    not_known = models.BooleanField(default=False)
    rationale = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "issue", "criterion"], name="one_agreed_score_per_cell"
            ),
        ]

    def __str__(self) -> str:
        return f"Agreed {self.issue}, {self.criterion}: {self.value}"
