"""What priorities keeps that expires: compliance checklist evidence files. The file
is deleted and the item says when; its rating, notes and history stay. Registered
with `csp_assessment.retention` in `PrioritiesConfig.ready`."""

from datetime import date

from django.db import transaction

from csp_assessment.retention import Deadlines, Done

from .models import ChecklistItem


def expire_evidence_files(partnership, deadlines: Deadlines, today: date) -> list[Done]:
    items = (
        ChecklistItem.objects.select_for_update()
        .filter(run__year__cycle__partnership=partnership, evidence_deleted_on__isnull=True)
        .exclude(evidence_file="")
    )
    deleted = 0
    for item in items:
        # The item's last change stands in for when the file was added: never earlier.
        until = deadlines.files_expire(item.updated_at.date())
        if until is None or until >= today:
            continue
        stored = item.evidence_file
        storage, name = stored.storage, stored.name
        transaction.on_commit(lambda storage=storage, name=name: storage.delete(name), robust=True)
        item.evidence_file = ""
        item.evidence_deleted_on = today
        item._change_reason = "Evidence file deleted under the retention policy"
        item.save(update_fields=["evidence_file", "evidence_deleted_on", "updated_at"])
        deleted += 1
    return [Done("checklist evidence files deleted", deleted)]
