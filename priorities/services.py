"""Every write in priorities: proposals, meetings, decisions (with their snapshot), KPIs
and their figures, actions, escalation to the county, the review and its reminder, and
checklist runs. Each service checks the state it needs and says plainly what is not
allowed."""

from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from consultation.selectors import survey_results
from cycles.models import CycleYear, Issue
from cycles.services import previous_year
from partnerships.models import Agency, Membership, Partnership, Role

from . import rules, selectors
from .models import (
    KPI,
    Action,
    ActionUpdate,
    ChecklistItem,
    ChecklistRun,
    ChecklistTemplate,
    Decision,
    Item,
    KPIValue,
    Meeting,
    Priority,
    ReminderSent,
    Review,
    YouSaidWeDid,
)

# Proposals ----------------------------------------------------------------------------


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


@transaction.atomic
def propose_priority(
    *,
    year: CycleYear,
    title: str,
    issues: Iterable[Issue],
    emphasis: str = "",
    rationale: str = "",
    lead: Membership | None = None,
    lead_agency: Agency | None = None,
    proposed_kpis: str = "",
    continues: Priority | None = None,
) -> Priority:
    issues = list(issues)
    _check_proposal(
        year=year,
        issues=issues,
        lead=lead,
        lead_agency=lead_agency,
        continues=continues,
        title=title,
    )
    position = year.priorities.count() + 1
    priority = Priority(
        year=year,
        title=title.strip(),
        emphasis=emphasis.strip(),
        rationale=rationale.strip(),
        lead=lead,
        lead_agency=lead_agency,
        proposed_kpis=proposed_kpis.strip(),
        continues=continues,
        position=position,
    )
    priority.full_clean()
    priority.save()
    priority.issues.set(issues)
    return priority


@transaction.atomic
def update_priority(
    *,
    priority: Priority,
    title: str,
    issues: Iterable[Issue],
    emphasis: str = "",
    rationale: str = "",
    lead: Membership | None = None,
    lead_agency: Agency | None = None,
    proposed_kpis: str = "",
    continues: Priority | None = None,
) -> Priority:
    """Change a proposal. After the board has decided, the change is allowed but the
    priority then shows as changed since the board agreed it."""
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
    priority.full_clean()
    priority.save()
    priority.issues.set(issues)
    return priority


@transaction.atomic
def publish_priorities(*, year: CycleYear) -> int:
    """Publish the year's agreed priorities on the public summary page."""
    agreed = year.priorities.filter(status=Priority.Status.AGREED)
    if not agreed.exists():
        raise ValidationError("There are no agreed priorities to publish yet.")
    year.priorities.exclude(status=Priority.Status.AGREED).update(published=False)
    return agreed.update(published=True)


# Meetings and decisions ---------------------------------------------------------------


@transaction.atomic
def create_meeting(
    *,
    partnership: Partnership,
    held_on: date,
    title: str = "Partnership board",
    location: str = "",
    attendees: str = "",
    apologies: str = "",
) -> Meeting:
    meeting = Meeting(
        partnership=partnership,
        held_on=held_on,
        title=title.strip(),
        location=location.strip(),
        attendees=attendees.strip(),
        apologies=apologies.strip(),
    )
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def add_item(*, meeting: Meeting, title: str, summary: str = "") -> Item:
    item = Item(
        meeting=meeting,
        title=title.strip(),
        summary=summary.strip(),
        position=meeting.items.count() + 1,
    )
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def record_item_outcome(*, item: Item, outcome: str) -> Item:
    if not outcome.strip():
        raise ValidationError({"outcome": "Say what the board decided to do about this item."})
    item.outcome = outcome.strip()
    item.save(update_fields=["outcome"])
    return item


STATUS_AFTER = {
    Decision.Outcome.AGREED: Priority.Status.AGREED,
    Decision.Outcome.AGREED_WITH_AMENDMENTS: Priority.Status.AGREED,
    Decision.Outcome.NOT_AGREED: Priority.Status.NOT_AGREED,
    Decision.Outcome.DEFERRED: Priority.Status.DEFERRED,
}


@transaction.atomic
def record_decision(
    *,
    item: Item,
    priority: Priority,
    outcome: str,
    minute: str,
    decided_by: Membership,
    report_version: str | None = None,
) -> Decision:
    """Record the board's decision on a proposal and freeze what it decided on.

    The priority row is locked so two board members saving at once cannot both decide."""
    priority = (
        Priority.objects.select_for_update().select_related("year__cycle").get(pk=priority.pk)
    )
    meeting = item.meeting
    if priority.year.cycle.partnership_id != meeting.partnership_id:
        raise ValidationError({"priority": "Choose a priority of this partnership."})
    if outcome not in Decision.Outcome.values:
        raise ValidationError({"outcome": "Choose a decision from the list."})
    if not minute.strip():
        raise ValidationError({"minute": "Write the minute: what the board decided and why."})
    if decided_by.role != Role.BOARD_MEMBER or decided_by.partnership_id != meeting.partnership_id:
        raise ValidationError("Only members of this partnership's board can record decisions.")
    if priority.status not in (Priority.Status.PROPOSED, Priority.Status.DEFERRED):
        raise ValidationError(
            {
                "priority": f"{priority.title} has already been decided "
                f"({priority.get_status_display().lower()}). It cannot be decided again."
            }
        )
    if Decision.objects.filter(item=item, priority=priority).exists():
        raise ValidationError({"priority": "This item already has a decision on that priority."})
    decision = Decision.objects.create(
        item=item,
        priority=priority,
        outcome=outcome,
        minute=minute.strip(),
        snapshot=selectors.priority_snapshot(priority),
        report_version=report_version,
        decided_by=decided_by,
        decided_at=timezone.now(),
    )
    priority.status = STATUS_AFTER[outcome]
    priority.save(update_fields=["status", "updated_at"])
    if (
        priority.status == Priority.Status.AGREED
        and not Review.objects.filter(year=priority.year).exists()
    ):
        Review.objects.create(
            year=priority.year,
            review_on=rules.months_after(meeting.held_on, rules.REVIEW_MONTHS),
            note="Six-month review of the assessment and the agreed priorities.",
        )
    return decision


# KPIs -------------------------------------------------------------------------------------


@transaction.atomic
def add_kpi(
    *,
    priority: Priority,
    name: str,
    baseline,
    target,
    direction: str,
    period: str = KPI.Period.QUARTER,
    unit: str = "",
) -> KPI:
    if priority.status != Priority.Status.AGREED:
        raise ValidationError(
            "KPIs belong to agreed priorities. The board has not agreed this one."
        )
    if baseline == target:
        raise ValidationError({"target": "The target must differ from the baseline."})
    kpi = KPI(
        priority=priority,
        name=name.strip(),
        baseline=baseline,
        target=target,
        direction=direction,
        period=period,
        unit=unit.strip(),
    )
    kpi.full_clean()
    kpi.save()
    return kpi


@transaction.atomic
def enter_kpi_value(
    *, kpi: KPI, period_ending: date, value, entered_by: Membership, note: str = ""
) -> KPIValue:
    if KPIValue.objects.filter(kpi=kpi, period_ending=period_ending).exists():
        raise ValidationError(
            {
                "period_ending": "There is already a figure for the period ending "
                f"{period_ending:%-d %B %Y}. Choose another date."
            }
        )
    row = KPIValue(
        kpi=kpi, period_ending=period_ending, value=value, note=note.strip(), entered_by=entered_by
    )
    row.full_clean()
    row.save()
    return row


# Actions ---------------------------------------------------------------------------------


@transaction.atomic
def raise_action(
    *,
    partnership: Partnership,
    title: str,
    due_on: date,
    raised_on: date,
    owner: Membership | None = None,
    owner_agency: Agency | None = None,
    item: Item | None = None,
    decision: Decision | None = None,
    priority: Priority | None = None,
) -> Action:
    if item is None and decision is None:
        raise ValidationError("An action is raised from a meeting item or a decision.")
    if decision is not None:
        item = item or decision.item
        priority = priority or decision.priority
    errors = {}
    if item.meeting.partnership_id != partnership.pk:
        errors["item"] = "Choose an item from this partnership's meetings."
    if owner is not None and owner.partnership_id != partnership.pk:
        errors["owner"] = "The owner must be a member of this partnership."
    if owner_agency is not None and owner_agency.partnership_id != partnership.pk:
        errors["owner_agency"] = "Choose an agency of this partnership."
    if owner is None and owner_agency is None:
        errors["owner"] = "Give the action an owner: a person, an agency or both."
    if errors:
        raise ValidationError(errors)
    action = Action(
        partnership=partnership,
        title=title.strip(),
        due_on=due_on,
        raised_on=raised_on,
        owner=owner,
        owner_agency=owner_agency or (owner.agency if owner else None),
        item=item,
        decision=decision,
        priority=priority,
    )
    action.full_clean()
    action.save()
    return action


@transaction.atomic
def update_action(
    *,
    action: Action,
    status: str,
    note: str,
    author: Membership,
    written_on: date,
    partner_response: str | None = None,
) -> ActionUpdate:
    if status not in Action.Status.values:
        raise ValidationError({"status": "Choose a status from the list."})
    if not note.strip():
        raise ValidationError({"note": "Write what has happened since the last update."})
    if not action.is_open() and status == action.status:
        raise ValidationError(
            {"status": f"This action is {action.get_status_display().lower()}. Reopen it first."}
        )
    action.status = status
    fields = ["status"]
    if partner_response is not None:
        action.partner_response = partner_response.strip()
        fields.append("partner_response")
    action.save(update_fields=fields)
    return ActionUpdate.objects.create(
        action=action, written_on=written_on, note=note.strip(), author=author
    )


# Two-tier ---------------------------------------------------------------------------------


@transaction.atomic
def escalate_priority(*, priority: Priority, reason: str) -> Priority:
    partnership = priority.year.cycle.partnership
    if partnership.parent_id is None:
        raise ValidationError("This partnership has no county partnership to escalate to.")
    if priority.status != Priority.Status.AGREED:
        raise ValidationError("Only agreed priorities can be escalated to the county.")
    if not reason.strip():
        raise ValidationError({"reason": "Say why this priority needs a county-wide response."})
    priority.escalate_to_county = True
    priority.escalation_reason = reason.strip()
    priority.escalated_at = timezone.now()
    priority.save(update_fields=["escalate_to_county", "escalation_reason", "escalated_at"])
    return priority


@transaction.atomic
def adopt_escalation(*, district_priority: Priority, county_year: CycleYear) -> Priority:
    """Copy a district's escalated priority into the county's own priorities (the county
    community safety agreement), keeping a link back to where it came from."""
    county = county_year.cycle.partnership
    district = district_priority.year.cycle.partnership
    if district.parent_id != county.pk:
        raise ValidationError("Only the district's own county partnership can adopt it.")
    if not district_priority.escalate_to_county:
        raise ValidationError("That priority has not been escalated to the county.")
    if Priority.objects.filter(year=county_year, adopted_from=district_priority).exists():
        raise ValidationError(
            {"year": f"The county has already adopted it into {county_year.label}."}
        )
    return Priority.objects.create(
        year=county_year,
        title=district_priority.title,
        emphasis=district_priority.emphasis,
        rationale=f"Escalated by {district.name}: {district_priority.escalation_reason}",
        adopted_from=district_priority,
        position=county_year.priorities.count() + 1,
    )


# The six-month review ----------------------------------------------------------------------


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
        partnership=year.cycle.partnership_id, role__in=[Role.ADMIN, Role.ANALYST]
    ).values_list("user__email", flat=True)
    leads = Priority.objects.filter(
        year=year, status=Priority.Status.AGREED, lead__isnull=False
    ).values_list("lead__user__email", flat=True)
    return sorted({email for email in [*people, *leads] if email})


def send_review_reminder(*, review: Review, today: date) -> bool:
    """Claim the review's reminder by creating its one ReminderSent row, then send.
    A second run (or a second worker) fails to create the row and sends nothing."""
    recipients = _recipients(review)
    try:
        with transaction.atomic():
            ReminderSent.objects.create(
                review=review, sent_at=timezone.now(), recipients=recipients
            )
    except IntegrityError:
        return False
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
    return True


def send_due_review_reminders(*, today: date) -> int:
    sent = 0
    due = Review.objects.filter(reminder__isnull=True).select_related("year__cycle__partnership")
    for review in due:
        if rules.reminder_due(review_on=review.review_on, today=today):
            sent += send_review_reminder(review=review, today=today)
    return sent


# Checklists -----------------------------------------------------------------------------------


@transaction.atomic
def start_checklist(*, year: CycleYear, template: ChecklistTemplate) -> ChecklistRun:
    if ChecklistRun.objects.filter(year=year, template=template).exists():
        raise ValidationError(f"{template.name} has already been started for {year.label}.")
    run = ChecklistRun.objects.create(year=year, template=template)
    ChecklistItem.objects.bulk_create(
        ChecklistItem(run=run, requirement=requirement, action=requirement.suggested_action)
        for requirement in template.requirements.all()
    )
    return run


@transaction.atomic
def update_checklist_item(
    *,
    item: ChecklistItem,
    action: str,
    development: str,
    rag: str,
    status_key: str,
    owner: Membership | None,
    due_on: date | None,
    evidence_link: str = "",
    evidence_file=None,
) -> ChecklistItem:
    partnership_id = item.run.year.cycle.partnership_id
    if owner is not None and owner.partnership_id != partnership_id:
        raise ValidationError({"owner": "The owner must be a member of this partnership."})
    has_evidence = evidence_link or evidence_file or item.evidence_file
    if rag == ChecklistItem.Rag.GREEN and not has_evidence:
        raise ValidationError(
            {"evidence_link": "Add evidence (a link or a file) before marking this green."}
        )
    item.action, item.development, item.rag = action.strip(), development.strip(), rag
    item.status_key, item.owner, item.due_on = status_key, owner, due_on
    item.evidence_link = evidence_link.strip()
    if evidence_file:
        item.evidence_file = evidence_file
    item.full_clean()
    item.save()
    return item


# You said, we did -----------------------------------------------------------------


def _draft_said(survey, respondents: int, results, threshold: int) -> str:
    people = rules.shown_count(respondents, threshold)
    lines = [
        f"{people[0].upper()}{people[1:]} people answered “{survey.title}” between "
        f"{survey.opens_on:%-d %B %Y} and {survey.closes_on:%-d %B %Y}."
    ]
    for result in results:
        if result.question.kind == "ranking" and result.suggestions:
            top = [title for title, _ in result.suggestions[:3]]
            lines.append(f"The issues you ranked most important were {', '.join(top)}.")
        elif result.rows and result.question.kind in ("single", "multiple"):
            label, count = max(result.rows, key=lambda row: row[1])
            if count:
                lines.append(
                    f"Asked “{result.question.text}”, the most common answer was “{label}” "
                    f"({rules.shown_count(count, threshold)} people)."
                )
    return "\n".join(lines)


def _decisions_and_actions(survey) -> tuple[list[dict], list[dict]]:
    decisions = (
        Decision.objects.filter(priority__year=survey.year)
        .select_related("priority__lead_agency", "item__meeting")
        .order_by("item__meeting__held_on", "pk")
    )
    decided = [
        {
            "title": d.priority.title,
            "emphasis": d.priority.emphasis,
            "outcome": d.outcome,
            "decided_on": f"{d.item.meeting.held_on:%-d %B %Y}",
            "lead_agency": d.priority.lead_agency.name if d.priority.lead_agency_id else "",
        }
        for d in decisions
    ]
    actions = (
        Action.objects.filter(priority__year=survey.year)
        .select_related("owner_agency")
        .order_by("due_on", "pk")
    )
    followed = [
        {
            "title": a.title,
            "status": a.get_status_display(),
            "owner_agency": a.owner_agency.name if a.owner_agency_id else "",
            "due_on": f"{a.due_on:%-d %B %Y}",
        }
        for a in actions
    ]
    return decided, followed


@transaction.atomic
def draft_you_said_we_did(*, survey) -> YouSaidWeDid:
    """Start the page from the survey's results and the board's decisions. Once it
    exists, drafting again changes nothing: the analyst's edits are kept."""
    existing = YouSaidWeDid.objects.filter(survey=survey).first()
    if existing:
        return existing
    if survey.status == "draft":
        raise ValidationError("The survey has not been published, so nobody has answered it.")
    respondents, results = survey_results(survey, moderator=False)
    threshold = YouSaidWeDid._meta.get_field("threshold").default
    decided, followed = _decisions_and_actions(survey)
    return YouSaidWeDid.objects.create(
        survey=survey,
        title=f"You said, we did: {survey.title}",
        said=_draft_said(survey, respondents, results, threshold),
        did=rules.draft_we_did(decided, followed),
        questions=[r.question.pk for r in results if r.question.kind != "text"],
        threshold=threshold,
    )


@transaction.atomic
def update_you_said_we_did(
    *, page: YouSaidWeDid, title: str, said: str, did: str, questions: list[int], threshold: int
) -> YouSaidWeDid:
    if page.status == YouSaidWeDid.Status.PUBLISHED:
        raise ValidationError("This page is published. Withdraw it before you change it.")
    allowed = set(page.survey.questions.exclude(kind="text").values_list("pk", flat=True))
    if not set(questions) <= allowed:
        raise ValidationError({"questions": "Choose questions from this survey."})
    page.title, page.said, page.did = title, said, did
    page.questions, page.threshold = sorted(questions), threshold
    page.full_clean()
    page.save()
    return page


@transaction.atomic
def publish_you_said_we_did(*, page: YouSaidWeDid) -> YouSaidWeDid:
    if not page.said.strip() or not page.did.strip():
        raise ValidationError(
            "Say what people said and what the partnership did before publishing."
        )
    YouSaidWeDid.objects.filter(pk=page.pk, status=YouSaidWeDid.Status.DRAFT).update(
        status=YouSaidWeDid.Status.PUBLISHED, published_at=timezone.now()
    )
    page.refresh_from_db()
    return page


@transaction.atomic
def withdraw_you_said_we_did(*, page: YouSaidWeDid) -> YouSaidWeDid:
    YouSaidWeDid.objects.filter(pk=page.pk).update(
        status=YouSaidWeDid.Status.DRAFT, published_at=None
    )
    page.refresh_from_db()
    return page


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
            continues=old,
            issues=issues,
        )
        copies.append(copy)
    return copies
