"""Writes to compliance checklists: starting a run and updating its items."""

from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from csp_assessment import stored_files
from csp_assessment.edits import refuse_if_record_changed
from csp_assessment.retention import delete_after_commit
from cycles.models import CycleYear
from partnerships.models import Membership
from partnerships.services import check_still_here

from ..checklist_models import ChecklistItem, ChecklistRun, ChecklistTemplate


@transaction.atomic
def start_checklist(*, year: CycleYear, template: ChecklistTemplate) -> ChecklistRun:
    if ChecklistRun.objects.filter(year=year, template=template).exists():
        raise ValidationError(f"{template.name} has already been started for {year.label}.")
    run = ChecklistRun.objects.create(year=year, template=template)
    ChecklistItem.objects.bulk_create(
        ChecklistItem(run=run, requirement=requirement, action=requirement.suggested_action)
        for requirement in template.requirements.all()
    )
    return run


def update_checklist_item(
    *,
    item: ChecklistItem,
    action: str,
    development: str,
    rag: str,
    status_key: str,
    owner: Membership | None,
    due_on: date | None,
    evidence_link: str = "",
    evidence_file=None,
    seen: str | None = None,
) -> ChecklistItem:
    """Save an item. With `seen`, a save by someone else since the form was opened is
    refused with what differs, never overwritten. A new evidence file goes again if the
    change is not committed."""
    with stored_files.kept_only_if_committed() as written:
        current = ChecklistItem.objects.select_for_update().get(pk=item.pk)
        labels = {"action": "the action", "development": "the developments"}
        labels |= {
            "rag": "the RAG status",
            "status_key": "the status key",
            "due_on": "the due date",
        }
        refuse_if_record_changed(
            current,
            seen=seen,
            what="checklist item",
            wanted={
                "action": action.strip(),
                "development": development.strip(),
                "rag": rag,
                "status_key": status_key,
                "due_on": due_on,
            },
            labels=labels,
        )
        saved = _write_item(
            item, action, development, rag, status_key, owner, due_on, evidence_link, evidence_file
        )
        if evidence_file:
            written.append(Path(saved.evidence_file.path))
    return saved


def _write_item(
    item, action, development, rag, status_key, owner, due_on, evidence_link, evidence_file
) -> ChecklistItem:
    if item.requirement.not_asked:
        raise ValidationError(
            f"This line is no longer asked, so it cannot be updated: {item.requirement.not_asked}"
        )
    partnership_id = item.run.year.cycle.partnership_id
    if owner is not None and owner.partnership_id != partnership_id:
        raise ValidationError({"owner": "The owner must be a member of this partnership."})
    check_still_here(owner, field="owner", now=item.owner_id)
    has_evidence = evidence_link or evidence_file or item.evidence_file
    if rag == ChecklistItem.Rag.GREEN and not has_evidence:
        raise ValidationError(
            {"evidence_link": "Add evidence (a link or a file) before marking this green."}
        )
    item.action, item.development, item.rag = action.strip(), development.strip(), rag
    item.status_key, item.owner, item.due_on = status_key, owner, due_on
    item.evidence_link = evidence_link.strip()
    replaced = ""
    if evidence_file:
        replaced = item.evidence_file.name if item.evidence_file else ""
        item.evidence_file = evidence_file
        # A new file starts its own retention time, and the one it replaces goes (no
        # record names it any more, so retention would never reach it).
        item.evidence_deleted_on = None
    item.full_clean()
    item.save()
    if replaced and replaced != item.evidence_file.name:
        delete_after_commit(item.evidence_file.storage, replaced)
    return item
