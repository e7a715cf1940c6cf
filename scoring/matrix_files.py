"""The matrices the workbench ships, as YAML files in scoring/matrices/, loaded into
the database by `manage.py load_matrices`. Loading is by key and version: a file
whose version is already loaded is left alone, so edit a matrix by raising its version."""

from pathlib import Path

from django.db import transaction

from csp_assessment import shipped_files

from .models import Criterion, Matrix
from .rules import MatrixSettings

MATRIX_DIR = Path(__file__).resolve().parent / "matrices"


class MatrixFileError(ValueError):
    """A matrix file that cannot be loaded, with the reason."""


def parse_matrix(data: dict, source: str) -> dict:
    for field in ("key", "name", "version", "method", "scale", "criteria"):
        if field not in data:
            raise MatrixFileError(f"{source}: missing '{field}'")
    if data["method"] not in Matrix.Method.values:
        raise MatrixFileError(f"{source}: unknown method '{data['method']}'")
    low, high = data["scale"].get("min"), data["scale"].get("max")
    if not isinstance(low, int) or not isinstance(high, int) or low >= high:
        raise MatrixFileError(f"{source}: the scale needs whole-number min and max, min < max")
    keys = set()
    for position, criterion in enumerate(data["criteria"], start=1):
        where = f"{source}, criterion {position}"
        for field in ("key", "name", "levels"):
            if field not in criterion:
                raise MatrixFileError(f"{where}: missing '{field}'")
        if criterion["key"] in keys:
            raise MatrixFileError(f"{where}: the key '{criterion['key']}' is used twice")
        keys.add(criterion["key"])
        levels = {int(k) for k in criterion["levels"]}
        if levels != set(range(low, high + 1)):
            raise MatrixFileError(f"{where}: needs a descriptor for every level {low} to {high}")
    try:
        MatrixSettings.parse(data.get("config", {}))
    except ValueError as error:
        raise MatrixFileError(f"{source}: {error}") from error
    return data


def shipped_matrices() -> list[dict]:
    return shipped_files.read_folder(MATRIX_DIR, parse_matrix)


@transaction.atomic
def load_matrix(data: dict) -> tuple[Matrix, bool]:
    existing = Matrix.objects.filter(
        partnership=None, key=data["key"], version=data["version"]
    ).first()
    if existing:
        return existing, False
    matrix = Matrix.objects.create(
        partnership=None,
        key=data["key"],
        version=data["version"],
        name=data["name"],
        description=data.get("description", "").strip(),
        method=data["method"],
        scale_min=data["scale"]["min"],
        scale_max=data["scale"]["max"],
        config=data.get("config", {}),
    )
    Criterion.objects.bulk_create(
        Criterion(
            matrix=matrix,
            position=position,
            key=c["key"],
            name=c["name"],
            meaning=c.get("meaning", ""),
            group=c.get("group", ""),
            weight=c.get("weight", 1),
            levels={str(k): str(v) for k, v in c["levels"].items()},
            data_driven=bool(c.get("data_driven", False)),
        )
        for position, c in enumerate(data["criteria"], start=1)
    )
    return matrix, True


def load_shipped_matrices() -> list[tuple[Matrix, bool]]:
    return [load_matrix(data) for data in shipped_matrices()]
