"""Who took part in the Serious Violence Duty's work each year, and what each gave.

The Police, Crime, Sentencing and Courts Act 2022 names the authorities that must
work together (specified, s.11 and Schedule 1) and those that must be consulted and
collaborate when asked (relevant, s.12, s.15 and Schedule 2). This record lives in
analysis, beside the data sources register, because what it mostly records is whose
data and analysis went into the strategic needs assessment; reports read it.
"""

from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from cycles.models import CycleYear
from partnerships.models import Agency, Membership

from . import sv_rules


class SvParticipation(models.Model):
    """One authority's part in one cycle year's serious violence work."""

    KINDS = [(value, label) for value, label, _ in sv_rules.AUTHORITY_KINDS]

    year = models.ForeignKey(CycleYear, on_delete=models.CASCADE, related_name="sv_participation")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="sv_participation")
    authority = models.CharField("Kind of authority", max_length=24, choices=KINDS)
    contributions = models.JSONField(default=list, blank=True)
    note = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    recorded_by = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["year", "agency__name"]
        constraints = [
            models.UniqueConstraint(fields=["year", "agency"], name="one_sv_record_per_agency"),
        ]

    def __str__(self) -> str:
        return f"{self.agency}: {self.year}"

    def get_absolute_url(self) -> str:
        slug = self.year.cycle.partnership.slug
        page = reverse("analysis:serious_violence", kwargs={"slug": slug})
        return f"{page}?year={self.year_id}#record-{self.pk}"

    @property
    def group(self) -> str:
        return sv_rules.group_of(self.authority)

    @property
    def group_label(self) -> str:
        return sv_rules.GROUP_LABELS[self.group]

    @property
    def contribution_labels(self) -> list[str]:
        return [sv_rules.CONTRIBUTION_LABELS.get(c, c) for c in self.contributions]
