"""The groups around the board (seeds 001, 002 and 004): an operational delivery group,
a performance management group, an intelligence group and any other the partnership
names. Each has members, a chair, meetings, actions it owns and requests for a
decision put to it."""

from django.db import models
from simple_history.models import HistoricalRecords

from partnerships.models import Membership, Partnership


class Group(models.Model):
    class Kind(models.TextChoices):
        OPERATIONAL_DELIVERY = "operational_delivery", "Operational delivery group"
        PERFORMANCE_MANAGEMENT = "performance_management", "Performance management group"
        INTELLIGENCE = "intelligence", "Intelligence group"
        OTHER = "other", "Another kind of group"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="groups")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    name = models.CharField(max_length=200)
    purpose = models.TextField(blank=True, help_text="What the group is for, in a few lines.")
    members = models.ManyToManyField(Membership, related_name="groups", blank=True)
    chair = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="unique_group_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def has_member(self, membership: Membership) -> bool:
        return self.chair_id == membership.pk or self.members.filter(pk=membership.pk).exists()


class DecisionRequest(models.Model):
    """A question put to a group by an analyst or the board. It goes on one of the
    group's meetings as an agenda item; the item's decision on actions answers it."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="requests")
    question = models.TextField()
    asked_by = models.ForeignKey(Membership, null=True, on_delete=models.SET_NULL, related_name="+")
    asked_on = models.DateField()
    due_on = models.DateField()
    item = models.OneToOneField(
        "priorities.Item",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="request",
        help_text="The agenda item that takes the question.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.question[:80]

    def answer(self) -> str:
        return self.item.outcome if self.item_id else ""
