"""The assessment cycle: its years, each year's stages, and the activities in each stage."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from simple_history.models import HistoricalRecords

from partnerships.models import Membership, Partnership

from . import rules


class Cycle(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="cycles")
    name = models.CharField(max_length=200)
    template_key = models.CharField(max_length=60)
    template_version = models.PositiveIntegerField()
    start_year = models.PositiveIntegerField(
        help_text="The calendar year in which the first financial year starts."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start_year", "name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="unique_cycle_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("cycles:detail", kwargs={"slug": self.partnership.slug, "cycle_id": self.pk})


class Period(models.Model):
    """A span of whole days, first and last included: a cycle's year, a year's stage."""

    starts_on = models.DateField()
    ends_on = models.DateField()
    summary = models.TextField(blank=True)

    class Meta:
        abstract = True

    @staticmethod
    def ends_after_start(name: str) -> models.CheckConstraint:
        return models.CheckConstraint(
            condition=models.Q(ends_on__gte=models.F("starts_on")), name=name
        )

    def contains(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on


class CycleYear(Period):
    class Kind(models.TextChoices):
        FULL = "full", "Full assessment"
        INTERIM = "interim", "Interim year"
        REFRESH = "refresh", "Refresh"
        ANNUAL = "annual", "Annual assessment"

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="years")
    number = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=10, choices=Kind.choices)

    class Meta:
        ordering = ["cycle", "number"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "number"], name="unique_year_number"),
            Period.ends_after_start("year_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"Year {self.number}: {self.label}"

    @property
    def label(self) -> str:
        """Financial-year style label, like 2026-27."""
        if self.starts_on.year == self.ends_on.year:
            return str(self.starts_on.year)
        return f"{self.starts_on.year}-{self.ends_on.year % 100:02d}"


class Stage(Period):
    class Kind(models.TextChoices):
        CONSULTATION = "consultation", "Consultation"
        ANALYSIS = "analysis", "Analysis"
        REPORTS = "reports", "Reports"

    year = models.ForeignKey(CycleYear, on_delete=models.CASCADE, related_name="stages")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Order within the year: consultation, analysis, reports."
    )

    class Meta:
        ordering = ["year", "position"]
        constraints = [
            models.UniqueConstraint(fields=["year", "kind"], name="one_stage_of_each_kind"),
            Period.ends_after_start("stage_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, year {self.year.number}"

    def spans_year(self) -> bool:
        """True when the window is the whole year ("throughout the year")."""
        return self.starts_on <= self.year.starts_on and self.ends_on >= self.year.ends_on

    def activity_due_window(self) -> tuple[date, date]:
        """The first and last dates one of its activities may be due on
        (`rules.activity_due_window`)."""
        year = self.year
        return rules.activity_due_window(year.starts_on, year.ends_on, self.starts_on, self.ends_on)


class Activity(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="activities")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    owner = models.ForeignKey(
        Membership,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
    )
    due_on = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_on", "title"]
        verbose_name_plural = "activities"

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today: date) -> bool:
        return self.status != self.Status.DONE and self.due_on < today


class Theme(models.Model):
    """One of the partnership's themes, under which issues on the long list are filed.

    An issue keeps its theme's name (`Issue.theme`), so everything that reads an issue's
    theme reads plain text; `services.save_issue` takes only a name from this list, and
    `services.rename_theme` carries a new name (or a merge) to every issue.
    """

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="themes")
    name = models.CharField(max_length=100)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                "partnership", Lower("name"), name="unique_theme_name_per_partnership"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Issue(models.Model):
    """An issue on a year's long list: what the partnership scores and may prioritise."""

    class Source(models.TextChoices):
        CARRIED_OVER = "carried_over", "Carried over from last cycle"
        EMERGING = "emerging", "Emerging issue"
        PARTNER = "partner", "Partner suggestion"
        NEW = "new", "New this year"

    class Pestelo(models.TextChoices):
        POLITICAL = "political", "Political"
        ECONOMIC = "economic", "Economic"
        SOCIAL = "social", "Social"
        TECHNOLOGICAL = "technological", "Technological"
        ENVIRONMENTAL = "environmental", "Environmental"
        LEGAL = "legal", "Legal"
        ORGANISATIONAL = "organisational", "Organisational"

    year = models.ForeignKey(CycleYear, on_delete=models.CASCADE, related_name="issues")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    theme = models.CharField(
        max_length=100,
        blank=True,
        help_text="One of the partnership's themes, such as victims, offenders or locations.",
    )
    lead_agency = models.ForeignKey(
        "partnerships.Agency", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    pestelo = models.JSONField(default=list, blank=True, help_text="Horizon-scanning factors.")
    pestelo_note = models.TextField("PESTELO note", blank=True)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.NEW)
    # The Serious Violence Duty's strand (PCSC Act 2022 s.8; see docs/serious-violence.md).
    serious_violence = models.BooleanField(
        "Serious violence",
        default=False,
        help_text="Part of the serious violence strand: scored like any other issue and "
        "read by the strategic needs assessment.",
    )
    carried_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="carried_to"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["year", "title"], name="unique_issue_title_per_year"),
        ]

    def __str__(self) -> str:
        return self.title

    def pestelo_labels(self) -> list[str]:
        labels = dict(self.Pestelo.choices)
        return [labels.get(tag, tag) for tag in self.pestelo]


class CalendarFeed(models.Model):
    """A person's private calendar link (/calendar/<key><secret>.ics), across every
    partnership they belong to. `key` finds the row; `secret` is the proof, compared in
    constant time. Resetting replaces both, so the old link stops working at once."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    key = models.CharField(max_length=16, unique=True)
    secret = models.CharField(max_length=64)
    created_at = models.DateTimeField(help_text="When this link was made or last reset.")

    def __str__(self) -> str:
        return f"Calendar link for {self.user}"

    @property
    def token(self) -> str:
        return f"{self.key}{self.secret}"
