"""The checklist templates the workbench ships, as YAML files in priorities/checklists/,
loaded by `manage.py load_checklists`. Loading is by key and version: a version already
loaded is left alone, so change the wording by raising the version."""

from pathlib import Path

import yaml
from django.db import transaction

from .models import ChecklistTemplate, Requirement

CHECKLIST_DIR = Path(__file__).resolve().parent / "checklists"


class ChecklistFileError(ValueError):
    """A checklist file that cannot be loaded, with the reason."""


def parse_checklist(data: dict, source: str) -> dict:
    for field in ("key", "version", "name", "requirements"):
        if field not in data:
            raise ChecklistFileError(f"{source}: missing '{field}'")
    if not isinstance(data["version"], int):
        raise ChecklistFileError(f"{source}: the version must be a whole number")
    for position, requirement in enumerate(data["requirements"], start=1):
        for field in ("section", "text"):
            if not requirement.get(field):
                raise ChecklistFileError(f"{source}, requirement {position}: missing '{field}'")
    return data


def shipped_checklists() -> list[dict]:
    checklists = []
    for path in sorted(CHECKLIST_DIR.glob("*.yaml")):
        with path.open(encoding="utf-8") as handle:
            checklists.append(parse_checklist(yaml.safe_load(handle), path.name))
    return checklists


@transaction.atomic
def load_checklist(data: dict) -> tuple[ChecklistTemplate, bool]:
    existing = ChecklistTemplate.objects.filter(key=data["key"], version=data["version"]).first()
    if existing:
        return existing, False
    template = ChecklistTemplate.objects.create(
        key=data["key"],
        version=data["version"],
        name=data["name"],
        description=data.get("description", "").strip(),
    )
    Requirement.objects.bulk_create(
        Requirement(
            template=template,
            position=position,
            section=r["section"],
            text=r["text"].strip(),
            citation=r.get("citation", ""),
            suggested_action=r.get("action", ""),
        )
        for position, r in enumerate(data["requirements"], start=1)
    )
    return template, True


def load_shipped_checklists() -> list[tuple[ChecklistTemplate, bool]]:
    return [load_checklist(data) for data in shipped_checklists()]
