"""Other plans' objectives (seeds 003 and 004): the objectives of the police and crime
plan, the council's corporate plan, the health and wellbeing strategy or another plan
that the partnership's priorities serve. Each responsible authority must have regard to
the police and crime objectives (Crime and Disorder Act 1998, s.6(1A)). An objective that
ends stays on the list for history, and on the priorities that already name it."""

from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from partnerships.models import Partnership


class Objective(models.Model):
    class Plan(models.TextChoices):
        POLICE_AND_CRIME = "police_and_crime", "Police and crime plan"
        CORPORATE = "corporate", "Council corporate plan"
        HEALTH_AND_WELLBEING = "health_and_wellbeing", "Health and wellbeing strategy"
        OTHER = "other", "Another plan"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="objectives"
    )
    plan = models.CharField(max_length=30, choices=Plan.choices)
    plan_name = models.CharField(
        max_length=200, blank=True, help_text="For another plan: its name."
    )
    wording = models.CharField(max_length=500, help_text="The objective as the plan words it.")
    ended_on = models.DateField(
        null=True, blank=True, help_text="When it stopped being current; empty while it is."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "plan_name", "pk"]

    def __str__(self) -> str:
        return f"{self.plan_label}: {self.wording}"

    def get_absolute_url(self) -> str:
        return reverse(
            "priorities:objective_edit",
            kwargs={"slug": self.partnership.slug, "objective_id": self.pk},
        )

    @property
    def plan_label(self) -> str:
        """The plan's name: the one the partnership gave another plan, or the kind."""
        if self.plan == self.Plan.OTHER and self.plan_name:
            return self.plan_name
        return self.get_plan_display()

    @property
    def is_current(self) -> bool:
        return self.ended_on is None
