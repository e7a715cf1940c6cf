"""Fills appendix C and the gaps section from the year's compliance checklist."""

from priorities.models import ChecklistRun
from priorities.selectors import checklist_items, checklist_progress

from ..blocks import Block, empty
from .reader import Reader


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
                [i.requirement.text, i.requirement.section, i.get_rag_display(), i.development]
                for i in items
            ],
        ),
    )
    gaps = [i for i in items if i.rag in ("red", "amber")]
    if gaps:
        reader.add(
            "gaps",
            Block(
                kind="table",
                title="Gaps the compliance checklist shows",
                headers=["Requirement", "Status", "Action"],
                rows=[[i.requirement.text, i.get_rag_display(), i.action] for i in gaps],
            ),
        )
