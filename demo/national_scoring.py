"""The national dataset's scoring (demo/national.py): for each partnership, two rounds on
its forty issues and the shipped 16-criterion matrix, scored by its twelve scorers.

- "Autumn scoring": closed, every sheet submitted and complete (a few "not known"), the
  first ten issues moderated at the median. The moderation and ranking pages read it.
- "Winter scoring": open, deadline a week away, as in the week before it: three sheets
  submitted and complete, nine drafts from about 60% to 95% filled. Scorers save here.

Rounds are made by the scoring services; assignments, sheets, scores and agreed scores
are written in bulk (no history rows for scores and agreed scores: nobody edited them).
Each round's `version` is bumped once afterwards, as a save would, so no cached figure
from before the bulk write could be served.
"""

from datetime import date, timedelta

import numpy as np
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from cycles.models import CycleYear, Issue
from demo.national_copy import insert_rows
from partnerships.models import Membership
from scoring import round_cache, rules
from scoring import services as scoring_services
from scoring.models import AgreedScore, Assignment, Criterion, Matrix, Round, Score, ScoreSheet

SUBMITTED_OPEN_SHEETS = 3
MODERATED_ISSUES = 10
NOT_KNOWN_SHARE = 0.015
LOW_CONFIDENCE_SHARE = 0.01
RATIONALE = (
    "Agreed at the moderation meeting: the median of partners' scores, checked against "
    "the crime data."
)


def _round(
    year: CycleYear,
    name: str,
    matrix: Matrix,
    deadline: date,
    issues: list[Issue],
    scorers: list[Membership],
    status: str,
    opened_at,
    closed_at=None,
) -> Round:
    round_ = scoring_services.create_round(
        year=year,
        name=name,
        matrix=matrix,
        deadline=deadline,
        issues=issues,
        threshold_kind=Round.Threshold.TOP_N,
        threshold_value=8,
    )
    Assignment.objects.bulk_create(
        [Assignment(round=round_, issue=i, scorer=s) for i in issues for s in scorers],
        batch_size=1000,
    )
    # Opened and closed as the services do it (a conditional move of the status); the
    # round-opened emails went out weeks ago, so none is recorded or queued now.
    Round.objects.filter(pk=round_.pk).update(
        status=status, opened_at=opened_at, closed_at=closed_at
    )
    round_.refresh_from_db()
    return round_


def _grid(rng: np.random.Generator, issues: int, criteria: int, scorers: int, scale) -> np.ndarray:
    """Scorers x issues x criteria values: each issue has a level, each criterion its
    own lean around it, and each scorer reads it a point either way."""
    low, high = scale
    level = rng.uniform(low + 0.5, high - 0.5, issues)
    profile = np.rint(level[:, None] + rng.normal(0, 0.8, (issues, criteria)))
    values = profile[None] + rng.integers(-1, 2, (scorers, issues, criteria))
    return np.clip(values, low, high).astype(int)


SCORE_FIELDS = [
    "sheet_id", "issue_id", "criterion_id", "value", "not_known", "note", "confidence",
    "updated_at",
]  # fmt: skip


def _scores(
    sheets: list[ScoreSheet],
    issues: list[Issue],
    criteria: list[Criterion],
    values: np.ndarray,
    filled: np.ndarray,
    not_known: np.ndarray,
    low: np.ndarray,
    at,
) -> list[tuple]:
    """One row (SCORE_FIELDS) per filled cell: a value, or "not known" and no value."""
    sheet_ids = [s.pk for s in sheets]
    issue_ids = [i.pk for i in issues]
    criterion_ids = [c.pk for c in criteria]
    rows = []
    for s, i, c in zip(*np.nonzero(filled), strict=True):
        unknown = bool(not_known[s, i, c])
        rows.append(
            (
                sheet_ids[s],
                issue_ids[i],
                criterion_ids[c],
                None if unknown else int(values[s, i, c]),
                unknown,
                "",
                "low" if low[s, i, c] and not unknown else "",
                at,
            )
        )
    return rows


def _sheets(round_: Round, scorers: list[Membership], submitted: int, at) -> list[ScoreSheet]:
    sheets = [
        ScoreSheet(
            round=round_,
            scorer=scorer,
            status=ScoreSheet.Status.SUBMITTED if n < submitted else ScoreSheet.Status.DRAFT,
            submitted_at=at if n < submitted else None,
        )
        for n, scorer in enumerate(scorers)
    ]
    return bulk_create_with_history(sheets, ScoreSheet)


def build_scoring(
    *,
    rng: np.random.Generator,
    year: CycleYear,
    issues: list[Issue],
    scorers: list[Membership],
    matrix: Matrix,
    criteria: list[Criterion],
    today: date,
) -> tuple[Round, Round]:
    """The closed and the open round (see the module docstring)."""
    now = timezone.now()
    scale = (matrix.scale_min, matrix.scale_max)
    shape = (len(scorers), len(issues), len(criteria))
    season = year.starts_on.year

    closed = _round(
        year,
        f"Autumn scoring {season}",
        matrix,
        today - timedelta(days=35),
        issues,
        scorers,
        Round.Status.CLOSED,
        opened_at=now - timedelta(days=63),
        closed_at=now - timedelta(days=34),
    )
    sheets = _sheets(closed, scorers, len(scorers), now - timedelta(days=36))
    values = _grid(rng, len(issues), len(criteria), len(scorers), scale)
    not_known = rng.random(shape) < NOT_KNOWN_SHARE
    low = rng.random(shape) < LOW_CONFIDENCE_SHARE
    scores = _scores(sheets, issues, criteria, values, np.ones(shape, bool), not_known, low, now)
    agreed = []
    for i, issue in enumerate(issues[:MODERATED_ISSUES]):
        for c, criterion in enumerate(criteria):
            known = [int(values[s, i, c]) for s in range(len(scorers)) if not not_known[s, i, c]]
            value = rules.suggested_value(known)
            agreed.append(
                AgreedScore(
                    round=closed,
                    issue=issue,
                    criterion=criterion,
                    value=value,
                    not_known=value is None,
                    rationale=RATIONALE,
                )
            )

    open_ = _round(
        year,
        f"Winter scoring {season}",
        matrix,
        today + timedelta(days=7),
        issues,
        scorers,
        Round.Status.OPEN,
        opened_at=now - timedelta(days=21),
    )
    open_sheets = _sheets(open_, scorers, SUBMITTED_OPEN_SHEETS, now - timedelta(days=2))
    values = _grid(rng, len(issues), len(criteria), len(scorers), scale)
    share = rng.uniform(0.6, 0.95, len(scorers))
    share[:SUBMITTED_OPEN_SHEETS] = 1.0  # a submitted sheet here is a complete one
    filled = rng.random(shape) < share[:, None, None]
    not_known = rng.random(shape) < NOT_KNOWN_SHARE
    low = rng.random(shape) < LOW_CONFIDENCE_SHARE
    scores += _scores(open_sheets, issues, criteria, values, filled, not_known, low, now)

    insert_rows(Score, SCORE_FIELDS, scores)
    AgreedScore.objects.bulk_create(agreed, batch_size=2000)
    round_cache.bump(closed.pk)
    round_cache.bump(open_.pk)
    return closed, open_
