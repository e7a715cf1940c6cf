"""Priorities and the board: proposals, meetings and decisions (with a frozen snapshot),
leads and KPIs, actions and their follow-up, the six-month review, and the statutory
compliance checklists."""

from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from csp_assessment.dates import day
from cycles.models import CycleYear, Issue
from partnerships.models import Agency, Membership, Partnership


class Priority(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        AGREED = "agreed", "Agreed"
        NOT_AGREED = "not_agreed", "Not agreed"
        DEFERRED = "deferred", "Deferred"

    # What the board may still decide on: proposed, or deferred at an earlier meeting.
    UNDECIDED = (Status.PROPOSED, Status.DEFERRED)

    class Kind(models.TextChoices):
        PRIORITY = "priority", "Priority"
        FOCUS_AREA = "focus_area", "Focus area"

    # The year the priority was proposed and decided in. Once agreed it belongs to the
    # whole cycle: it stays in force in the cycle's later years (see
    # selectors.cycle_priorities) until the board retires it (`ended_in`).
    year = models.ForeignKey(CycleYear, on_delete=models.CASCADE, related_name="priorities")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.PRIORITY)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="focus_areas",
        help_text="For a focus area: the cycle's priority it sits under.",
    )
    ended_in = models.ForeignKey(
        CycleYear,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The year from which the board retired it; it no longer counts from then.",
    )
    title = models.CharField(max_length=200)
    emphasis = models.CharField(
        max_length=300, blank=True, help_text="For example: emphasis on repeat victims."
    )
    rationale = models.TextField(blank=True, help_text="Why the partnership should choose it.")
    issues = models.ManyToManyField(Issue, related_name="priorities", blank=True)
    lead = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="led_priorities"
    )
    lead_agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_kpis = models.TextField(
        "Proposed KPIs", blank=True, help_text="One measure a line, as the board will read them."
    )
    continues = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="continued_by",
        help_text="Last cycle's priority this one carries on, if any.",
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PROPOSED)
    # Issue 13: an objective of the serious violence strategy (PCSC Act 2022 s.8(3)(c)).
    serious_violence = models.BooleanField("Serious violence strategy objective", default=False)
    position = models.PositiveSmallIntegerField(default=0)
    published = models.BooleanField(default=False)
    escalate_to_county = models.BooleanField(default=False)
    escalation_reason = models.TextField(blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    adopted_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="adoptions",
        help_text="The district priority a county priority was adopted from.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Other plans' objectives it serves (police and crime plan, corporate plan ...).
    objectives = models.ManyToManyField(
        "priorities.Objective", related_name="priorities", blank=True
    )
    history = HistoricalRecords(m2m_fields=[issues, objectives])

    class Meta:
        ordering = ["year", "position", "pk"]
        verbose_name_plural = "priorities"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "priorities:priority",
            kwargs={"slug": self.year.cycle.partnership.slug, "priority_id": self.pk},
        )

    @property
    def display_title(self) -> str:
        return f"{self.title} – {self.emphasis}" if self.emphasis else self.title

    def is_agreed(self) -> bool:
        return self.status == self.Status.AGREED

    def is_carried_over(self) -> bool:
        """Proposed again from an earlier cycle's priority (the carry-over)."""
        return self.continues_id is not None

    def is_focus_area(self) -> bool:
        return self.kind == self.Kind.FOCUS_AREA


class Meeting(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(max_length=200, default="Partnership board")
    held_on = models.DateField()
    location = models.CharField(max_length=200, blank=True)
    attendees = models.TextField(blank=True, help_text="One person a line, with their agency.")
    apologies = models.TextField(blank=True, help_text="One person a line, with their agency.")
    group = models.ForeignKey(
        "priorities.Group",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="meetings",
        help_text="The group that meets; none for the board.",
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.title}, {day(self.held_on)}"

    def is_closed(self) -> bool:
        return self.closed_at is not None

    def takes_board_decisions(self, today) -> bool:
        """Whether the board's decisions can be recorded at this meeting now: one of the
        board's own (not a group's), still open, and taken place (or taking place
        `today`). The services refuse each case with its own message."""
        return self.group_id is None and not self.is_closed() and self.has_happened(today)

    def has_happened(self, today) -> bool:
        """Whether the meeting has taken place, or is taking place `today`: only then
        can the board's decisions be recorded against it."""
        return self.held_on <= today

    def attendee_list(self) -> list[str]:
        return [line.strip() for line in self.attendees.splitlines() if line.strip()]

    def apology_list(self) -> list[str]:
        return [line.strip() for line in self.apologies.splitlines() if line.strip()]


class Item(models.Model):
    """An agenda item. Every item ends in decisions on actions (seed 004)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    outcome = models.TextField(
        blank=True, help_text="What the board decided to do about this item."
    )

    class Meta:
        ordering = ["meeting", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class Decision(models.Model):
    class Outcome(models.TextChoices):
        AGREED = "agreed", "Agreed"
        AGREED_WITH_AMENDMENTS = "agreed_with_amendments", "Agreed with amendments"
        NOT_AGREED = "not_agreed", "Not agreed"
        DEFERRED = "deferred", "Deferred"

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="decisions")
    priority = models.ForeignKey(Priority, on_delete=models.PROTECT, related_name="decisions")
    outcome = models.CharField(max_length=30, choices=Outcome.choices)
    minute = models.TextField()
    snapshot = models.JSONField(help_text="What the board decided on, frozen at the time.")
    # Reports do not exist yet: when they do, this records the draft the board read.
    decided_by = models.ForeignKey(
        Membership, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["decided_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["item", "priority"], name="one_decision_per_item"),
        ]

    def __str__(self) -> str:
        return f"{self.priority}: {self.get_outcome_display()}"

    def approves(self) -> bool:
        return self.outcome in (self.Outcome.AGREED, self.Outcome.AGREED_WITH_AMENDMENTS)


class VersionedPaper(models.Model):
    """A paper kept as numbered versions (the terms of reference, the partnership
    plan): a draft is edited; once the board agrees it (`approved_at`) it is frozen,
    and a change starts the next version."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        APPROVED = "approved", "Agreed by the board"

    version = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    approved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class PaperDecision(models.Model):
    """The board's decision on a paper it read at an agenda item (a version of the
    terms of reference or of the partnership plan, the six-month review). Each paper's
    decision adds the paper, the `item` and the `snapshot` of what the board read."""

    outcome = models.CharField(max_length=30, choices=Decision.Outcome.choices)
    minute = models.TextField()
    recorded_by = models.ForeignKey(
        Membership, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField()

    class Meta:
        abstract = True
        ordering = ["decided_at", "pk"]

    def approves(self) -> bool:
        return self.outcome in (Decision.Outcome.AGREED, Decision.Outcome.AGREED_WITH_AMENDMENTS)

    @classmethod
    def last_approval(cls, paper: str, version: int, **series):
        """The board's agreement of the newest approved version before `version` of
        the paper (the foreign key `paper`) in `series` (lookups on the decision)."""
        approved = cls._meta.get_field(paper).related_model.Status.APPROVED
        return (
            cls.objects.filter(
                **series,
                **{f"{paper}__version__lt": version, f"{paper}__status": approved},
                outcome__in=[Decision.Outcome.AGREED, Decision.Outcome.AGREED_WITH_AMENDMENTS],
            )
            .select_related(paper, "item__meeting")
            .order_by(f"-{paper}__version", "-decided_at")
            .first()
        )


class KPI(models.Model):
    class Direction(models.TextChoices):
        UP = "up", "Higher is better"
        DOWN = "down", "Lower is better"

    class Period(models.TextChoices):
        MONTH = "month", "Monthly"
        QUARTER = "quarter", "Quarterly"
        YEAR = "year", "Yearly"

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="kpis")
    name = models.CharField(max_length=200)
    unit = models.CharField(max_length=40, blank=True, help_text="For example: %, incidents.")
    baseline = models.DecimalField(max_digits=12, decimal_places=2)
    target = models.DecimalField(max_digits=12, decimal_places=2)
    direction = models.CharField(max_length=4, choices=Direction.choices)
    period = models.CharField(max_length=8, choices=Period.choices, default=Period.QUARTER)
    history = HistoricalRecords()

    class Meta:
        ordering = ["priority", "pk"]
        verbose_name = "KPI"

    def __str__(self) -> str:
        return self.name


class KPIValue(models.Model):
    kpi = models.ForeignKey(KPI, on_delete=models.CASCADE, related_name="values")
    period_ending = models.DateField()
    value = models.DecimalField(max_digits=12, decimal_places=2)
    note = models.CharField(max_length=300, blank=True)
    entered_by = models.ForeignKey(
        Membership, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["kpi", "period_ending"]
        constraints = [
            models.UniqueConstraint(fields=["kpi", "period_ending"], name="one_value_per_period"),
        ]

    def __str__(self) -> str:
        return f"{self.kpi}: {self.value} to {self.period_ending}"


class Action(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        DROPPED = "dropped", "Dropped"

    OPEN_STATUSES = (Status.OPEN, Status.IN_PROGRESS)

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="actions")
    item = models.ForeignKey(
        Item, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    priority = models.ForeignKey(
        Priority, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    title = models.CharField(max_length=300)
    owner = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    owner_agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    owner_group = models.ForeignKey(
        "priorities.Group",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
        help_text="The group that owns the action, as well as or instead of a person.",
    )
    due_on = models.DateField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    partner_response = models.TextField(
        blank=True, help_text="How partner organisations responded to the board's request."
    )
    raised_on = models.DateField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.title

    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class ActionUpdate(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    written_on = models.DateField()
    note = models.TextField()
    author = models.ForeignKey(Membership, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["action", "-written_on", "-pk"]

    def __str__(self) -> str:
        return f"Update on {self.action} ({self.written_on})"


class YouSaidWeDid(models.Model):
    """A public page for one consultation: what people said, and what the board decided
    and did. Drafted from the survey's results and the recorded decisions; the analyst
    edits it before publishing.

    The title, said, did and questions fields are the working copy, always editable.
    Publishing copies them into the public_* fields, which are all the public sees, so
    a published page can be revised in draft and the revision published over it."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    survey = models.OneToOneField(
        "consultation.Survey", on_delete=models.CASCADE, related_name="you_said_we_did"
    )
    title = models.CharField(max_length=200)
    said = models.TextField("You said", help_text="What people told us, in plain words.")
    did = models.TextField("We did", help_text="What the board decided and what followed.")
    questions = models.JSONField(
        default=list, blank=True, help_text="The survey questions whose counts are published."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The published version: what the public page shows.
    public_title = models.CharField(max_length=200, blank=True)
    public_said = models.TextField(blank=True)
    public_did = models.TextField(blank=True)
    public_questions = models.JSONField(default=list, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "you said, we did page"

    def __str__(self) -> str:
        return self.title

    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def has_unpublished_changes(self) -> bool:
        """Published, and the working copy differs from what the public sees."""
        return self.is_published() and (
            (self.title, self.said, self.did, sorted(self.questions))
            != (self.public_title, self.public_said, self.public_did, sorted(self.public_questions))
        )


# Models kept in modules of their own, imported here so Django finds them with the
# app's models and `from priorities.models import X` works for every one of them.
# The compliance checklists.
from .checklist_models import (  # noqa: E402, F401
    ChecklistItem,
    ChecklistRun,
    ChecklistTemplate,
    Requirement,
)

# The groups around the board.
from .group_models import DecisionRequest, Group  # noqa: E402, F401

# Other plans' objectives a priority serves live in their own module.
from .objective_models import Objective  # noqa: E402, F401

# The six-month review (issue 13) lives in its own module; Django finds it through here.
from .review_models import ReminderSent, Review, ReviewDecision, ReviewPriority  # noqa: E402, F401

# Terms of reference (issue 14).
from .terms_models import TermsDecision, TermsOfReference  # noqa: E402, F401
