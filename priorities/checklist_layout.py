"""Reads for the checklist pages and workbook in seed 003's layout: the templates a new
run may use, the runs with their progress, and a run's items grouped by stage, statutory
lines first, then hallmark questions under their hallmark. A fixed number of queries,
whatever the number of items."""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from partnerships.models import Partnership

from . import rules
from .checklist_models import ChecklistItem, ChecklistRun, ChecklistTemplate, Requirement
from .selectors import checklist_progress


def offered_templates():
    """The newest version of each checklist, leaving out checklists a newer one has
    taken over (older versions stay for the runs that began with them)."""
    newest = {}
    for template in ChecklistTemplate.objects.order_by("key", "-version"):
        newest.setdefault(template.key, template)
    replaced = {key for template in newest.values() for key in template.replaces}
    ids = [t.pk for key, t in newest.items() if key not in replaced]
    return ChecklistTemplate.objects.filter(pk__in=ids).order_by("name")


def runs_with_progress(partnership: Partnership) -> list[tuple[ChecklistRun, rules.Progress]]:
    runs = ChecklistRun.objects.filter(year__cycle__partnership=partnership).select_related(
        "template", "year__cycle__partnership"
    )
    runs = runs.prefetch_related(
        Prefetch("items", queryset=ChecklistItem.objects.select_related("requirement"))
    )
    return [(run, checklist_progress(list(run.items.all()))) for run in runs]


@dataclass
class Hallmark:
    name: str
    items: list = field(default_factory=list)


@dataclass
class Stage:
    number: int
    name: str
    lines: list = field(default_factory=list)
    hallmarks: list[Hallmark] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.lines) + sum(len(h.items) for h in self.hallmarks)


def stages(items: list[ChecklistItem]) -> list[Stage]:
    """Items in template order, grouped by stage; within a stage the statutory lines,
    then each hallmark's questions in the order the hallmark first appears."""
    grouped: dict[str, Stage] = {}
    for item in items:
        requirement = item.requirement
        stage = grouped.get(requirement.section)
        if stage is None:
            stage = grouped[requirement.section] = Stage(len(grouped) + 1, requirement.section)
        if requirement.kind == Requirement.Kind.HALLMARK:
            if not stage.hallmarks or stage.hallmarks[-1].name != requirement.hallmark:
                stage.hallmarks.append(Hallmark(requirement.hallmark))
            stage.hallmarks[-1].items.append(item)
        else:
            stage.lines.append(item)
    return list(grouped.values())


def not_asked_count(items: list[ChecklistItem]) -> int:
    return sum(1 for item in items if item.requirement.not_asked)


def status_key_legend() -> list[dict]:
    """The status key as seed 003 has it, then the values this service adds, marked."""
    return [
        {"label": label, "ours": value in ChecklistItem.OUR_STATUS_KEYS}
        for value, label in ChecklistItem.StatusKey.choices
        if value
    ]
