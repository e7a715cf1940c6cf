"""Every write in scoring: matrices copied and edited, rounds set up, opened and closed,
scores saved and submitted, and moderation. Each service checks the state it needs
and says plainly what is not allowed."""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from csp_assessment.copying import fields_of
from csp_assessment.edits import refuse_if_changed, seen_token
from csp_assessment.form_fields import LONG_TEXT_LIMIT
from cycles.models import CycleYear, Issue
from partnerships.models import Membership, Partnership

from . import notices, rules, selectors
from .models import (
    AgreedScore,
    Assignment,
    Criterion,
    Interest,
    Matrix,
    Round,
    Score,
    ScoreSheet,
)

NOT_KNOWN = "nk"


# Matrices -------------------------------------------------------------------------


def matrix_in_use(matrix: Matrix) -> bool:
    return matrix.rounds.exclude(status=Round.Status.DRAFT).exists()


# What a partnership's copy of a matrix keeps of each criterion.
COPIED_CRITERION_FIELDS = (
    "position",
    "key",
    "name",
    "meaning",
    "group",
    "weight",
    "levels",
    "data_driven",
)


@transaction.atomic
def copy_matrix(*, matrix: Matrix, partnership: Partnership, name: str = "") -> Matrix:
    """A partnership's own editable copy, as the next version of its key."""
    latest = (
        Matrix.objects.filter(partnership=partnership, key=matrix.key)
        .order_by("-version")
        .values_list("version", flat=True)
        .first()
    )
    copy = Matrix.objects.create(
        partnership=partnership,
        key=matrix.key,
        version=latest + 1 if latest else matrix.version,
        name=name or matrix.name,
        **fields_of(matrix, "description", "method", "scale_min", "scale_max", "config"),
        copied_from=matrix,
    )
    Criterion.objects.bulk_create(
        Criterion(matrix=copy, **fields_of(c, *COPIED_CRITERION_FIELDS))
        for c in matrix.criteria.all()
    )
    return copy


def _check_editable(matrix: Matrix) -> None:
    if matrix.partnership_id is None:
        raise ValidationError("The matrices the workbench ships cannot be edited. Copy one first.")
    if matrix_in_use(matrix):
        raise ValidationError(
            "This version has been used in a scoring round, so it cannot change. "
            "Copy it to make a new version."
        )


@transaction.atomic
def update_matrix(
    *, matrix: Matrix, name: str, description: str, scale_min: int, scale_max: int
) -> Matrix:
    _check_editable(matrix)
    if scale_min >= scale_max:
        raise ValidationError({"scale_max": "The top of the scale must be above the bottom."})
    matrix.name, matrix.description = name, description
    if (scale_min, scale_max) != (matrix.scale_min, matrix.scale_max):
        matrix.scale_min, matrix.scale_max = scale_min, scale_max
        # Keep a descriptor slot for every level of the new scale.
        for criterion in matrix.criteria.all():
            criterion.levels = {
                str(v): criterion.levels.get(str(v), "") for v in range(scale_min, scale_max + 1)
            }
            criterion.save(update_fields=["levels"])
    matrix.full_clean()
    matrix.save()
    return matrix


@transaction.atomic
def update_criterion(
    *, criterion: Criterion, name: str, meaning: str, weight, levels: dict[str, str]
) -> Criterion:
    _check_editable(criterion.matrix)
    scale = criterion.matrix.scale
    if set(levels) != {str(v) for v in scale}:
        raise ValidationError(
            f"Give a description for every level from {scale.start} to {scale.stop - 1}."
        )
    criterion.name, criterion.meaning, criterion.weight = name, meaning, weight
    criterion.levels = levels
    criterion.full_clean()
    criterion.save()
    return criterion


# Rounds ---------------------------------------------------------------------------


@transaction.atomic
def create_round(
    *,
    year: CycleYear,
    name: str,
    matrix: Matrix,
    deadline: date,
    issues: Iterable[Issue],
    divergence_range: int = 3,
    threshold_kind: str = Round.Threshold.TOP_N,
    threshold_value: int = 5,
) -> Round:
    partnership = year.cycle.partnership
    if matrix.partnership_id not in (None, partnership.pk):
        raise ValidationError({"matrix": "Choose one of this partnership's matrices."})
    issues = list(issues)
    if any(issue.year_id != year.pk for issue in issues):
        raise ValidationError({"issues": "Every issue must be on this year's long list."})
    round_ = Round(
        year=year,
        name=name,
        matrix=matrix,
        deadline=deadline,
        divergence_range=divergence_range,
        threshold_kind=threshold_kind,
        threshold_value=threshold_value,
    )
    round_.full_clean()  # a number too big for its column is a message, not an error page
    round_.save()
    round_.issues.set(issues)
    return round_


def _check_status(round_: Round, *allowed: str, action: str) -> None:
    if round_.status not in allowed:
        raise ValidationError(
            f"You cannot {action} while the round is {round_.get_status_display().lower()}."
        )


@transaction.atomic
def assign_scorers(*, round_: Round, issue: Issue, scorers: Iterable[Membership]) -> int:
    """Make these the issue's scorers (adding and removing as needed)."""
    _check_status(round_, Round.Status.DRAFT, Round.Status.OPEN, action="change scorers")
    scorers = list(scorers)
    partnership_id = round_.year.cycle.partnership_id
    if any(s.partnership_id != partnership_id for s in scorers):
        raise ValidationError("Scorers must be members of this partnership.")
    pending = sorted(s.display_name for s in scorers if s.is_pending)
    if pending:
        raise ValidationError(
            f"{', '.join(pending)} {'has' if len(pending) == 1 else 'have'} been invited but "
            "not joined yet, so cannot score."
        )
    if not round_.issues.filter(pk=issue.pk).exists():
        raise ValidationError("That issue is not in this round.")
    if not scorers and round_.status == Round.Status.OPEN:
        # One untick too many would otherwise stop an open round's issue being scored.
        raise ValidationError(
            f"Choose at least one scorer for {issue.title}. The round is open, so each of "
            "its issues needs someone to score it."
        )
    existing = set(
        Assignment.objects.filter(round=round_, issue=issue).values_list("scorer_id", flat=True)
    )
    gone = sorted(s.display_name for s in scorers if s.has_left and s.pk not in existing)
    if gone:
        raise ValidationError(
            f"{', '.join(gone)} {'has' if len(gone) == 1 else 'have'} left the partnership, "
            f"so cannot be asked to score {issue.title}."
        )
    Assignment.objects.filter(round=round_, issue=issue).exclude(scorer__in=scorers).delete()
    new = [Assignment(round=round_, issue=issue, scorer=s) for s in scorers if s.pk not in existing]
    Assignment.objects.bulk_create(new)
    have = set(ScoreSheet.objects.filter(round=round_).values_list("scorer_id", flat=True))
    bulk_create_with_history(
        [ScoreSheet(round=round_, scorer=s) for s in scorers if s.pk not in have], ScoreSheet
    )
    return len(new)


def _move_on(row: Round | ScoreSheet, current: str, to: str, **stamps):
    """Move a round or sheet from the status just checked to the next. The update is
    conditional on the status, so a second click racing the first changes nothing; the
    move that won is then saved once more so its history records who and when."""
    moved = type(row).objects.filter(pk=row.pk, status=current).update(status=to, **stamps)
    row.refresh_from_db()
    if moved:
        row.save(update_fields=["status", *stamps])
    return row


@transaction.atomic
def open_round(*, round_: Round) -> Round:
    _check_status(round_, Round.Status.DRAFT, action="open the round")
    if not round_.assignments.exists():
        raise ValidationError("Assign at least one scorer before opening the round.")
    round_ = _move_on(round_, Round.Status.DRAFT, Round.Status.OPEN, opened_at=timezone.now())
    # Recorded with the change; the worker sends after it commits.
    notices.round_opened(round_=round_)
    return round_


@transaction.atomic
def close_round(*, round_: Round) -> Round:
    """Close scoring. Sheets still in draft count with what they hold. Every sheet is
    locked first, so a save still in flight finishes before the round closes and any
    save after it is refused."""
    list(ScoreSheet.objects.select_for_update().filter(round=round_).values_list("pk"))
    round_.refresh_from_db()
    _check_status(round_, Round.Status.OPEN, action="close the round")
    return _move_on(round_, Round.Status.OPEN, Round.Status.CLOSED, closed_at=timezone.now())


@transaction.atomic
def reopen_round(*, round_: Round) -> Round:
    """Open a closed round again, say to let a late scorer finish. Sheets keep their
    status and agreed scores stay. Once the board has decided on priorities from the
    round's year, the ranking it read must stay as it was, so the round stays closed."""
    round_ = Round.objects.select_for_update().select_related("year").get(pk=round_.pk)
    _check_status(round_, Round.Status.CLOSED, action="reopen the round")
    if selectors.board_has_decided(round_):
        raise ValidationError(
            "The board has decided on priorities from this round's ranking, "
            "so the round cannot be reopened."
        )
    return _move_on(round_, Round.Status.CLOSED, Round.Status.OPEN, closed_at=None)


# Scores ---------------------------------------------------------------------------


def parse_cell(raw: str, criterion: Criterion) -> tuple[int | None, bool]:
    """A cell as entered: '' (blank), 'nk' (not known) or a whole number on the scale.

    Returns (value, not_known). Raises ValidationError with the reason.
    """
    raw = (raw or "").strip().lower()
    if raw == "":
        return None, False
    if raw in (NOT_KNOWN, "not known", "n/k"):
        return None, True
    try:
        value = int(raw)
    except ValueError as error:
        raise ValidationError(
            f"{criterion.name}: enter a whole number from {criterion.matrix.scale_min} to "
            f"{criterion.matrix.scale_max}, or NK if not known."
        ) from error
    if not criterion.matrix.scale_min <= value <= criterion.matrix.scale_max:
        raise ValidationError(
            f"{criterion.name}: {value} is outside the scale "
            f"{criterion.matrix.scale_min} to {criterion.matrix.scale_max}."
        )
    return value, False


def check_sheet_writable(sheet: ScoreSheet) -> None:
    if sheet.round.status != Round.Status.OPEN:
        raise ValidationError("The round is not open, so scores cannot change.")
    if sheet.status == ScoreSheet.Status.SUBMITTED:
        raise ValidationError("You have submitted this sheet, so it cannot change.")


def _check_assigned(sheet: ScoreSheet, issue_ids: set[int]) -> None:
    assigned = set(
        Assignment.objects.filter(round=sheet.round_id, scorer=sheet.scorer_id).values_list(
            "issue_id", flat=True
        )
    )
    if not issue_ids <= assigned:
        raise ValidationError("You have not been asked to score that issue.")


@transaction.atomic
def save_scores(
    *,
    sheet: ScoreSheet,
    cells: dict[tuple[int, int], tuple[int | None, bool]],
    notes: dict[tuple[int, int], str] | None = None,
    confidence: dict[tuple[int, int], str] | None = None,
) -> int:
    """Save (issue id, criterion id) -> (value, not known) cells, and notes and
    confidence ("", "high", "medium" or "low") where given.

    Writes only cells that changed, one by one, so each change is kept in the history.
    The sheet's row is locked first: two saves of one sheet take turns (so two first
    saves of a cell cannot both insert it), and closing the round, which locks every
    sheet, cannot slip in between the check that the round is open and the write.
    """
    with transaction.atomic():
        locked = ScoreSheet.objects.select_for_update().get(pk=sheet.pk)
        locked.round = Round.objects.get(pk=locked.round_id)
        return _save_scores(locked, cells, notes or {}, confidence or {})


def _check_no_interest(sheet: ScoreSheet, issue_ids: set[int]) -> None:
    declared = list(
        Interest.objects.filter(
            round=sheet.round_id, scorer=sheet.scorer_id, issue_id__in=issue_ids
        ).values_list("issue__title", flat=True)
    )
    if declared:
        raise ValidationError(
            f"You have declared an interest in “{declared[0]}”, so its scores are not asked "
            "for. Withdraw the interest first to score it."
        )


def _save_scores(sheet: ScoreSheet, cells, notes, confidence) -> int:
    check_sheet_writable(sheet)
    keys = cells.keys() | notes.keys() | confidence.keys()
    issue_ids = {issue_id for issue_id, _ in keys}
    _check_assigned(sheet, issue_ids)
    _check_no_interest(sheet, issue_ids)
    criteria = dict(sheet.round.matrix.criteria.values_list("pk", "name"))
    if not {criterion_id for _, criterion_id in keys} <= criteria.keys():
        raise ValidationError("That criterion is not part of this round's matrix.")
    if not set(confidence.values()) <= {"", *Score.Confidence.values}:
        raise ValidationError("Confidence is high, medium or low, or left empty.")
    too_long = [
        f"The note on {criteria[criterion_id]} has {len(note.strip()):,} characters. "
        f"Keep it to {LONG_TEXT_LIMIT:,} or fewer."
        for (_, criterion_id), note in notes.items()
        if len(note.strip()) > LONG_TEXT_LIMIT
    ]
    if too_long:
        raise ValidationError(too_long)
    existing = {
        (s.issue_id, s.criterion_id): s
        for s in Score.objects.filter(sheet=sheet, issue_id__in=issue_ids)
    }
    changed = 0
    for key in keys:
        issue_id, criterion_id = key
        score = existing.get(key) or Score(
            sheet=sheet, issue_id=issue_id, criterion_id=criterion_id
        )
        value, not_known = cells.get(key, (score.value, score.not_known))
        note = notes.get(key, score.note).strip()
        sure = confidence.get(key, score.confidence)
        wanted = (value, not_known, note, sure)
        if score.pk and (score.value, score.not_known, score.note, score.confidence) == wanted:
            continue
        if not score.pk and value is None and not not_known and not note and not sure:
            continue  # a blank cell that was never answered stays without a row
        score.value, score.not_known, score.note, score.confidence = wanted
        score.save()
        changed += 1
    return changed


def empty_cell_count(sheet: ScoreSheet) -> int:
    """How many of the sheet's cells (its issues x the matrix's criteria) hold neither a
    score nor "not known". Issues the scorer has declared an interest in are not asked
    for, so their cells are never empty."""
    issues = (
        Assignment.objects.filter(round=sheet.round_id, scorer=sheet.scorer_id)
        .exclude(
            issue_id__in=Interest.objects.filter(
                round=sheet.round_id, scorer=sheet.scorer_id
            ).values("issue_id")
        )
        .values("issue_id")
    )
    cells = issues.count() * sheet.round.matrix.criteria.count()
    answered = (
        Score.objects.filter(sheet=sheet, issue_id__in=issues)
        .exclude(value__isnull=True, not_known=False)
        .count()
    )
    return cells - answered


@transaction.atomic
def submit_sheet(*, sheet: ScoreSheet, allow_empty: bool = False) -> ScoreSheet:
    """Submit the sheet. One with empty cells is submitted only when the scorer has
    confirmed it (`allow_empty`): a sheet sent with 3 of 96 cells filled is a mistake
    more often than a choice."""
    check_sheet_writable(sheet)
    empty = empty_cell_count(sheet)
    if empty and not allow_empty:
        raise ValidationError(
            f"{empty} score{'s are' if empty != 1 else ' is'} empty. Confirm that you want "
            "to submit your sheet with them empty."
        )
    return _move_on(
        sheet, ScoreSheet.Status.DRAFT, ScoreSheet.Status.SUBMITTED, submitted_at=timezone.now()
    )


@transaction.atomic
def reopen_sheet(*, sheet: ScoreSheet) -> ScoreSheet:
    """Let a scorer change a submitted sheet while the round is still open."""
    if sheet.round.status != Round.Status.OPEN:
        raise ValidationError("The round is not open, so the sheet cannot be reopened.")
    return _move_on(sheet, ScoreSheet.Status.SUBMITTED, ScoreSheet.Status.DRAFT, submitted_at=None)


# Interests ------------------------------------------------------------------------


@transaction.atomic
def declare_interest(*, sheet: ScoreSheet, issue: Issue, reason: str) -> Interest:
    """Declare the scorer's interest in one of their issues. Scores already entered
    stay on the sheet (and come back if the interest is withdrawn) but are left out of
    the issue's moderation and the ranking while it stands."""
    sheet = ScoreSheet.objects.select_for_update().select_related("round").get(pk=sheet.pk)
    check_sheet_writable(sheet)
    _check_assigned(sheet, {issue.pk})
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say briefly why you have an interest in this issue."})
    if Interest.objects.filter(round=sheet.round_id, issue=issue, scorer=sheet.scorer_id).exists():
        raise ValidationError(f"You have already declared an interest in “{issue.title}”.")
    interest = Interest(round=sheet.round, issue=issue, scorer_id=sheet.scorer_id, reason=reason)
    interest.full_clean()
    interest.save()
    return interest


@transaction.atomic
def withdraw_interest(*, sheet: ScoreSheet, issue: Issue) -> None:
    """Withdraw a declared interest while the sheet can still change: the issue's
    scores are asked for again. The history keeps the interest that was withdrawn."""
    sheet = ScoreSheet.objects.select_for_update().select_related("round").get(pk=sheet.pk)
    check_sheet_writable(sheet)
    interest = Interest.objects.filter(
        round=sheet.round_id, issue=issue, scorer=sheet.scorer_id
    ).first()
    if interest is None:
        raise ValidationError(f"You have not declared an interest in “{issue.title}”.")
    interest.delete()


# Moderation -----------------------------------------------------------------------


@transaction.atomic
def agreed_seen(round_: Round, issue: Issue) -> str:
    """When the issue's agreed scores were last saved, for the moderation form."""
    latest = AgreedScore.objects.filter(round=round_, issue=issue).aggregate(Max("updated_at"))
    return seen_token(latest["updated_at__max"])


@transaction.atomic
def moderate_issue(
    *,
    round_: Round,
    issue: Issue,
    agreed: dict[int, tuple[int | None, bool]],
    rationale: str,
    seen: str | None = None,
) -> int:
    """Set the agreed value of each criterion (criterion id -> (value, not known)) with
    one rationale for the issue. Only changed values are written (and kept in history).
    With `seen`, agreed scores saved by someone else since the form was opened are not
    overwritten: the save is refused with what differs."""
    Round.objects.select_for_update().get(pk=round_.pk)  # one moderator at a time
    rows = {a.criterion_id: a for a in AgreedScore.objects.filter(round=round_, issue=issue)}
    latest = max((a.updated_at for a in rows.values()), default=None)
    names = {c.pk: c.name for c in round_.matrix.criteria.all()}
    refuse_if_changed(
        seen=seen,
        saved_at=latest,
        what="agreed scores",
        plural=True,
        current={pk: (a.value, a.not_known) for pk, a in rows.items()}
        | {"rationale": next((a.rationale for a in rows.values()), "")},
        wanted={pk: value for pk, value in agreed.items()} | {"rationale": rationale.strip()},
        labels={pk: names[pk] for pk in names if pk in agreed} | {"rationale": "the rationale"},
    )
    _check_status(round_, Round.Status.CLOSED, action="moderate scores")
    if not round_.issues.filter(pk=issue.pk).exists():
        raise ValidationError("That issue is not in this round.")
    if not rationale.strip():
        raise ValidationError({"rationale": "Say why these are the agreed values."})
    criteria = {c.pk: c for c in round_.matrix.criteria.all()}
    if not set(agreed) <= set(criteria):
        raise ValidationError("That criterion is not part of this round's matrix.")
    existing = {a.criterion_id: a for a in AgreedScore.objects.filter(round=round_, issue=issue)}
    changed = 0
    for criterion_id, (value, not_known) in agreed.items():
        row = existing.get(criterion_id) or AgreedScore(
            round=round_, issue=issue, criterion_id=criterion_id
        )
        if row.pk and (row.value, row.not_known, row.rationale) == (
            value,
            not_known,
            rationale.strip(),
        ):
            continue
        row.value, row.not_known, row.rationale = value, not_known, rationale.strip()
        row.save()
        changed += 1
    return changed


def suggested_agreed_values(round_: Round, issue: Issue) -> dict[int, int | None]:
    """The median of each criterion's values, leaving out scorers with an interest."""
    values: dict[int, list[int | None]] = {}
    declared = Interest.objects.filter(round=round_, issue=issue).values("scorer_id")
    for criterion_id, value in (
        Score.objects.filter(sheet__round=round_, issue=issue, value__isnull=False)
        .exclude(sheet__scorer_id__in=declared)
        .values_list("criterion_id", "value")
    ):
        values.setdefault(criterion_id, []).append(value)
    return {cid: rules.suggested_value(vals) for cid, vals in values.items()}
