"""Writes to proposals: proposing, changing, carrying last year's agreed priorities
over, publishing, and the six-month review with its reminder email."""

from collections.abc import Iterable
from datetime import date

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from csp_assessment.copying import fields_of
from csp_assessment.dates import day
from csp_assessment.edits import refuse_if_record_changed
from cycles.models import CycleYear, Issue
from cycles.services import previous_year
from partnerships.models import Agency, Membership
from partnerships.services import check_still_here

from .. import cycle_selectors, notices, permissions, rules, selectors
from ..models import (
    Objective,
    Priority,
    ReminderSent,
    Review,
)
from .objectives import check_objectives


def _partnership_of(year: CycleYear) -> int:
    return year.cycle.partnership_id


def _check_proposal(
    *, year: CycleYear, issues, lead, lead_agency, continues, title: str, kind: str, parent
) -> None:
    errors = {}
    if not title.strip():
        errors["title"] = "Give the priority a title."
    if not issues:
        errors["issues"] = "Link at least one issue from the ranking."
    elif any(issue.year_id != year.pk for issue in issues):
        errors["issues"] = "Choose issues from this year's long list."
    if lead is not None and lead.partnership_id != _partnership_of(year):
        errors["lead"] = "The lead must be a member of this partnership."
    if lead_agency is not None and lead_agency.partnership_id != _partnership_of(year):
        errors["lead_agency"] = "Choose an agency of this partnership."
    if continues is not None and continues.pk not in {
        p.pk for p in cycle_selectors.last_cycle_priorities(year)
    }:
        errors["continues"] = "Choose one of last cycle's priorities."
    if kind not in Priority.Kind.values:
        errors["kind"] = "Choose whether this is a priority or a focus area."
    elif kind == Priority.Kind.FOCUS_AREA:
        in_force = {p.pk for p in selectors.cycle_priorities(year) if p.parent_id is None}
        if parent is None:
            errors["parent"] = "Choose the cycle's priority this focus area sits under."
        elif parent.pk not in in_force:
            errors["parent"] = "Choose one of the cycle's agreed priorities still in force."
    elif parent is not None:
        errors["parent"] = "Only a focus area sits under one of the cycle's priorities."
    if errors:
        raise ValidationError(errors)


def _save_proposal(
    priority: Priority,
    *,
    title: str,
    issues: Iterable[Issue],
    emphasis: str = "",
    rationale: str = "",
    lead: Membership | None = None,
    lead_agency: Agency | None = None,
    proposed_kpis: str = "",
    continues: Priority | None = None,
    kind: str = Priority.Kind.PRIORITY,
    parent: Priority | None = None,
    serious_violence: bool = False,
    objectives: Iterable[Objective] | None = None,
) -> Priority:
    """Check a new or changed proposal against its year, then save it with its issues.
    A focus area (`kind`) sits under `parent`, one of the cycle's agreed priorities.
    `objectives` are the other plans' objectives it serves (None leaves them as they are)."""
    issues = list(issues)
    if objectives is not None:
        kept = priority.objectives.values_list("pk", flat=True) if priority.pk else ()
        objectives = check_objectives(priority, objectives, kept=kept)
    check_still_here(lead, field="lead", now=priority.lead_id)
    _check_proposal(
        year=priority.year,
        issues=issues,
        lead=lead,
        lead_agency=lead_agency,
        continues=continues,
        title=title,
        kind=kind,
        parent=parent,
    )
    priority.kind, priority.parent = kind, parent
    priority.title, priority.emphasis = title.strip(), emphasis.strip()
    priority.rationale, priority.proposed_kpis = rationale.strip(), proposed_kpis.strip()
    priority.lead, priority.lead_agency, priority.continues = lead, lead_agency, continues
    priority.serious_violence = serious_violence
    priority.full_clean()
    priority.save()
    priority.issues.set(issues)
    if objectives is not None:
        priority.objectives.set(objectives)
    return priority


@transaction.atomic
def propose_priority(*, year: CycleYear, seen: str | None = None, **proposal) -> Priority:
    """Propose a priority for the year. `proposal` holds the fields `_save_proposal`
    names: title and issues, and optionally emphasis, rationale, lead, lead agency,
    proposed KPIs, the priority it continues, and for a focus area its kind and parent.
    In year 1 the board agrees the cycle's priorities; later years' proposals are
    additions for the rest of the cycle (rules.PROPOSAL_PURPOSE)."""
    priority = Priority(year=year, position=year.priorities.count() + 1)
    return _save_proposal(priority, **proposal)


@transaction.atomic
def update_priority(*, priority: Priority, seen: str | None = None, **proposal) -> Priority:
    """Change a proposal (the same fields as `propose_priority`). After the board has
    decided, the change is allowed but the priority then shows as changed since the
    board agreed it. With `seen`, a change saved by someone else since the form was
    opened is refused rather than overwritten."""
    current = Priority.objects.select_for_update().get(pk=priority.pk)
    labels = {"title": "the title", "emphasis": "the emphasis", "rationale": "the rationale"}
    labels |= {"proposed_kpis": "the proposed KPIs", "lead_id": "the lead"}
    wanted = {name: proposal.get(name, getattr(current, name)) for name in labels}
    wanted["lead_id"] = proposal["lead"].pk if proposal.get("lead") else None
    refuse_if_record_changed(
        current,
        seen=seen,
        what="priority",
        wanted=wanted,
        labels=labels,
    )
    return _save_proposal(priority, **proposal)


# What a priority carried over to the next cycle keeps of the one it continues.
CARRIED_FIELDS = (
    "title",
    "emphasis",
    "rationale",
    "lead",
    "lead_agency",
    "proposed_kpis",
    "serious_violence",
)


@transaction.atomic
def carry_over_priorities(*, year: CycleYear) -> list[Priority]:
    """Propose again, in the first year of a cycle, the last cycle's priorities as
    they stood in its final year (focus areas aside: they sat under the old ones).

    Each copy records the priority it continues, links the issues carried over from
    the old priority's issues, and serves the other plans' objectives of the old one
    that are still current (`rules.objectives_to_carry`; ended ones are left).
    Priorities already continued are left alone, so running it twice adds nothing.
    The board still decides on each copy. Within a cycle there is nothing to carry:
    the cycle's priorities carry on by themselves."""
    source = previous_year(year)
    if source is None:
        raise ValidationError("There is no earlier year to carry priorities over from.")
    if source.cycle_id == year.cycle_id:
        raise ValidationError(
            "The cycle's agreed priorities already carry on into this year, so there is "
            "nothing to carry over. Propose only additional priorities or focus areas."
        )
    carried_issues = {
        issue.carried_from_id: issue for issue in year.issues.exclude(carried_from=None)
    }
    by_title = {issue.title.lower(): issue for issue in year.issues.all()}
    copies = []
    for line in cycle_selectors.to_carry_over(year):
        old = line.priority
        # An old priority's issues are from the year it was agreed, which in a four-year
        # cycle is not the year the long list was carried from: match by title then.
        issues = [
            carried_issues.get(i.pk) or by_title[i.title.lower()]
            for i in old.issues.all()
            if i.pk in carried_issues or i.title.lower() in by_title
        ]
        if not issues:
            raise ValidationError(
                f"“{old.title}” has no issues on this year's long list yet. Carry last "
                "year's issues over first, so each priority keeps its issues."
            )
        carried = fields_of(old, *CARRIED_FIELDS)
        if old.lead and old.lead.has_left:
            carried["lead"] = None  # the agency stays; the board names a new lead
        copy = propose_priority(year=year, **carried, continues=old, issues=issues)
        # The objectives still current go with it; ended ones stay behind.
        copy.objectives.set(check_objectives(copy, line.carried))
        copies.append(copy)
    return copies


@transaction.atomic
def publish_priorities(*, year: CycleYear) -> int:
    """Publish the cycle's priorities in force in `year` (those agreed this year and
    earlier in the cycle, with their focus areas) on the public priorities page. This
    year's proposals that were not agreed come off it."""
    in_force = selectors.cycle_priorities(year)
    if not in_force:
        raise ValidationError("There are no agreed priorities to publish yet.")
    # Saved one by one, so each priority's history records who published it and when.
    changed = [p for p in in_force if not p.published]
    changed += [p for p in year.priorities.exclude(status=Priority.Status.AGREED) if p.published]
    for priority in changed:
        priority.published = priority.status == Priority.Status.AGREED
        priority.save(update_fields=["published", "updated_at"])
    return len(in_force)


@transaction.atomic
def set_review(*, year: CycleYear, review_on: date, note: str = "") -> Review:
    first, last = rules.review_window(year.starts_on, year.ends_on)
    if not first <= review_on <= last:
        raise ValidationError(
            {
                "review_on": f"The review date must be between {day(first)} and {day(last)}: "
                f"from the start of {year.label} to six months after it ends."
            }
        )
    review, _ = Review.objects.get_or_create(year=year, defaults={"review_on": review_on})
    if review.review_on != review_on:
        # A new date deserves a new reminder.
        ReminderSent.objects.filter(review=review).delete()
    review.review_on, review.note = review_on, note.strip()
    review.save()
    return review


def _recipients(review: Review) -> list[User]:
    year = review.year
    people = (
        Membership.objects.current()
        .filter(partnership=year.cycle.partnership_id, role__in=permissions.can_manage.roles)
        .values_list("user_id", flat=True)
    )
    # The leads of every priority in force (year 1's priorities hold for the cycle) who
    # have not left.
    leads = Priority.objects.filter(
        selectors.in_force(year), lead__isnull=False, lead__left_at=None
    ).values_list("lead__user_id", flat=True)
    users = User.objects.filter(pk__in={*people, *leads}).exclude(email="")
    return list(users.order_by("email"))


def send_review_reminder(*, review: Review, today: date) -> bool:
    """Claim the review's reminder by creating its one ReminderSent row, and record a
    notification for each person in the same transaction. A second run (or a second
    worker) fails to create the row and records nothing. The notifications app sends
    each one by the worker; a mail server that is down is recorded there and tried
    again, so a reminder is never lost to a mail fault, nor sent twice."""
    people = _recipients(review)
    try:
        with transaction.atomic():
            ReminderSent.objects.create(
                review=review, sent_at=timezone.now(), recipients=[u.email for u in people]
            )
            for user in people:
                notices.review_due(review=review, user=user)
    except IntegrityError:
        return False
    return True


def send_due_review_reminders(*, today: date) -> int:
    """Registered with the notifications app's hourly due checks (apps.py). Only a review
    still to write is reminded, and only while its year runs, as the dashboard lists it
    (board_papers_dashboard.reviews_waiting): one taken to the board or decided needs no
    reminder, nor one of a year that has ended."""
    sent = 0
    due = Review.objects.filter(
        reminder__isnull=True, status=Review.Status.DRAFT, year__ends_on__gte=today
    ).select_related("year__cycle__partnership")
    for review in due:
        if rules.reminder_due(review_on=review.review_on, today=today):
            sent += send_review_reminder(review=review, today=today)
    return sent
