"""Assessment reports: their sections and narrative, and every render of them to PDF."""

from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from cycles.models import CycleYear
from partnerships.models import Membership, Partnership

from . import rules


class Report(models.Model):
    class Kind(models.TextChoices):
        FULL = "full", "Full strategic assessment"
        REFRESH = "refresh", "Refresh executive summary"
        PUBLIC = "public", "Public summary"
        SNA = "sna", "Serious violence strategic needs assessment"

    year = models.ForeignKey(CycleYear, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    title = models.CharField(max_length=200)
    authors = models.CharField(max_length=300, blank=True)
    protective_marking = models.CharField(max_length=40, default="OFFICIAL")
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )
    analysis_end = models.DateField(
        null=True,
        blank=True,
        help_text="The last month of the analysis period (its first day). Empty: the "
        "latest month with data.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year__starts_on", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["year", "kind"], name="one_report_of_each_kind"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        slug = self.year.cycle.partnership.slug
        return reverse("reports:report", kwargs={"slug": slug, "report_id": self.pk})


class Section(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="sections")
    key = models.SlugField(max_length=60)
    title = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField()
    narrative = models.TextField(blank=True, help_text="Markdown: headings, lists, tables, links.")
    # Which statutory components (reports.rules.COMPONENTS keys) this section's
    # narrative addresses, as the writer ticked them.
    components = models.JSONField(default=list, blank=True)
    internal = models.BooleanField(
        default=False, help_text="Internal sections are left out of the public summary."
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "position"]
        constraints = [
            models.UniqueConstraint(fields=["report", "key"], name="unique_section_key"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        slug = self.report.year.cycle.partnership.slug
        return reverse(
            "reports:section",
            kwargs={"slug": slug, "report_id": self.report_id, "key": self.key},
        )


class RenderRun(models.Model):
    """One request to render a report. A worker claims it with a conditional update and
    a claim that expires, so a worker killed mid-render leaves it to be picked up again."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RENDERING = "rendering", "Rendering"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="runs")
    requested_by = models.ForeignKey(
        Membership, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField()

    class State(models.TextChoices):
        # Seed 000's order: a draft for feedback, the final version that proposes the
        # priorities and goes to the board, then the assessment the board agreed.
        DRAFT = rules.DRAFT, "Draft"
        FINAL = rules.FINAL, "Final version for the board"
        AGREED = rules.AGREED, "Agreed assessment"

    version = models.PositiveIntegerField(help_text="Numbered from 1 within the report.")
    state = models.CharField(
        max_length=8,
        choices=State.choices,
        default=State.DRAFT,
        help_text="Drafts carry the DRAFT mark, the final version the board's proposal "
        "mark; the agreed assessment carries neither and cites the board's decision.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    stage = models.CharField(max_length=60, blank=True)
    progress = models.PositiveSmallIntegerField(default=0)
    attempts = models.PositiveSmallIntegerField(default=0)
    claim_expires_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    pdf = models.FileField(upload_to="reports/%Y/", blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    pages = models.PositiveIntegerField(null=True, blank=True)
    size = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["report", "version"], name="unique_report_version"),
        ]

    def __str__(self) -> str:
        return f"{self.report} version {self.version} ({self.status})"

    @property
    def label(self) -> str:
        """How the version is named on screen and in board decisions."""
        return rules.version_label(
            self.report.get_kind_display(), self.version, self.state, self.report.kind
        )

    @property
    def state_name(self) -> str:
        """The version's state as named on screen: "draft", "final version for the
        board", "agreed assessment" (or "agreed summary" for the public summary)."""
        return rules.state_name(self.report.kind, self.state)

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class BoardPaper(models.Model):
    """A final version sent to a board meeting: the paper put on its agenda, who sent
    it and when. The agenda item lives with the meeting (priorities); this is the
    reports side of it, since priorities never looks at reports."""

    run = models.ForeignKey(RenderRun, on_delete=models.CASCADE, related_name="papers")
    meeting = models.ForeignKey("priorities.Meeting", on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey(
        "priorities.Item",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The agenda item the version was put on.",
    )
    sent_by = models.ForeignKey(Membership, null=True, on_delete=models.SET_NULL, related_name="+")
    sent_at = models.DateTimeField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["run", "meeting"], name="one_paper_per_meeting"),
        ]

    def __str__(self) -> str:
        return f"{self.run} sent to {self.meeting}"


class Publication(models.Model):
    """What the public reads of a partnership's assessment: the agreed version of a
    public summary, put on its public page by an analyst or admin, or nothing once
    withdrawn. One row per partnership; publishing a newer version replaces the run,
    and the row's history keeps every publishing and withdrawal, who and when."""

    partnership = models.OneToOneField(Partnership, on_delete=models.CASCADE, related_name="+")
    run = models.ForeignKey(
        RenderRun,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The agreed public summary the public reads; empty once withdrawn.",
    )
    published_by = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"The public summary of {self.partnership}: {self.run or 'nothing published'}"


class Comment(models.Model):
    """A board member's or partner's comment on one section of a draft."""

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="comments")
    run = models.ForeignKey(
        RenderRun,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comments",
        help_text="The version the comment was made on.",
    )
    author = models.ForeignKey(Membership, null=True, on_delete=models.SET_NULL, related_name="+")
    for_group = models.ForeignKey(
        "priorities.Group",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comments",
        help_text="The group the author comments for, when a group reviews the draft.",
    )
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    resolved = models.BooleanField(default=False)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Comment on {self.section}"
