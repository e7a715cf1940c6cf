"""Datasets (police street-level crime, partner tables), their imports, and the small
summary rows pages read. The detailed aggregates live in one Parquet file per dataset
(see docs/analysis.md for why)."""

from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from cycles.models import Issue
from partnerships.models import District, Membership, Partnership


class DatasetQuerySet(models.QuerySet):
    def shown(self) -> "DatasetQuerySet":
        """The datasets people choose from and read. A name whose every upload was
        refused stays out of sight: the refusal said nothing changed. The next upload
        under that name takes it up."""
        refused = Upload.objects.filter(dataset=models.OuterRef("pk"))
        return self.filter(
            ~models.Exists(refused.filter(status=Upload.Status.FAILED))
            | models.Exists(refused.exclude(status=Upload.Status.FAILED))
        )


class Dataset(models.Model):
    class Kind(models.TextChoices):
        POLICE_STREET = "police_street", "data.police.uk street-level crime"
        PARTNER = "partner", "Partner data"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="datasets")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    name = models.CharField(max_length=120)
    # Relative to MEDIA_ROOT. Each import writes a new file and points here only when
    # its transaction commits, so a reader never sees a half-written file and an
    # import that fails leaves the previous file in place.
    aggregate_path = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DatasetQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="unique_dataset_name"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_police(self) -> bool:
        return self.kind == self.Kind.POLICE_STREET


class Upload(models.Model):
    """One upload of one or more files: the run row the import task claims."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting for a worker"
        RUNNING = "running", "Importing"
        DONE = "done", "Imported"
        FAILED = "failed", "Refused"
        # Read and checked, but its rows' months do not match its file names: nothing
        # is counted until an analyst confirms the months (or undoes the upload).
        HELD = "held", "Waiting for you to check the months"
        UNDONE = "undone", "Undone"

    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="uploads")
    uploaded_by = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    # [{"name": original file name, "path": relative to MEDIA_ROOT, "size": bytes}]
    files = models.JSONField(default=list)
    # For partner data: which column holds what ({"date": ..., "area": ..., ...}).
    column_mapping = models.JSONField(default=dict, blank=True)
    progress = models.PositiveSmallIntegerField(default=0)
    progress_note = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True)
    # The summary the analyst sees at the end.
    rows_read = models.PositiveIntegerField(default=0)
    rows_in_area = models.PositiveIntegerField(default=0)
    rows_outside = models.PositiveIntegerField(default=0)
    rows_no_location = models.PositiveIntegerField(default=0)
    months = models.JSONField(default=list)
    forces = models.JSONField(default=list)
    categories = models.JSONField(default=list)
    outside_areas = models.JSONField(default=dict)
    replaced_months = models.JSONField(default=list)
    # Files whose rows are not for the one month their name gives:
    # [{"file": name, "named": "2016-11" or None, "rows": {"2019-03": 433}}]
    month_warnings = models.JSONField(default=list, blank=True)
    months_confirmed_by = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    months_confirmed_at = models.DateTimeField(null=True, blank=True)
    # This upload's own counts (relative to MEDIA_ROOT), kept so that undoing another
    # upload can rebuild the months they share without reading the files again.
    counts_path = models.CharField(max_length=300, blank=True)
    # Set when the retention run deletes the uploaded files; the record of the import
    # and its counts stay.
    files_deleted_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The worker's claim: which attempt holds the upload, and until when. A worker
    # killed mid-import leaves its claim to expire; the sweep then queues it again.
    attempts = models.PositiveSmallIntegerField(default=0)
    claim_expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Upload {self.pk} to {self.dataset} ({self.status})"

    def get_absolute_url(self) -> str:
        return reverse(
            "analysis:upload_detail",
            kwargs={"slug": self.dataset.partnership.slug, "upload_id": self.pk},
        )

    @property
    def is_finished(self) -> bool:
        return self.status not in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def may_be_undone(self) -> bool:
        """Imported, or waiting to be: a refused or undone upload has nothing to undo."""
        return self.status not in (self.Status.FAILED, self.Status.UNDONE)


class Removal(models.Model):
    """Data taken out of a dataset, and who took it: an upload undone, or a month
    removed. Kept for the record; the months it names were rebuilt when it was made."""

    class Kind(models.TextChoices):
        UPLOAD = "upload", "Upload undone"
        MONTH = "month", "Month removed"

    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="removals")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    upload = models.ForeignKey(
        Upload, null=True, blank=True, on_delete=models.CASCADE, related_name="removals"
    )
    month = models.DateField(null=True, blank=True, help_text="The month removed.")
    # The months whose counts changed, as "YYYY-MM", and how many counted rows went.
    months = models.JSONField(default=list)
    rows_removed = models.PositiveIntegerField(default=0)
    removed_by = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    removed_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-removed_at", "-pk"]

    def __str__(self) -> str:
        what = f"{self.month:%Y-%m}" if self.month else f"upload {self.upload_id}"
        return f"{self.get_kind_display()}: {what}"


class MonthlyCount(models.Model):
    """Count per month x district x category: what the levels and changes read."""

    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="monthly_counts")
    month = models.DateField(help_text="The first day of the month.")
    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    category = models.CharField(max_length=120)
    count = models.PositiveIntegerField()

    class Meta:
        ordering = ["month", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["dataset", "month", "district", "category"], name="unique_monthly_count"
            ),
        ]
        indexes = [models.Index(fields=["dataset", "month"])]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.category}: {self.count}"


class Lsoa(models.Model):
    """An LSOA code and the local authority it lies in.

    Two sources. Reference rows (no partnership) come from the ONS lookup, loaded by
    site staff with `manage.py load_lsoa_lookup`. Learned rows belong to one
    partnership: the LSOA names in its own uploads ("Central Bedfordshire 012C"), so
    that its later rows with only the code still map. A partnership's placement reads
    the reference rows and its own, never another partnership's.
    """

    partnership = models.ForeignKey(
        Partnership, null=True, blank=True, on_delete=models.CASCADE, related_name="lsoas"
    )
    code = models.CharField(max_length=9)
    name = models.CharField(max_length=120)
    authority = models.CharField(max_length=120)
    authority_key = models.CharField(max_length=120, db_index=True)

    class Meta:
        ordering = ["code"]
        verbose_name = "LSOA"
        constraints = [
            models.UniqueConstraint(fields=["partnership", "code"], name="unique_learned_lsoa"),
            models.UniqueConstraint(
                fields=["code"],
                condition=models.Q(partnership__isnull=True),
                name="unique_reference_lsoa",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class IssueCrimeTypes(models.Model):
    """The data.police.uk crime types a long-list issue covers: what its suggested
    scores for the data-driven criteria are computed from."""

    issue = models.OneToOneField(Issue, on_delete=models.CASCADE, related_name="crime_types")
    crime_types = models.JSONField(default=list)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "issue's crime types"
        verbose_name_plural = "issues' crime types"

    def __str__(self) -> str:
        return f"{self.issue}: {', '.join(self.crime_types)}"


# The register's models live in their own module; importing them here registers them.
from .source_models import (  # noqa: E402, F401
    DataSource,
    SharingAgreement,
    SourceReceipt,
)
from .sv_models import SvParticipation  # noqa: E402, F401
