"""Cycle templates: the YAML files in cycles/data/, read and turned into dated plans.

A template describes years, stages and activities with month-day dates inside a
financial year. `plan_cycle` turns one into real dates for a given start year; the
services then store the plan. A partnership can add a template by adding a file.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import yaml

from .models import CycleYear, Stage

TEMPLATE_DIR = Path(__file__).resolve().parent / "data"
OWNER_ROLES = {"admin", "analyst", "theme_specialist", "board_member"}


class TemplateError(ValueError):
    """A cycle template file that cannot be used, with the reason."""


@dataclass(frozen=True)
class ActivityPlan:
    title: str
    owner_role: str
    due_on: date


@dataclass(frozen=True)
class StagePlan:
    kind: str
    starts_on: date
    ends_on: date
    summary: str
    activities: tuple[ActivityPlan, ...]


@dataclass(frozen=True)
class YearPlan:
    number: int
    kind: str
    starts_on: date
    ends_on: date
    summary: str
    stages: tuple[StagePlan, ...]


@dataclass(frozen=True)
class CycleTemplate:
    key: str
    name: str
    version: int
    description: str
    year_starts: tuple[int, int]
    years: tuple[dict, ...]

    @property
    def year_count(self) -> int:
        return len(self.years)


def _month_day(value: str, where: str) -> tuple[int, int]:
    try:
        month, day = (int(part) for part in str(value).split("-"))
        date(2001, month, day)  # a non-leap year, so 02-29 is refused
    except (ValueError, TypeError) as error:
        raise TemplateError(f"{where}: '{value}' is not a month-day like 09-01") from error
    return month, day


def parse_template(data: dict, source: str) -> CycleTemplate:
    """Check a template's structure and return it; raise TemplateError naming the fault."""
    for field in ("key", "name", "version", "years"):
        if field not in data:
            raise TemplateError(f"{source}: missing '{field}'")
    if not data["years"]:
        raise TemplateError(f"{source}: a template needs at least one year")
    for y, year in enumerate(data["years"], start=1):
        where = f"{source}, year {y}"
        if year.get("kind") not in CycleYear.Kind.values:
            raise TemplateError(f"{where}: unknown year kind '{year.get('kind')}'")
        kinds = [stage.get("kind") for stage in year.get("stages", [])]
        if sorted(kinds) != sorted(Stage.Kind.values):
            raise TemplateError(
                f"{where}: needs one each of the stages {', '.join(Stage.Kind.values)}"
            )
        for stage in year["stages"]:
            window = stage.get("window")
            if window != "year":
                if not isinstance(window, dict) or {"start", "end"} - window.keys():
                    raise TemplateError(f"{where}, {stage['kind']}: window needs start and end")
                _month_day(window["start"], where)
                _month_day(window["end"], where)
            for activity in stage.get("activities", []):
                if not activity.get("title"):
                    raise TemplateError(f"{where}, {stage['kind']}: an activity has no title")
                if activity.get("owner_role", "analyst") not in OWNER_ROLES:
                    raise TemplateError(f"{where}: unknown owner_role '{activity['owner_role']}'")
                if "due" in activity:
                    _month_day(activity["due"], where)
    return CycleTemplate(
        key=str(data["key"]),
        name=str(data["name"]),
        version=int(data["version"]),
        description=str(data.get("description", "")),
        year_starts=_month_day(data.get("year_starts", "04-01"), source),
        years=tuple(data["years"]),
    )


@cache
def available_templates() -> tuple[CycleTemplate, ...]:
    templates = []
    for path in sorted(TEMPLATE_DIR.glob("*.yaml")):
        with path.open(encoding="utf-8") as handle:
            templates.append(parse_template(yaml.safe_load(handle), path.name))
    return tuple(templates)


def get_template(key: str) -> CycleTemplate:
    for template in available_templates():
        if template.key == key:
            return template
    raise TemplateError(f"There is no cycle template called '{key}'.")


def _in_year(month_day: tuple[int, int], year_start: date) -> date:
    """The date with this month-day inside the financial year that starts on year_start."""
    month, day = month_day
    candidate = date(year_start.year, month, day)
    if candidate < year_start:
        candidate = date(year_start.year + 1, month, day)
    return candidate


def plan_cycle(template: CycleTemplate, start_year: int) -> tuple[YearPlan, ...]:
    """Dated years, stages and activities for a cycle whose first year starts in start_year."""
    start_month, start_day = template.year_starts
    plans = []
    for number, year in enumerate(template.years, start=1):
        year_start = date(start_year + number - 1, start_month, start_day)
        year_end = date(year_start.year + 1, start_month, start_day) - timedelta(days=1)
        stages = []
        for stage in year["stages"]:
            if stage["window"] == "year":
                starts_on, ends_on = year_start, year_end
            else:
                starts_on = _in_year(_month_day(stage["window"]["start"], ""), year_start)
                ends_on = _in_year(_month_day(stage["window"]["end"], ""), year_start)
            activities = tuple(
                ActivityPlan(
                    title=activity["title"],
                    owner_role=activity.get("owner_role", "analyst"),
                    due_on=(
                        _in_year(_month_day(activity["due"], ""), year_start)
                        if "due" in activity
                        else ends_on
                    ),
                )
                for activity in stage.get("activities", [])
            )
            stages.append(
                StagePlan(
                    kind=stage["kind"],
                    starts_on=starts_on,
                    ends_on=ends_on,
                    summary=stage.get("summary", ""),
                    activities=activities,
                )
            )
        plans.append(
            YearPlan(
                number=number,
                kind=year["kind"],
                starts_on=year_start,
                ends_on=year_end,
                summary=year.get("summary", ""),
                stages=tuple(stages),
            )
        )
    return tuple(plans)
