"""Writes to the six-month review: the analyst's draft (what changed in the data and a
verdict on each agreed priority), taking it to a board agenda item, and recording the
board's decision there once the meeting has taken place. A decided review is frozen."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from csp_assessment.dates import day
from csp_assessment.edits import last_saved_by, refuse_if_changed
from cycles.models import CycleYear
from partnerships.models import Membership

from . import permissions, review_selectors
from .models import Item, Priority
from .review_models import Review, ReviewDecision, ReviewPriority
from .services.meetings import board_meeting, record_paper_decision

FIELDS = {"data_to": "the month the assessment's data ends", "data_summary": "the summary"}
NOTE_NEEDED = {
    ReviewPriority.Verdict.CHANGE: "Say what should change.",
    ReviewPriority.Verdict.RETIRE: "Say why it should retire.",
}


def _refuse_unless_draft(review: Review) -> None:
    if review.status == Review.Status.WITH_BOARD:
        raise ValidationError(
            "The review has been taken to the board, so it cannot change until the board "
            "has decided on it."
        )
    if review.status == Review.Status.DECIDED:
        raise ValidationError("The board has decided on this review, so it cannot change.")


def _review_for(year: CycleYear, today: date) -> Review:
    """The year's review, locked; made now (held today) when no date was ever set."""
    review, _ = Review.objects.get_or_create(year=year, defaults={"review_on": today})
    return Review.objects.select_for_update().get(pk=review.pk)


@transaction.atomic
def save_review(
    *,
    year: CycleYear,
    data_to: date | None,
    data_summary: str,
    verdicts: dict[int, tuple[str, str]],
    seen: str | None = None,
    today: date | None = None,
) -> Review:
    """Save the draft: the last month of data the assessment used, the summary of what
    changed, and `verdicts` {priority id: (verdict, note)} on the cycle's agreed
    priorities (an empty verdict means not decided yet). With `seen`, a save made by
    someone else since the form was opened is refused rather than overwritten."""
    today = today or timezone.localdate()
    review = _review_for(year, today)
    _refuse_unless_draft(review)
    wanted = {"data_to": data_to, "data_summary": data_summary.strip()}
    agreed = {p.pk: p for p in review_selectors.agreed_priorities(year)}
    _refuse_if_saved_since(review, seen, wanted, verdicts, agreed)
    errors = {}
    if data_to is not None and (data_to.day != 1 or data_to > today):
        errors["data_to"] = "Choose a month that has passed, from the list."
    for priority_id, (verdict, note) in verdicts.items():
        if priority_id not in agreed:
            errors[None] = "Give verdicts only on the cycle's agreed priorities."
        elif verdict and verdict not in ReviewPriority.Verdict.values:
            errors[f"verdict_{priority_id}"] = "Choose a verdict from the list."
        elif verdict in NOTE_NEEDED and not note.strip():
            errors[f"note_{priority_id}"] = NOTE_NEEDED[verdict]
    if None in errors:
        raise ValidationError(errors[None])
    if errors:
        raise ValidationError(errors)
    for name, value in wanted.items():
        setattr(review, name, value)
    review.full_clean()
    review.save()
    existing = {v.priority_id: v for v in ReviewPriority.objects.filter(review=review)}
    for priority_id, (verdict, note) in verdicts.items():
        row = existing.get(priority_id)
        if not verdict:
            if row is not None:
                row.delete()
            continue
        if row is None:
            row = ReviewPriority(review=review, priority=agreed[priority_id])
        if (row.verdict, row.note) != (verdict, note.strip()):
            row.verdict, row.note = verdict, note.strip()
            row.full_clean()
            row.save()
    return review


def _refuse_if_saved_since(review, seen, wanted, verdicts, agreed) -> None:
    """The edit clash check over the whole form: the month, the summary and each
    verdict with its note, so the refusal names a verdict someone else changed."""
    rows = {
        row.priority_id: (row.verdict, row.note)
        for row in ReviewPriority.objects.filter(review=review)
    }
    labels, current, asked = dict(FIELDS), {n: getattr(review, n) for n in FIELDS}, dict(wanted)
    for priority_id, (verdict, note) in verdicts.items():
        if priority_id in agreed:
            key = f"verdict_{priority_id}"
            labels[key] = f"the verdict on {agreed[priority_id].title}"
            current[key] = rows.get(priority_id, ("", ""))
            asked[key] = (verdict, note.strip()) if verdict else ("", "")
    refuse_if_changed(
        seen=seen,
        saved_at=review.updated_at,
        saved_by=last_saved_by(review),
        what="review",
        current=current,
        wanted=asked,
        labels=labels,
    )


NOT_BOARD = "The board decides on the review. Choose an item of a board meeting."
DECIDED_ALREADY = "The board has already decided on this review."
NOT_TAKEN = "The review has not been taken to the board. Take it to a board meeting first."


def decision_refusal(review: Review | None) -> str:
    """Why the board's decision on the review cannot be recorded now; empty when it can
    (the review waits at a board agenda item)."""
    if review is not None and review.status == Review.Status.DECIDED:
        return DECIDED_ALREADY
    if review is None or not review.awaits_decision():
        return NOT_TAKEN
    return ""


@transaction.atomic
def take_review_to_board(*, review: Review, item: Item) -> Review:
    """Put the draft on a board agenda item. It must say what changed in the data and
    give a verdict on every agreed priority; from now on it is read-only."""
    review = Review.objects.select_for_update().select_related("year__cycle").get(pk=review.pk)
    _refuse_unless_draft(review)
    board_meeting(item, partnership_id=review.year.cycle.partnership_id, not_board=NOT_BOARD)
    missing = [
        pv.priority.display_title
        for pv in review_selectors.verdicts(review, review.year)
        if pv.verdict is None
    ]
    if not review.data_summary.strip():
        raise ValidationError("Write what changed in the data before taking it to the board.")
    if missing:
        raise ValidationError(
            "Give a verdict on every agreed priority first. Still to do: "
            + "; ".join(missing)
            + "."
        )
    review.status, review.board_item, review.taken_at = (
        Review.Status.WITH_BOARD,
        item,
        timezone.now(),
    )
    review.save(update_fields=["status", "board_item", "taken_at", "updated_at"])
    return review


@transaction.atomic
def record_review_decision(
    *,
    review: Review,
    outcome: str,
    minute: str,
    recorded_by: Membership,
    today: date | None = None,
) -> ReviewDecision:
    """Record the board's decision at the agenda item the review was taken to, with a
    frozen copy of what it read. Agreed (with or without amendments), the review is
    decided and frozen; not agreed or deferred, it goes back to a draft to change and
    take again. Only once the meeting has taken place, and while it is open."""
    review = Review.objects.select_for_update().select_related("year__cycle").get(pk=review.pk)
    if refusal := decision_refusal(review):
        raise ValidationError(refusal)
    decision = record_paper_decision(
        item=review.board_item,
        partnership_id=review.year.cycle.partnership_id,
        not_board=NOT_BOARD,
        recorded_by=recorded_by,
        may_record=permissions.can_record_review_decision(recorded_by),
        refusal="Only this partnership's board and those who run its meetings do.",
        outcome=outcome,
        minute=minute,
        today=today,
        build=lambda **fields: ReviewDecision(
            review=review, snapshot=review_selectors.snapshot(review), **fields
        ),
        heading="Six-month review",
    )
    if decision.approves():
        review.status = Review.Status.DECIDED
        _retire(review)
    else:
        review.status, review.board_item, review.taken_at = Review.Status.DRAFT, None, None
    review.save(update_fields=["status", "board_item", "taken_at", "updated_at"])
    return decision


def _retire(review: Review) -> list[Priority]:
    """The board agreed the review: the priorities it says to retire stop counting from
    the cycle's next year (their focus areas with them). In the cycle's last year there
    is no next year, and the cycle's end retires them anyway."""
    following = review.year.cycle.years.filter(number=review.year.number + 1).first()
    if following is None:
        return []
    retired = []
    for verdict in review.verdicts.filter(verdict=ReviewPriority.Verdict.RETIRE).select_related(
        "priority"
    ):
        priority = verdict.priority
        if priority.ended_in_id is None:
            priority.ended_in = following
            priority.save(update_fields=["ended_in", "updated_at"])  # history records who
            retired.append(priority)
    return retired


def decided_message(decision: ReviewDecision) -> str:
    return (
        f"Decision recorded: the review was {decision.get_outcome_display().lower()} at "
        f"the meeting of {day(decision.item.meeting.held_on)}."
    )
