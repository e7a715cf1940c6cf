"""The checklist templates the workbench ships, as YAML files in priorities/checklists/,
loaded by `manage.py load_checklists`. Loading is by key and version: a version already
loaded is left alone, so change the wording by raising the version (in a new file, so the
old version stays loadable for runs that began with it).

A file lists either `requirements` (one section each) or, in seed 003's layout, `stages`:
each stage holds its statutory `lines`, then `hallmarks`, each with its `questions`."""

from pathlib import Path

from django.db import transaction

from csp_assessment import shipped_files

from .checklist_models import ChecklistTemplate, Requirement

CHECKLIST_DIR = Path(__file__).resolve().parent / "checklists"
CITATION_STATUSES = {"verified": "verified", "to check": "to_check"}


class ChecklistFileError(ValueError):
    """A checklist file that cannot be loaded, with the reason."""


def _requirement(source: str, stage: str, entry: dict, **fixed) -> dict:
    where = f"{source}, {entry.get('ref') or stage}"
    if not entry.get("text") or not entry.get("ref"):
        raise ChecklistFileError(f"{where}: every line needs 'ref' and 'text'")
    status = entry.get("status", "")
    if entry.get("citation") and status not in CITATION_STATUSES:
        raise ChecklistFileError(f"{where}: a citation must say 'verified' or 'to check'")
    return {
        "section": stage,
        "text": entry["text"],
        "seed_ref": entry["ref"],
        "citation": entry.get("citation", ""),
        "citation_status": CITATION_STATUSES.get(status, ""),
        "checked_against": entry.get("checked", ""),
        "law_note": entry.get("law_note", ""),
        "not_asked": entry.get("not_asked", ""),
        "action": "" if entry.get("not_asked") else entry.get("action", ""),
        **fixed,
    }


def _flatten_stages(data: dict, source: str) -> list[dict]:
    requirements = []
    for stage in data["stages"]:
        name = stage.get("stage")
        if not name:
            raise ChecklistFileError(f"{source}: a stage without a name")
        for line in stage.get("lines", []):
            requirements.append(_requirement(source, name, line, kind="statutory"))
        for hallmark in stage.get("hallmarks", []):
            for question in hallmark.get("questions", []):
                requirements.append(
                    _requirement(
                        source, name, question, kind="hallmark", hallmark=hallmark["hallmark"]
                    )
                )
    refs = [r["seed_ref"] for r in requirements]
    repeated = sorted({ref for ref in refs if refs.count(ref) > 1})
    if repeated:
        raise ChecklistFileError(f"{source}: seed refs used twice: {', '.join(repeated)}")
    return requirements


def parse_checklist(data: dict, source: str) -> dict:
    for field in ("key", "version", "name"):
        if field not in data:
            raise ChecklistFileError(f"{source}: missing '{field}'")
    if not isinstance(data["version"], int):
        raise ChecklistFileError(f"{source}: the version must be a whole number")
    if "stages" in data:
        data["requirements"] = _flatten_stages(data, source)
    if "requirements" not in data:
        raise ChecklistFileError(f"{source}: missing 'requirements' or 'stages'")
    for position, requirement in enumerate(data["requirements"], start=1):
        for field in ("section", "text"):
            if not requirement.get(field):
                raise ChecklistFileError(f"{source}, requirement {position}: missing '{field}'")
    return data


def shipped_checklists() -> list[dict]:
    return shipped_files.read_folder(CHECKLIST_DIR, parse_checklist)


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
        replaces=list(data.get("replaces", [])),
    )
    Requirement.objects.bulk_create(
        Requirement(
            template=template,
            position=position,
            section=r["section"],
            kind=r.get("kind", Requirement.Kind.STATUTORY),
            hallmark=r.get("hallmark", ""),
            seed_ref=r.get("seed_ref", ""),
            text=r["text"].strip(),
            citation=r.get("citation", ""),
            citation_status=r.get("citation_status", ""),
            checked_against=r.get("checked_against", ""),
            law_note=r.get("law_note", ""),
            not_asked=r.get("not_asked", ""),
            suggested_action=r.get("action", ""),
        )
        for position, r in enumerate(data["requirements"], start=1)
    )
    return template, True


def load_shipped_checklists() -> list[tuple[ChecklistTemplate, bool]]:
    return [load_checklist(data) for data in shipped_checklists()]
