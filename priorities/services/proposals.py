"""Writes to proposals: proposing, changing, carrying last year's agreed priorities
over, publishing, and the six-month review with its reminder e-mail."""

import logging
from collections.abc import Iterable
from datetime import date
from smtplib import SMTPException

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from csp_assessment.edits import refuse_if_changed
from cycles.models import CycleYear, Issue
from cycles.services import previous_year
from partnerships.models import Agency, Membership

from .. import permissions, rules
from ..models import (
    Priority,
    ReminderSent,
    Review,
)

log = logging.getLogger(__name__)


def _partnership_of(year: CycleYear) -> int:
    return year.cycle.partnership_id


def _check_proposal(*, year: CycleYear, issues, lead, lead_agency, continues, title: str) -> None:
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
    if continues is not None:
        earlier = previous_year(year)
        if earlier is None or continues.year_id != earlier.pk:
            errors["continues"] = "Choose one of last cycle's priorities."
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
    serious_violence: bool = False,
) -> Priority:
    """Check a new or changed proposal against its year, then save it with its issues."""
    issues = list(issues)
    _check_proposal(
        year=priority.year,
        issues=issues,
        lead=lead,
        lead_agency=lead_agency,
        continues=continues,
        title=title,
    )
    priority.title, priority.emphasis = title.strip(), emphasis.strip()
    priority.rationale, priority.proposed_kpis = rationale.strip(), proposed_kpis.strip()
    priority.lead, priority.lead_agency, priority.continues = lead, lead_agency, continues
    priority.serious_violence = serious_violence
    priority.full_clean()
    priority.save()
    priority.issues.set(issues)
    return priority


@transaction.atomic
def propose_priority(*, year: CycleYear, seen: str | None = None, **proposal) -> Priority:
    """Propose a priority for the year. `proposal` holds the fields `_save_proposal`
    names: title and issues, and optionally emphasis, rationale, lead, lead agency,
    proposed KPIs and the priority it continues."""
    priority = Priority(year=year, position=year.priorities.count() + 1)
    return _save_proposal(priority, **proposal)


@transaction.atomic
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
    refuse_if_changed(
        seen=seen,
        saved_at=current.updated_at,
        what="priority",
        current={name: getattr(current, name) for name in labels},
        wanted=wanted,
        labels=labels,
    )
    return _save_proposal(priority, **proposal)


@transaction.atomic
def carry_over_priorities(*, year: CycleYear) -> list[Priority]:
    """Propose again, in this year, every priority the board agreed last year.

    Each copy records the priority it continues and links the issues carried over
    from the old priority's issues. Priorities already continued are left alone, so
    running it twice adds nothing. The board still decides on each copy."""
    source = previous_year(year)
    if source is None:
        raise ValidationError("There is no earlier year to carry priorities over from.")
    done = set(year.priorities.exclude(continues=None).values_list("continues_id", flat=True))
    carried_issues = {
        issue.carried_from_id: issue for issue in year.issues.exclude(carried_from=None)
    }
    copies = []
    for old in (
        source.priorities.filter(status=Priority.Status.AGREED)
        .exclude(pk__in=done)
        .prefetch_related("issues")
        .order_by("position")
    ):
        issues = [carried_issues[i.pk] for i in old.issues.all() if i.pk in carried_issues]
        if not issues:
            raise ValidationError(
                f"“{old.title}” has no issues on this year's long list yet. Carry last "
                "year's issues over first, so each priority keeps its issues."
            )
        copy = propose_priority(
            year=year,
            title=old.title,
            emphasis=old.emphasis,
            rationale=old.rationale,
            lead=old.lead,
            lead_agency=old.lead_agency,
            proposed_kpis=old.proposed_kpis,
            serious_violence=old.serious_violence,
            continues=old,
            issues=issues,
        )
        copies.append(copy)
    return copies


@transaction.atomic
def publish_priorities(*, year: CycleYear) -> int:
    """Publish the year's agreed priorities on the public summary page."""
    agreed = year.priorities.filter(status=Priority.Status.AGREED)
    if not agreed.exists():
        raise ValidationError("There are no agreed priorities to publish yet.")
    # Saved one by one, so each priority's history records who published it and when.
    for priority in year.priorities.all():
        published = priority.status == Priority.Status.AGREED
        if priority.published != published:
            priority.published = published
            priority.save(update_fields=["published", "updated_at"])
    return agreed.count()


@transaction.atomic
def set_review(*, year: CycleYear, review_on: date, note: str = "") -> Review:
    review, _ = Review.objects.get_or_create(year=year, defaults={"review_on": review_on})
    if review.review_on != review_on:
        # A new date deserves a new reminder.
        ReminderSent.objects.filter(review=review).delete()
    review.review_on, review.note = review_on, note.strip()
    review.save()
    return review


def _recipients(review: Review) -> list[str]:
    year = review.year
    people = Membership.objects.filter(
        partnership=year.cycle.partnership_id, role__in=permissions.can_manage.roles
    ).values_list("user__email", flat=True)
    leads = Priority.objects.filter(
        year=year, status=Priority.Status.AGREED, lead__isnull=False
    ).values_list("lead__user__email", flat=True)
    return sorted({email for email in [*people, *leads] if email})


def send_review_reminder(*, review: Review, today: date) -> bool:
    """Claim the review's reminder by creating its one ReminderSent row, then send.
    A second run (or a second worker) fails to create the row and sends nothing. If
    the mail server refuses or cannot be reached, the claim is let go, so the next run
    tries again: a reminder is never lost to a mail fault, nor sent twice."""
    recipients = _recipients(review)
    try:
        with transaction.atomic():
            claim = ReminderSent.objects.create(
                review=review, sent_at=timezone.now(), recipients=recipients
            )
    except IntegrityError:
        return False
    try:
        _send_reminder(review, recipients)
    except (SMTPException, OSError) as error:
        claim.delete()
        log.warning("Review reminder %s not sent, will try again: %s", review.pk, error)
        return False
    return True


def _send_reminder(review: Review, recipients: list[str]) -> None:
    year = review.year
    send_mail(
        subject=f"Six-month review due on {review.review_on:%-d %B %Y}",
        message=(
            f"The six-month review of {year.cycle.partnership.name}'s strategic assessment "
            f"for {year.label} is due on {review.review_on:%-d %B %Y}.\n\n"
            "Check the watchlist for changes in the issues that were not chosen, and the "
            "KPIs and actions of the agreed priorities."
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=recipients,
    )


def send_due_review_reminders(*, today: date) -> int:
    sent = 0
    due = Review.objects.filter(reminder__isnull=True).select_related("year__cycle__partnership")
    for review in due:
        if rules.reminder_due(review_on=review.review_on, today=today):
            sent += send_review_reminder(review=review, today=today)
    return sent
