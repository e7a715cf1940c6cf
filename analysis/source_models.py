"""The data sources register and the information-sharing agreements behind it.

A partnership's responsible authorities must share prescribed, depersonalised
information with each other every quarter (Crime and Disorder Act 1998 s.17A and the
Crime and Disorder (Prescribed Information) Regulations 2007, SI 2007/1831). The
register records what each partner shares, under which agreement, when it last came
in and what it covers; reports read it (see docs/architecture.md).
"""

from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from partnerships.models import Agency, Membership, Partnership


class SharingAgreement(models.Model):
    """An information-sharing agreement between agencies of the partnership."""

    class LawfulBasis(models.TextChoices):
        # UK GDPR Article 6(1); checked against legislation.gov.uk (see docs).
        PUBLIC_TASK = "public_task", "Public task (Article 6(1)(e))"
        LEGAL_OBLIGATION = "legal_obligation", "Legal obligation (Article 6(1)(c))"
        RECOGNISED_INTEREST = (
            "recognised_interest",
            "Recognised legitimate interest (Article 6(1)(ea))",
        )
        LEGITIMATE_INTERESTS = "legitimate_interests", "Legitimate interests (Article 6(1)(f))"
        CONSENT = "consent", "Consent (Article 6(1)(a))"
        NO_PERSONAL_DATA = "no_personal_data", "No personal data: depersonalised figures only"

    class Gateway(models.TextChoices):
        DUTY_17A = (
            "s17a",
            "Duty to share prescribed information (Crime and Disorder Act 1998 s.17A)",
        )
        POWER_115 = "s115", "Power to disclose (Crime and Disorder Act s.115)"
        OTHER = "other", "Another power (say which in the note)"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SIGNED = "signed", "Signed and in force"
        ENDED = "ended", "Ended"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="sharing_agreements"
    )
    title = models.CharField(max_length=200)
    parties = models.ManyToManyField(Agency, related_name="sharing_agreements", blank=True)
    purpose = models.TextField()
    lawful_basis = models.CharField(max_length=24, choices=LawfulBasis.choices)
    gateway = models.CharField(
        "Legal gateway", max_length=10, choices=Gateway.choices, default=Gateway.DUTY_17A
    )
    basis_note = models.TextField("Note on the lawful basis", blank=True)
    signed_on = models.DateField(null=True, blank=True)
    review_on = models.DateField("Review date", null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    document = models.FileField(upload_to="sharing-agreements/%Y/", blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(m2m_fields=[parties])

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "title"], name="unique_sharing_agreement_title"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "analysis:agreement",
            kwargs={"slug": self.partnership.slug, "agreement_id": self.pk},
        )


class DataSource(models.Model):
    """One dataset a partner shares with the partnership, and when it last came in."""

    class Theme(models.TextChoices):
        CRIME = "crime", "Crime"
        ASB = "asb", "Anti-social behaviour"
        SUBSTANCE_MISUSE = "substance_misuse", "Substance misuse"
        REOFFENDING = "reoffending", "Re-offending"
        FIRE = "fire", "Deliberate fires"
        DOMESTIC_ABUSE = "domestic_abuse", "Domestic abuse"
        ENVIRONMENT = "environment", "Environmental crime"
        ROAD_SAFETY = "road_safety", "Road safety"

    class Frequency(models.IntegerChoices):
        # Months between deliveries. Quarterly is the prescribed interval.
        MONTHLY = 1, "Monthly"
        QUARTERLY = 3, "Quarterly"
        SIX_MONTHLY = 6, "Every six months"
        ANNUAL = 12, "Yearly"

    class Reliability(models.TextChoices):
        GOOD = "good", "Good: complete and consistent"
        FAIR = "fair", "Fair: usable with known gaps"
        POOR = "poor", "Poor: use with caution"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="data_sources"
    )
    name = models.CharField(max_length=150)
    agency = models.ForeignKey(
        Agency,
        verbose_name="Provided by",
        on_delete=models.PROTECT,
        related_name="data_sources",
    )
    owner = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    agreement = models.ForeignKey(
        SharingAgreement,
        verbose_name="Information-sharing agreement",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sources",
    )
    # The imported dataset this source feeds, when its data is imported here.
    dataset = models.ForeignKey(
        "analysis.Dataset",
        verbose_name="Imported as",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sources",
    )
    themes = models.JSONField(default=list)
    prescribed = models.BooleanField(
        "Prescribed information",
        default=False,
        help_text="Information the regulations require partners to share each quarter.",
    )
    frequency = models.PositiveSmallIntegerField(
        choices=Frequency.choices, default=Frequency.QUARTERLY
    )
    reliability = models.CharField(
        max_length=10, choices=Reliability.choices, default=Reliability.FAIR
    )
    reliability_note = models.CharField(max_length=300, blank=True)
    # The latest receipt, kept here so that the register and the dashboard read one row.
    last_received_on = models.DateField(null=True, blank=True)
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    created_on = models.DateField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="unique_data_source_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse(
            "analysis:source", kwargs={"slug": self.partnership.slug, "source_id": self.pk}
        )

    @property
    def theme_labels(self) -> list[str]:
        labels = dict(self.Theme.choices)
        return [labels.get(theme, theme) for theme in self.themes]


class SourceReceipt(models.Model):
    """One delivery of a source's data: when it came in and which period it covers."""

    source = models.ForeignKey(DataSource, on_delete=models.CASCADE, related_name="receipts")
    received_on = models.DateField()
    period_start = models.DateField()
    period_end = models.DateField()
    note = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-period_end", "-received_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.source}: {self.period_start:%Y-%m-%d} to {self.period_end:%Y-%m-%d}"
