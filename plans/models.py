"""The partnership plan: the strategy the responsible authorities carry out to meet
the priorities the strategic assessment found (SI 2007/1830, regulations 10 and 11).
A county's version of it is the community safety agreement (regulation 9): the same
record, named and cited as `rules.document` says, which also lists the priorities
the districts escalated to the county.

The plan is kept as numbered versions. A draft is written from the board's agreed
priorities (their leads, KPIs and actions, copied in as plain values) and the
sections the analyst writes. The board's decision on a version is recorded at a
meeting (`PlanDecision`, with a frozen copy of what it read); once agreed the version
is frozen, may be published, sent to the police and crime commissioner
(`PlanSending`) and rendered to PDF (`PlanRender`). Each annual revision is the next
version, copied from the last agreed one."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from cycles.models import CycleYear
from partnerships.models import Agency, Membership, Partnership
from priorities.models import Item, PaperDecision, VersionedPaper
from priorities.rules import cycle_span

from . import rules

# Years a version covers. Usually three, revised each year (to check: see rules.py);
# many partnerships now run four-year or rolling plans, so each version sets its own.
PLAN_YEARS = 3
MOST_PLAN_YEARS = 5


class Plan(VersionedPaper):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="plans")
    year = models.ForeignKey(
        CycleYear,
        on_delete=models.PROTECT,
        related_name="plans",
        help_text="The year this version starts from: its priorities are the ones in force.",
    )
    years = models.PositiveSmallIntegerField(
        default=PLAN_YEARS,
        validators=[MinValueValidator(1), MaxValueValidator(MOST_PLAN_YEARS)],
        help_text="How many years the version covers, from the year it starts.",
    )
    summary = models.TextField(
        blank=True, help_text="The strategy in brief: what the partnership will do and why."
    )
    engagement = models.TextField(
        blank=True, help_text="How the partnership will engage its communities."
    )
    involvement = models.TextField(
        blank=True,
        help_text="How far people are involved in reducing crime, disorder and substance misuse.",
    )
    # Copied in as plain values, so a version keeps the priorities it was written from.
    priorities = models.JSONField(default=list, blank=True)
    # A county's agreement: the districts' escalated priorities it adopted and agreed,
    # each naming its district; plain values, as the priorities are. Empty elsewhere.
    escalations = models.JSONField(default=list, blank=True)
    resources = models.JSONField(
        default=list, blank=True, help_text="What each partner commits: agency, commitment."
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "version"], name="one_plan_per_version"),
        ]

    def __str__(self) -> str:
        return f"{self.document().title} {self.period_label}, version {self.version}"

    def get_absolute_url(self) -> str:
        return reverse("plans:plan", kwargs={"slug": self.partnership.slug, "plan_id": self.pk})

    def document(self) -> rules.Document:
        """What this partnership's document is called and the law it cites."""
        return rules.document(self.partnership.kind)

    @property
    def first_year(self) -> int:
        return self.year.starts_on.year

    @property
    def period_label(self) -> str:
        """The years the version covers, as 2026 to 2029."""
        return f"{self.first_year} to {self.first_year + self.years}"

    @property
    def span(self) -> str:
        """The period in words, as "the three years 2026 to 2029"."""
        return cycle_span(self.first_year, self.first_year + self.years, self.years)

    def is_published(self) -> bool:
        return self.published_at is not None


class PlanDecision(PaperDecision):
    """The board's decision on one version of the plan, taken at an agenda item."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="decisions")
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="plan_decisions")
    snapshot = models.JSONField(help_text="The plan the board read, frozen at the time.")
    history = HistoricalRecords()

    class Meta(PaperDecision.Meta):
        constraints = [
            models.UniqueConstraint(fields=["item", "plan"], name="one_plan_decision_per_item"),
        ]

    def __str__(self) -> str:
        return f"{self.plan}: {self.get_outcome_display()}"


class PlanSending(models.Model):
    """A record that a version was sent to the police and crime commissioner."""

    class Method(models.TextChoices):
        EMAIL = "email", "Email"
        LETTER = "letter", "Letter"
        BY_HAND = "by_hand", "By hand at a meeting"
        PORTAL = "portal", "The commissioner's online portal"

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="sendings")
    sent_on = models.DateField()
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_to = models.CharField(max_length=200, help_text="The person or office it went to.")
    method = models.CharField(max_length=10, choices=Method.choices)
    sent_by = models.ForeignKey(Membership, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-sent_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.plan} sent to {self.sent_to} on {self.sent_on}"


class PlanRender(models.Model):
    """One request to render a version's PDF. Claimed by a worker with a conditional
    update and a claim that expires, as report renders are (reports.services)."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RENDERING = "rendering", "Rendering"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="renders")
    requested_by = models.ForeignKey(
        Membership, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    stage = models.CharField(max_length=60, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    claim_expires_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    pdf = models.FileField(upload_to="plans/%Y/", blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    pages = models.PositiveIntegerField(null=True, blank=True)
    size = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"PDF of {self.plan} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
