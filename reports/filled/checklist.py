"""Fills appendix C and the gaps section from the year's compliance checklist."""

from priorities.models import ChecklistRun, Requirement
from priorities.selectors import checklist_items, checklist_progress

from ..blocks import Block, empty
from .reader import Reader

NOT_ASKED = "No longer asked"


def _requirement(requirement: Requirement) -> str:
    """A line as the checklist page shows it: its words, the law it cites and whether
    that citation was checked, what the law says now, and why a line is no longer
    asked."""
    parts = [requirement.text_shown]
    if requirement.citation:
        checked = requirement.get_citation_status_display().lower()
        parts.append(
            f"Law: {requirement.citation}"
            + (f" ({checked})." if requirement.citation_status else ".")
        )
    if requirement.law_note:
        parts.append(f"Law now: {requirement.law_note_shown}")
    if requirement.not_asked:
        parts.append(f"{NOT_ASKED}: {requirement.not_asked_shown}")
    return " ".join(parts)


def read_checklist(reader: Reader) -> None:
    run = ChecklistRun.objects.filter(year=reader.year).order_by("-created_at").first()
    if run is None:
        reader.add(
            "appendix-compliance",
            empty("No compliance checklist has been started for this year yet."),
        )
        return
    items = checklist_items(run)
    progress = checklist_progress(items)
    labels = {"green": "Green", "amber": "Amber", "red": "Red", "not_assessed": "Not assessed"}
    reader.add(
        "appendix-compliance",
        Block(
            kind="note",
            title=run.template.name,
            text=(
                f"{progress.complete} of {progress.total} requirements met "
                f"({progress.percent}%). "
                + ", ".join(f"{labels[k]}: {n}" for k, n in progress.by_rag.items())
                + "."
            ),
        ),
        Block(
            kind="table",
            headers=["Requirement", "Area", "Status", "Development"],
            rows=[
                [
                    _requirement(i.requirement),
                    i.requirement.section,
                    NOT_ASKED if i.requirement.not_asked else i.get_rag_display(),
                    i.development or "–",
                ]
                for i in items
            ],
        ),
    )
    gaps = [i for i in items if i.rag in ("red", "amber") and not i.requirement.not_asked]
    if gaps:
        reader.add(
            "gaps",
            Block(
                kind="table",
                title="Gaps the compliance checklist shows",
                headers=["Requirement", "Status", "Action"],
                rows=[
                    [_requirement(i.requirement), i.get_rag_display(), i.action or "–"]
                    for i in gaps
                ],
            ),
        )
