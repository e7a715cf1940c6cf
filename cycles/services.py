"""Every write to cycles, years, stages, activities, the long list and its themes."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Min, QuerySet
from simple_history.utils import bulk_create_with_history

from csp_assessment.copying import fields_of
from csp_assessment.dates import day
from partnerships.models import Membership, Partnership
from partnerships.services import check_still_here

from .cycle_templates import CycleTemplate, get_template, plan_cycle
from .models import Activity, Cycle, CycleYear, Issue, Stage, Theme
from .rules import DEFAULT_THEMES, latest_stage_end, tidy_theme, year_has_ended


def default_cycle_name(*, template_name: str, start_year: int, year_count: int) -> str:
    end_year = start_year + year_count
    return f"{template_name} {start_year}-{end_year % 100:02d}"


@transaction.atomic
def create_cycle_from_template(
    *, partnership: Partnership, template_key: str, start_year: int, name: str = ""
) -> Cycle:
    """Create a cycle with every year, stage and activity the template lays out.

    Activities go to the first member holding the role the template names, so the
    dashboard has someone to show them to; admins reassign them afterwards.
    """
    template = get_template(template_key)
    name = name or default_cycle_name(
        template_name=template.name, start_year=start_year, year_count=template.year_count
    )
    # Locked, so two admins creating cycles at once cannot both pass the checks below.
    Partnership.objects.select_for_update().filter(pk=partnership.pk).first()
    if Cycle.objects.filter(partnership=partnership, name=name).exists():
        raise ValidationError({"name": f"This partnership already has a cycle called {name}."})
    plan = plan_cycle(template, start_year)
    _check_cycle_is_free(partnership, template, start_year, plan[0].starts_on, plan[-1].ends_on)
    owners: dict[str, Membership | None] = {}
    for membership in partnership.memberships.choosable().order_by("pk"):
        owners.setdefault(membership.role, membership)

    add_default_themes(partnership=partnership)
    cycle = Cycle.objects.create(
        partnership=partnership,
        name=name,
        template_key=template.key,
        template_version=template.version,
        start_year=start_year,
    )
    activities = []
    for year_plan in plan:
        year = CycleYear.objects.create(
            cycle=cycle,
            **fields_of(year_plan, "number", "kind", "starts_on", "ends_on", "summary"),
        )
        for position, stage_plan in enumerate(year_plan.stages):
            stage = Stage.objects.create(
                year=year,
                position=position,
                **fields_of(stage_plan, "kind", "starts_on", "ends_on", "summary"),
            )
            activities += [
                Activity(
                    stage=stage,
                    title=plan.title,
                    owner=owners.get(plan.owner_role),
                    due_on=plan.due_on,
                )
                for plan in stage_plan.activities
            ]
    Activity.objects.bulk_create(activities)
    return cycle


# A partnership's years never overlap, within a cycle or across its cycles: every page
# that finds "the year running today", and every year's long list, relies on it.


def _years_overlapping(partnership_id: int, starts_on: date, ends_on: date) -> QuerySet:
    return CycleYear.objects.filter(
        cycle__partnership=partnership_id, starts_on__lte=ends_on, ends_on__gte=starts_on
    ).select_related("cycle")


def _span(template: CycleTemplate, start_year: int) -> tuple[date, date]:
    plan = plan_cycle(template, start_year)
    return plan[0].starts_on, plan[-1].ends_on


def first_free_start_year(
    *, partnership: Partnership, template_key: str, from_year: int, step: int = 1
) -> int:
    """The first start year from `from_year` (counting back with step=-1) whose cycle of
    this template would overlap none of the partnership's years."""
    template = get_template(template_key)
    spans = list(
        CycleYear.objects.filter(cycle__partnership=partnership).values_list("starts_on", "ends_on")
    )
    start_year = from_year
    while True:
        first, last = _span(template, start_year)
        if not any(starts_on <= last and ends_on >= first for starts_on, ends_on in spans):
            return start_year
        start_year += step


def _check_cycle_is_free(
    partnership: Partnership, template: CycleTemplate, start_year: int, first: date, last: date
) -> None:
    clash = _years_overlapping(partnership.pk, first, last).order_by("starts_on").first()
    if clash is None:
        return
    cycle = clash.cycle
    runs = cycle.years.aggregate(first=Min("starts_on"), last=Max("ends_on"))
    later = first_free_start_year(
        partnership=partnership, template_key=template.key, from_year=start_year
    )
    if runs["first"] <= first:
        said = (
            f"{cycle.name} runs until {day(runs['last'])}. Start the new cycle in {later} or later."
        )
    else:
        earlier = first_free_start_year(
            partnership=partnership, template_key=template.key, from_year=start_year, step=-1
        )
        said = (
            f"{cycle.name} starts on {day(runs['first'])}, before this cycle would end on "
            f"{day(last)}. Start the new cycle in {earlier} or earlier, or in {later} or later."
        )
    raise ValidationError({"start_year": said})


def _check_window(starts_on: date, ends_on: date) -> None:
    if ends_on < starts_on:
        raise ValidationError({"ends_on": "The end date must be on or after the start date."})


def _check_year_in_sequence(year: CycleYear, starts_on: date, ends_on: date) -> None:
    """A year starts after the year before it in its cycle ends, ends before the next
    starts, and overlaps no year of the partnership's other cycles."""
    years = year.cycle.years.exclude(pk=year.pk)
    before = years.filter(number__lt=year.number).order_by("-number").first()
    if before and starts_on <= before.ends_on:
        raise ValidationError(
            {
                "starts_on": f"Year {year.number} must start after year {before.number} "
                f"ends on {day(before.ends_on)}."
            }
        )
    after = years.filter(number__gt=year.number).order_by("number").first()
    if after and ends_on >= after.starts_on:
        raise ValidationError(
            {
                "ends_on": f"Year {year.number} must end before year {after.number} "
                f"starts on {day(after.starts_on)}."
            }
        )
    other = (
        _years_overlapping(year.cycle.partnership_id, starts_on, ends_on)
        .exclude(cycle=year.cycle_id)
        .order_by("starts_on")
        .first()
    )
    if other:
        raise ValidationError(
            f"These dates overlap year {other.number} of {other.cycle.name}, which runs from "
            f"{day(other.starts_on)} to {day(other.ends_on)}."
        )


@transaction.atomic
def update_year(*, year: CycleYear, kind: str, starts_on: date, ends_on: date, summary: str):
    """Change a year's kind, dates and summary. Its stages keep their dates: move them
    afterwards if the year moved."""
    Partnership.objects.select_for_update().filter(pk=year.cycle.partnership_id).first()
    _check_window(starts_on, ends_on)
    _check_year_in_sequence(year, starts_on, ends_on)
    year.kind, year.starts_on, year.ends_on, year.summary = kind, starts_on, ends_on, summary
    year.full_clean()
    year.save()
    return year


@transaction.atomic
def update_stage(*, stage: Stage, starts_on: date, ends_on: date, summary: str) -> Stage:
    """Move a stage's window. It starts within its year, and may run past the year's end
    (reports often do), by up to six months (`rules.latest_stage_end`)."""
    _check_window(starts_on, ends_on)
    year = stage.year
    name = f"The {stage.get_kind_display().lower()} stage of year {year.number}"
    if not year.contains(starts_on):
        raise ValidationError(
            {
                "starts_on": f"{name} must start within its year, from {day(year.starts_on)} "
                f"to {day(year.ends_on)}."
            }
        )
    latest = latest_stage_end(year.ends_on)
    if ends_on > latest:
        raise ValidationError(
            {"ends_on": f"{name} may end up to six months after its year ends: by {day(latest)}."}
        )
    stage.starts_on, stage.ends_on, stage.summary = starts_on, ends_on, summary
    stage.full_clean()
    stage.save()
    return stage


def _check_owner(stage: Stage, owner: Membership | None, now: int | None = None) -> None:
    if owner is not None and owner.partnership_id != stage.year.cycle.partnership_id:
        raise ValidationError({"owner": "The owner must be a member of this partnership."})
    check_still_here(owner, field="owner", now=now)


def _check_due(stage: Stage, due_on: date) -> None:
    first, last = stage.activity_due_window()
    if not first <= due_on <= last:
        raise ValidationError(
            {
                "due_on": f"Choose a date from {day(first)} to {day(last)}, while year "
                f"{stage.year.number} and its {stage.get_kind_display().lower()} stage run."
            }
        )


@transaction.atomic
def create_activity(
    *,
    stage: Stage,
    title: str,
    due_on: date,
    owner: Membership | None = None,
    description: str = "",
    status: str = Activity.Status.NOT_STARTED,
) -> Activity:
    _check_owner(stage, owner)
    _check_due(stage, due_on)
    activity = Activity(
        stage=stage, title=title, due_on=due_on, owner=owner, description=description, status=status
    )
    activity.full_clean()
    activity.save()
    return activity


@transaction.atomic
def update_activity(
    *,
    activity: Activity,
    title: str,
    due_on: date,
    owner: Membership | None,
    description: str,
    status: str,
) -> Activity:
    _check_owner(activity.stage, owner, now=activity.owner_id)
    _check_due(activity.stage, due_on)
    activity.title, activity.due_on, activity.owner = title, due_on, owner
    activity.description, activity.status = description, status
    activity.full_clean()
    activity.save()
    return activity


def set_activity_status(*, activity: Activity, status: str) -> Activity:
    if status not in Activity.Status.values:
        raise ValidationError({"status": "Choose a status from the list."})
    activity.status = status
    activity.save(update_fields=["status", "updated_at"])
    return activity


def delete_activity(*, activity: Activity) -> None:
    activity.delete()


def _check_issue_fields(*, year: CycleYear, lead_agency, pestelo: list[str]) -> None:
    if lead_agency is not None and lead_agency.partnership_id != year.cycle.partnership_id:
        raise ValidationError({"lead_agency": "Choose an agency of this partnership."})
    unknown = set(pestelo) - set(Issue.Pestelo.values)
    if unknown:
        raise ValidationError({"pestelo": f"Unknown PESTELO factor: {', '.join(sorted(unknown))}."})


@transaction.atomic
def save_issue(
    *,
    year: CycleYear,
    title: str,
    description: str = "",
    theme: str = "",
    lead_agency=None,
    pestelo: list[str] | None = None,
    pestelo_note: str = "",
    source: str = Issue.Source.NEW,
    serious_violence: bool = False,
    issue: Issue | None = None,
    today: date | None = None,
) -> Issue:
    """Add an issue to the year's long list, or change one. Given `today` (every page
    passes it), a new issue's year must not have ended by then; an issue already on an
    ended year's list can still be corrected. Callers that build a past year on purpose
    (the demo, tests of a fixed year) pass none."""
    if issue is None and today is not None:
        check_year_not_ended(year, today)
    pestelo = list(pestelo or [])
    _check_issue_fields(year=year, lead_agency=lead_agency, pestelo=pestelo)
    if (
        Issue.objects.filter(year=year, title__iexact=title.strip())
        .exclude(pk=issue.pk if issue else None)
        .exists()
    ):
        raise ValidationError(
            {"title": "This year's long list already has an issue with that title."}
        )
    theme = theme_name(year=year, theme=theme)
    issue = issue or Issue(year=year)
    issue.title, issue.description, issue.theme = title.strip(), description, theme
    issue.lead_agency, issue.pestelo, issue.pestelo_note = lead_agency, pestelo, pestelo_note
    issue.source, issue.serious_violence = source, serious_violence
    issue.full_clean()
    issue.save()
    return issue


def ended_year_refusal(year: CycleYear) -> str:
    return (
        f"Year {year.number} of {year.cycle.name} ended on {day(year.ends_on)}. Add issues "
        "to the long list of a year that has not ended."
    )


def check_year_not_ended(year: CycleYear, today: date) -> None:
    """Issues join the long list of a year running or to come (`rules.year_has_ended`)."""
    if year_has_ended(year.ends_on, today):
        raise ValidationError(ended_year_refusal(year))


def previous_year(year: CycleYear) -> CycleYear | None:
    """The year before this one: in the same cycle, or the last year of the cycle before."""
    earlier = CycleYear.objects.filter(
        cycle__partnership=year.cycle.partnership_id, starts_on__lt=year.starts_on
    ).order_by("-starts_on")
    return earlier.first()


# What an issue carried over to the next year keeps of the original.
CARRIED_ISSUE_FIELDS = (
    "title",
    "description",
    "theme",
    "lead_agency",
    "pestelo",
    "pestelo_note",
    "serious_violence",
)


@transaction.atomic
def carry_over_issues(*, year: CycleYear, today: date | None = None) -> list[Issue]:
    """Copy last year's long list into this year, once. Issues already carried over,
    or with a title already on this year's list, are left alone. Given `today`, this
    year must not have ended, as for any new issue (`save_issue`)."""
    if today is not None:
        check_year_not_ended(year, today)
    source_year = previous_year(year)
    if source_year is None:
        raise ValidationError("There is no earlier year to carry issues over from.")
    taken = {t.lower() for t in year.issues.values_list("title", flat=True)}
    carried = []
    for old in source_year.issues.all():
        if old.title.lower() in taken:
            continue
        carried.append(
            Issue(
                year=year,
                **fields_of(old, *CARRIED_ISSUE_FIELDS),
                source=Issue.Source.CARRIED_OVER,
                carried_from=old,
            )
        )
    return bulk_create_with_history(carried, Issue)


# Themes. An issue holds its theme's name, so a rename or a merge is carried to every
# issue of the partnership here, each recorded in the issue's history.

THEME_NOT_LISTED = (
    "Choose one of the partnership's themes. Admins and analysts can add one on the themes page."
)


def theme_name(*, year: CycleYear, theme: str) -> str:
    """The partnership's own spelling of a theme, or a refusal if it has no such theme.
    Issues and rationale requests take their theme only from this list."""
    text = tidy_theme(theme or "")
    if not text:
        return ""
    known = Theme.objects.filter(partnership=year.cycle.partnership_id, name__iexact=text)
    match = known.first()
    if match is None:
        raise ValidationError({"theme": THEME_NOT_LISTED})
    return match.name


def add_default_themes(*, partnership: Partnership) -> None:
    """Victims, offenders and locations, for a partnership that has no themes yet."""
    if not partnership.themes.exists():
        bulk_create_with_history(
            [Theme(partnership=partnership, name=name) for name in DEFAULT_THEMES], Theme
        )


def _same_name(partnership: Partnership, name: str, *, other_than: Theme | None = None):
    return (
        partnership.themes.filter(name__iexact=name)
        .exclude(pk=other_than.pk if other_than else None)
        .first()
    )


def add_theme(*, partnership: Partnership, name: str) -> Theme:
    name = tidy_theme(name)
    existing = _same_name(partnership, name)
    if existing:
        raise ValidationError({"name": f"There is already a theme called “{existing.name}”."})
    theme = Theme(partnership=partnership, name=name)
    theme.full_clean()
    theme.save()
    return theme


@transaction.atomic
def rename_theme(*, theme: Theme, name: str, merge: bool = False) -> Theme:
    """Rename a theme, and its issues with it. A name another theme has already is a
    merge, done only when asked for: that theme takes this one's issues, and this one
    goes. Returns the theme the issues are under now."""
    name = tidy_theme(name)
    if not name:
        raise ValidationError({"name": "Enter the theme's name."})
    other = _same_name(theme.partnership, name, other_than=theme)
    if other and not merge:
        raise ValidationError(
            {
                "name": f"There is already a theme called “{other.name}”. To move this "
                "theme's issues to it, tick “Merge into that theme”."
            }
        )
    old, new = theme.name, other.name if other else name
    reason = f"Theme “{old}” merged into “{new}”" if other else f"Theme “{old}” renamed “{new}”"
    issues = Issue.objects.select_for_update().filter(
        year__cycle__partnership=theme.partnership_id, theme=old
    )
    for issue in issues:
        issue.theme = new
        issue._change_reason = reason
        issue.save(update_fields=["theme"])
    if other:
        theme._change_reason = reason
        theme.delete()
        return other
    theme.name = name
    theme.full_clean()
    theme.save()
    return theme
