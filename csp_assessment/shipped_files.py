"""Definitions the workbench ships as YAML files (checklist templates in
priorities/checklists/, matrices in scoring/matrices/): every file of a folder, in
name order, read through the app's own parser, which names the file in its errors."""

from collections.abc import Callable
from pathlib import Path

import yaml


def read_folder(folder: Path, parse: Callable[[dict, str], dict]) -> list[dict]:
    parsed = []
    for path in sorted(folder.glob("*.yaml")):
        with path.open(encoding="utf-8") as handle:
            parsed.append(parse(yaml.safe_load(handle), path.name))
    return parsed
