"""Reports notes which draft the board read when it decides on a priority.

Priorities cannot import reports (the import rule runs left to right), so the
decision is annotated here, as it is saved."""

from django.db.models.signals import pre_save
from django.dispatch import receiver

from priorities.models import Decision

from .selectors import latest_draft


@receiver(pre_save, sender=Decision, dispatch_uid="reports.decision_report_version")
def record_draft_read(sender, instance: Decision, **kwargs) -> None:
    if not instance._state.adding or instance.report_version:
        return
    draft = latest_draft(instance.priority.year)
    if draft is not None:
        instance.report_version = draft.label
