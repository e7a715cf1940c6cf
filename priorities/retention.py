"""What priorities keeps that expires: compliance checklist evidence files. The file
is deleted and the item says when; its rating, notes and history stay. Registered
with `csp_assessment.retention` in `PrioritiesConfig.ready`."""

from datetime import date

from django.utils import timezone

from csp_assessment.retention import Deadlines, Done, delete_after_commit

from .checklist_models import ChecklistItem


def expire_evidence_files(partnership, deadlines: Deadlines, today: date) -> list[Done]:
    items = (
        ChecklistItem.objects.select_for_update()
        .filter(run__year__cycle__partnership=partnership, evidence_deleted_on__isnull=True)
        .exclude(evidence_file="")
    )
    deleted = 0
    for item in items:
        # The item's last change stands in for when the file was added: never earlier.
        if not deadlines.file_expired(timezone.localdate(item.updated_at), today):
            continue
        delete_after_commit(item.evidence_file.storage, item.evidence_file.name)
        item.evidence_file = ""
        item.evidence_deleted_on = today
        item._change_reason = "Evidence file deleted under the retention policy"
        item.save(update_fields=["evidence_file", "evidence_deleted_on", "updated_at"])
        deleted += 1
    return [Done("checklist evidence files deleted", deleted)]
