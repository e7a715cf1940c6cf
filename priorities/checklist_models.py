"""The compliance checklists: a versioned template loaded from
priorities/checklists/*.yaml (seed 003's minimum standards among them), its
requirements, a year's run of one template and the run's items, one per requirement.
Kept in their own module; Django finds them through priorities.models."""

from django.db import models
from simple_history.models import HistoricalRecords

from cycles.models import CycleYear
from partnerships.models import Membership


class ChecklistTemplate(models.Model):
    """A versioned checklist loaded from priorities/checklists/*.yaml."""

    key = models.SlugField(max_length=60)
    version = models.PositiveIntegerField()
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    # Keys of checklists this one takes over: their versions stay for runs already
    # started, but a new run is offered only this one.
    replaces = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["key", "version"], name="unique_checklist_version"),
        ]

    def __str__(self) -> str:
        return f"{self.name} (version {self.version})"


class Requirement(models.Model):
    """One line of a checklist. In seed 003's layout `section` is the stage, `kind` says
    whether it is a statutory line or a hallmark question, and `seed_ref` names the seed
    line it comes from."""

    class Kind(models.TextChoices):
        STATUTORY = "statutory", "Statutory duty"
        HALLMARK = "hallmark", "Hallmark question"

    class CitationStatus(models.TextChoices):
        NONE = "", "No citation"
        VERIFIED = "verified", "Verified"
        TO_CHECK = "to_check", "To check"

    template = models.ForeignKey(
        ChecklistTemplate, on_delete=models.CASCADE, related_name="requirements"
    )
    position = models.PositiveSmallIntegerField()
    section = models.CharField(max_length=120)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.STATUTORY)
    hallmark = models.CharField(max_length=120, blank=True)
    seed_ref = models.CharField(max_length=60, blank=True)
    text = models.TextField()
    citation = models.CharField(max_length=200, blank=True)
    citation_status = models.CharField(max_length=10, choices=CitationStatus.choices, blank=True)
    checked_against = models.CharField(max_length=300, blank=True)
    law_note = models.TextField(blank=True)
    # Why the line is no longer asked (a body since abolished, a duty since repealed);
    # such a line stays visible but is not counted as outstanding.
    not_asked = models.TextField(blank=True)
    suggested_action = models.TextField(blank=True)

    class Meta:
        ordering = ["template", "position"]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def place(self) -> str:
        """Where the line sits in the 2007 checklist, as users read it: "Stage 1, line 1"."""
        place = self.seed_ref.removeprefix("003 ")
        return place[:1].upper() + place[1:]

    # Loaded wording never changes, and version 2 speaks of "the seed"; pages say what it
    # was, the 2007 minimum standards, in plain words.
    @property
    def text_shown(self) -> str:
        return _plain(self.text)

    @property
    def law_note_shown(self) -> str:
        return _plain(self.law_note)

    @property
    def not_asked_shown(self) -> str:
        return _plain(self.not_asked)


SEED_WORDS = [
    ("The seed points", "The 2007 standards point"),
    ("The seed repeats", "The 2007 standards repeat"),
    ("The seed", "The 2007 standards"),
    ("the seed", "the 2007 standards"),
]


def _plain(text: str) -> str:
    for seed, plain in SEED_WORDS:
        text = text.replace(seed, plain)
    return text


class ChecklistRun(models.Model):
    year = models.ForeignKey(CycleYear, on_delete=models.CASCADE, related_name="checklist_runs")
    template = models.ForeignKey(ChecklistTemplate, on_delete=models.PROTECT, related_name="runs")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year__starts_on", "template__name"]
        constraints = [
            models.UniqueConstraint(fields=["year", "template"], name="one_run_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.template.name}, {self.year.label}"


class ChecklistItem(models.Model):
    class Rag(models.TextChoices):
        NOT_ASSESSED = "not_assessed", "Not assessed"
        RED = "red", "Red"
        AMBER = "amber", "Amber"
        GREEN = "green", "Green"

    class StatusKey(models.TextChoices):
        """Seed 003's five-value key, then the values this service adds (OUR_STATUS_KEYS),
        which pages and workbooks mark as ours."""

        NONE = "", "None"
        TERMS_OF_REFERENCE = "terms_of_reference", "Terms of reference"
        PRIMARY_CARE_TRUST = "primary_care_trust", "Primary care trust"
        AWAITING_EXTERNAL = "awaiting_external", "Awaiting external bodies"
        FOR_CSP = "for_csp", "For consideration by the CSP"
        DELIVERY_PLAN = "delivery_plan", "Delivery plan"
        IN_PLACE = "in_place", "In place (our addition)"

    OUR_STATUS_KEYS = frozenset({StatusKey.IN_PLACE})

    run = models.ForeignKey(ChecklistRun, on_delete=models.CASCADE, related_name="items")
    requirement = models.ForeignKey(Requirement, on_delete=models.PROTECT, related_name="+")
    action = models.TextField(blank=True)
    development = models.TextField("Developments", blank=True)
    rag = models.CharField("RAG status", max_length=12, choices=Rag.choices, default="not_assessed")
    status_key = models.CharField(max_length=20, choices=StatusKey.choices, blank=True)
    owner = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_on = models.DateField(null=True, blank=True)
    evidence_link = models.URLField(blank=True)
    evidence_file = models.FileField(upload_to="checklist-evidence/%Y/", blank=True)
    # Set when the retention run deletes the evidence file.
    evidence_deleted_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["run", "requirement__position"]

    def __str__(self) -> str:
        return str(self.requirement)

    def is_complete(self) -> bool:
        return self.rag == self.Rag.GREEN
