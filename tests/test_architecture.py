"""The shape docs/architecture.md promises, kept honest by tests: imports only
leftwards, no module too big to read, role rules only in permissions modules, and an
index of where each rule lives whose every entry exists."""

import ast
import importlib
import re
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
# The apps in the order the cycle runs, as settings lists them: each may import only
# from those before it.
ORDER = list(settings.SERVICE_APPS)
# Outside the line: status reads partnerships only; demo builds every app's demo data.
ALLOWED_OUTSIDE = {"status": {"partnerships"}, "demo": set(ORDER)}
LONGEST_MODULE = 600


def _modules(app: str):
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


def _imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
    return found & (set(ORDER) | set(ALLOWED_OUTSIDE))


@pytest.mark.parametrize("app", ORDER + list(ALLOWED_OUTSIDE))
def test_apps_import_only_from_their_left(app):
    allowed = ALLOWED_OUTSIDE.get(app) or set(ORDER[: ORDER.index(app) + 1])
    allowed = allowed | {app}
    wrong = {
        f"{path.relative_to(ROOT)} imports {name}"
        for path in _modules(app)
        for name in _imported_apps(path) - allowed
    }
    assert not wrong, sorted(wrong)


def test_no_module_is_longer_than_one_reader_can_hold():
    """Every module outside migrations: the apps', and the tests' and benchmarks' too."""
    long = [
        f"{path.relative_to(ROOT)}: {count} lines"
        for app in [*ORDER, *ALLOWED_OUTSIDE, "csp_assessment", "tests", "benchmarks"]
        for path in _modules(app)
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > LONGEST_MODULE
    ]
    assert not long, long


ROLE_CHECK = re.compile(
    r"Role\.[A-Z_]+|\.role\s*(==|!=|in|not in)\b|[\"']board_member[\"']|"
    r"[\"']analyst[\"']|[\"']theme_specialist[\"']|MANAGE_[A-Z]+"
)
# Where a role may be named: the policy itself, the tables that define roles, forms
# that offer roles as choices, the cycle templates' owner roles, and demo data.
ROLES_NAMED_IN = {"permissions.py", "models.py", "forms.py", "cycle_templates.py"}


def _stray_lines(in_python: re.Pattern, in_templates: re.Pattern, allowed: set[str]):
    """Each line, as path:number: text, that matches `in_python` in a module (not a
    comment, not in a module named in `allowed`) or `in_templates` in a template."""
    for app in [*ORDER, "status", "csp_assessment"]:
        for path in _modules(app):
            if path.name in allowed:
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if in_python.search(line) and not line.lstrip().startswith("#"):
                    yield f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
    templates = [p for app in [*ORDER, "status"] for p in (ROOT / app).rglob("*.html")]
    templates += list((ROOT / "templates").rglob("*.html"))
    for path in templates:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if in_templates.search(line):
                yield f"{path.relative_to(ROOT)}:{number}: {line.strip()}"


ROLE_CHECK_IN_TEMPLATE = re.compile(r"\.role\s*==|role\s*==\s*['\"]")


def test_role_rules_live_only_in_permissions_modules():
    stray = list(_stray_lines(ROLE_CHECK, ROLE_CHECK_IN_TEMPLATE, ROLES_NAMED_IN))
    assert not stray, "\n".join(stray)


def _index_rows():
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    section = text.split("## Where each rule lives", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\|\s*([^|]+?)\s*\|\s*`([\w.]+)`\s*\|\s*`([\w.]+)`\s*\|$", section, re.M)
    return rows


def test_the_rule_index_names_real_functions():
    rows = _index_rows()
    assert len(rows) >= 25, "The index in docs/architecture.md lost its rows."
    missing = []
    for rule, module, name in rows:
        target = importlib.import_module(module)
        for part in name.split("."):
            target = getattr(target, part, None)
            if target is None:
                missing.append(f"{rule}: {module}.{name}")
                break
    assert not missing, missing


# A day, a moment or a month written out by hand: the format spelt again, or Django's
# formatters called directly. csp_assessment/dates.py is their one caller and the
# formats module the one place the formats are spelt. A month's name alone, the
# charts' short "Nov 2026" axis labels and the status page's seconds are other
# formats, so they may be written.
HAND_DATE = re.compile(r"j F Y|date_format\(|dateformat import|%-?d %B|%B %Y|:%B\} \{\w+\.year\}")
HAND_DATE_IN_TEMPLATE = re.compile(r'\|date:"(j F Y(, H:i)?|F Y)"')
DATES_WRITTEN_IN = {"dates.py", "formats.py"}


def test_dates_are_written_in_one_place():
    stray = list(_stray_lines(HAND_DATE, HAND_DATE_IN_TEMPLATE, DATES_WRITTEN_IN))
    assert not stray, "\n".join(stray)


# A plural pasted by hand ("{n} thing{'s' if n != 1 else ''}") rather than through
# csp_assessment.plurals.counted. Templates have Django's pluralize filter.
HAND_PLURAL = re.compile(r"""\{['"]s['"] if """)
NEVER = re.compile(r"(?!)")


def test_plurals_are_made_in_one_place():
    stray = list(_stray_lines(HAND_PLURAL, NEVER, {"plurals.py"}))
    assert not stray, "\n".join(stray)
