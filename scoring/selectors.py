"""Reads for the scoring pages. Each loads what a page needs in a fixed number of
queries, whatever the number of issues, criteria or scorers."""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import Q, QuerySet

from csp_assessment.plurals import counted
from csp_assessment.registry import Registry
from cycles.models import CycleYear, Issue
from partnerships.models import Membership

from . import round_cache, rules
from .models import AgreedScore, Assignment, Criterion, Interest, Round, Score, ScoreSheet


def criterion_specs(criteria: list[Criterion], matrix) -> list[rules.CriterionSpec]:
    return [
        rules.CriterionSpec(
            key=c.key,
            name=c.name,
            group=c.group,
            weight=float(c.weight),
            scale_min=matrix.scale_min,
            scale_max=matrix.scale_max,
        )
        for c in criteria
    ]


def partner_label(membership) -> str:
    """Leave-one-out works by partner: an agency, or the person where they have none."""
    return membership.agency.name if membership.agency_id else membership.display_name


class CellScore(NamedTuple):
    """What the grid and the sheet's workbook read of one of the scorer's scores. A
    sheet holds up to 640 of them: read as plain rows, not model instances, they cost
    a fraction of the page."""

    value: int | None
    not_known: bool
    note: str
    confidence: str


@dataclass
class GridRow:
    issue: Issue
    scores: dict[int, CellScore]  # criterion id -> score
    outcome: rules.Outcome
    interest: Interest | None = None  # the scorer's declared interest: not asked to score


def has_unsubmitted_sheet(membership: Membership, round_: Round) -> bool:
    """Whether the person scores in the round and has not submitted their sheet: until
    they do, scoring's blind rule hides the round's results from them."""
    return ScoreSheet.objects.filter(
        round=round_, scorer=membership, status=ScoreSheet.Status.DRAFT
    ).exists()


def declared_interests(round_: Round) -> set[tuple[int, int]]:
    """(scorer id, issue id) for every interest declared in the round: those scorers'
    values for those issues are left out of moderation and the ranking."""
    return set(Interest.objects.filter(round=round_).values_list("scorer_id", "issue_id"))


def sheet_rows(sheet: ScoreSheet, criteria: list[Criterion]) -> list[GridRow]:
    """The sheet's issues with the scorer's scores, each row's total, and the interest
    the scorer declared in it (if any)."""
    matrix = sheet.round.matrix
    interests = {
        i.issue_id: i for i in Interest.objects.filter(round=sheet.round_id, scorer=sheet.scorer_id)
    }
    issues = list(
        Issue.objects.filter(
            pk__in=Assignment.objects.filter(round=sheet.round_id, scorer=sheet.scorer_id).values(
                "issue_id"
            )
        ).order_by("title")
    )
    by_issue: dict[int, dict[int, CellScore]] = defaultdict(dict)
    fields = ("issue_id", "criterion_id", "value", "not_known", "note", "confidence")
    for issue_id, criterion_id, *cell in Score.objects.filter(sheet=sheet).values_list(*fields):
        by_issue[issue_id][criterion_id] = CellScore(*cell)
    specs = criterion_specs(criteria, matrix)
    keys = [(c.pk, c.key) for c in criteria]  # read once: 40 rows x 16 cells
    rows = []
    for issue in issues:
        scores = by_issue.get(issue.pk, {})
        values = {key: (scores[pk].value if pk in scores else None) for pk, key in keys}
        outcome = rules.score_issue(matrix.method, matrix.settings, specs, values)
        rows.append(GridRow(issue, scores, outcome, interests.get(issue.pk)))
    return rows


@dataclass
class IssueProgress:
    issue: Issue
    scorers: list[tuple[str, str, int]] = field(default_factory=list)  # name, status, filled


def completeness(round_: Round) -> tuple[list[IssueProgress], list[ScoreSheet]]:
    """Who has been asked to score each issue, whether they submitted, and how many of
    the issue's cells they have filled."""
    sheets = {
        s.scorer_id: s
        for s in ScoreSheet.objects.filter(round=round_).select_related(
            "scorer__user", "scorer__agency"
        )
    }
    filled: dict[tuple[int, int], int] = defaultdict(int)
    answered = Score.objects.filter(sheet__round=round_).exclude(
        value__isnull=True, not_known=False
    )
    for scorer_id, issue_id in answered.values_list("sheet__scorer_id", "issue_id"):
        filled[(scorer_id, issue_id)] += 1
    progress: dict[int, IssueProgress] = {}
    for issue in round_.issues.order_by("title"):
        progress[issue.pk] = IssueProgress(issue)
    declared = declared_interests(round_)
    for assignment in Assignment.objects.filter(round=round_).order_by("scorer__user__first_name"):
        sheet = sheets.get(assignment.scorer_id)
        if assignment.issue_id not in progress or sheet is None:
            continue
        status = sheet.get_status_display()
        if (assignment.scorer_id, assignment.issue_id) in declared:
            status += ", interest declared"
        progress[assignment.issue_id].scorers.append(
            (sheet.scorer.display_name, status, filled[(assignment.scorer_id, assignment.issue_id)])
        )
    return list(progress.values()), sorted(sheets.values(), key=lambda s: s.scorer.display_name)


@dataclass
class CriterionModeration:
    criterion: Criterion
    values: list[tuple[str, Score | None]]  # scorer name -> score
    spread: rules.Spread
    suggested: int | None
    agreed: AgreedScore | None

    @property
    def low_confidence(self) -> int:
        return sum(1 for _, score in self.values if rules.is_low_confidence(score))


@dataclass
class IssueModeration:
    """One issue's moderation: the sheets whose values count, a row per criterion, and
    the interests declared (those scorers' values are left out of everything here)."""

    sheets: list[ScoreSheet]
    rows: list[CriterionModeration]
    interests: list[Interest]

    @property
    def low_confidence(self) -> int:
        return sum(row.low_confidence for row in self.rows)


def moderation_for_issue(round_: Round, issue: Issue, criteria: list[Criterion]) -> IssueModeration:
    interests = list(
        Interest.objects.filter(round=round_, issue=issue)
        .select_related("scorer__user", "scorer__agency")
        .order_by("declared_at")
    )
    sheets = list(
        ScoreSheet.objects.filter(
            round=round_,
            scorer_id__in=Assignment.objects.filter(round=round_, issue=issue).values("scorer_id"),
        )
        .exclude(scorer_id__in=[i.scorer_id for i in interests])
        .select_related("scorer__user", "scorer__agency")
        .order_by("scorer__user__first_name")
    )
    scores = {
        (s.sheet_id, s.criterion_id): s for s in Score.objects.filter(sheet__in=sheets, issue=issue)
    }
    agreed = {a.criterion_id: a for a in AgreedScore.objects.filter(round=round_, issue=issue)}
    rows = []
    for criterion in criteria:
        cells = [
            (partner_label(sheet.scorer), scores.get((sheet.pk, criterion.pk))) for sheet in sheets
        ]
        values = [cell.value if cell else None for _, cell in cells]
        rows.append(
            CriterionModeration(
                criterion=criterion,
                values=cells,
                spread=rules.spread(values, round_.divergence_range),
                suggested=rules.suggested_value(values),
                agreed=agreed.get(criterion.pk),
            )
        )
    return IssueModeration(sheets, rows, interests)


@dataclass
class RoundScores:
    """Every counted value in a round, read as plain tuples (a round can hold thousands
    of scores): issue id -> sheet id -> criterion key -> value, sheet id -> partner,
    and per issue the low-confidence values and the interests declared. A scorer's
    values for an issue they declared an interest in are not counted."""

    values: dict[int, dict[int, dict[str, int | None]]]
    partner_of: dict[int, str]
    low_confidence: dict[int, int]
    interests: dict[int, list[Interest]]


def _scores_by_issue(round_: Round, criteria: list[Criterion]) -> RoundScores:
    keys = {c.pk: c.key for c in criteria}
    sheets = list(
        ScoreSheet.objects.filter(round=round_).select_related("scorer__agency", "scorer__user")
    )
    partner_of = {sheet.pk: partner_label(sheet.scorer) for sheet in sheets}
    scorer_of = {sheet.pk: sheet.scorer_id for sheet in sheets}
    interests: dict[int, list[Interest]] = defaultdict(list)
    for interest in Interest.objects.filter(round=round_).select_related(
        "scorer__user", "scorer__agency"
    ):
        interests[interest.issue_id].append(interest)
    declared = {(i.scorer_id, issue_id) for issue_id, rows in interests.items() for i in rows}
    values: dict[int, dict[int, dict[str, int | None]]] = defaultdict(lambda: defaultdict(dict))
    low: dict[int, int] = defaultdict(int)
    rows = Score.objects.filter(sheet__round=round_).values_list(
        "issue_id", "sheet_id", "criterion_id", "value", "confidence"
    )
    for issue_id, sheet_id, criterion_id, value, confidence in rows:
        if (scorer_of[sheet_id], issue_id) in declared:
            continue
        values[issue_id][sheet_id][keys[criterion_id]] = value
        if value is not None and confidence == Score.Confidence.LOW:
            low[issue_id] += 1
    return RoundScores(values, partner_of, low, interests)


@dataclass
class RankingRow:
    issue: Issue
    rank: int
    total: float | None
    outcome: rules.Outcome
    above_line: bool
    moderated: int
    cells: list[tuple[Criterion, float | None, bool, int]]  # value, agreed?, heat 0-5
    rank_range: tuple[int, int] | None
    divergent: int
    needs_moderation: bool = False
    low_confidence: int = 0  # scorers' values marked low confidence
    interests: list[Interest] = field(default_factory=list)


@dataclass
class Ranking:
    rows: list[RankingRow]
    criteria: list[Criterion]
    maximum: float
    ties: list[rules.Tie] = field(default_factory=list)

    @property
    def unmoderated(self) -> list[RankingRow]:
        """The issues whose scorers diverge on a criterion nobody has agreed yet."""
        return [row for row in self.rows if row.needs_moderation]

    @property
    def moderation_order(self) -> list[RankingRow]:
        """The work first: the issues still to moderate, the most divergent at the top,
        then the rest; rank order within each."""
        return sorted(
            self.rows,
            key=lambda row: (0, -row.divergent) if row.needs_moderation else (1, 0),
        )


@dataclass
class RoundFigures:
    """What ranking() caches for one round state: per issue its cells (criterion id,
    value, agreed?, heat), outcome, median scorer total, divergent criteria and whether it
    needs moderation; the rank ranges; the low-confidence counts. Plain data only."""

    computed: dict[int, tuple]
    ranges: dict[int, tuple[int, int]]
    low_confidence: dict[int, int]


def _figures(round_: Round, matrix, criteria: list[Criterion], issue_ids: list[int]):
    specs = criterion_specs(criteria, matrix)
    counted = _scores_by_issue(round_, criteria)
    raw, partner_of = counted.values, counted.partner_of
    agreed: dict[int, dict[int, AgreedScore]] = defaultdict(dict)
    for row in AgreedScore.objects.filter(round=round_):
        agreed[row.issue_id][row.criterion_id] = row

    span = max(matrix.scale_max - matrix.scale_min, 1)

    def heat(value) -> int:
        return -1 if value is None else round(5 * (value - matrix.scale_min) / span)

    keys = {c.pk: c.key for c in criteria}
    agreed_values = {
        issue_id: {keys[pk]: row.value for pk, row in rows.items()}
        for issue_id, rows in agreed.items()
    }
    computed = {}
    for issue_id in issue_ids:
        by_scorer = raw.get(issue_id, {})
        # The same rules as each leave-one-partner-out case, so the rank shown is always
        # within its range.
        values = rules.consensus_values(by_scorer, specs, agreed_values.get(issue_id))
        cells = [
            (c.pk, values[c.key], c.pk in agreed[issue_id], heat(values[c.key])) for c in criteria
        ]
        flags = [
            rules.spread(
                [p.get(c.key) for p in by_scorer.values()], round_.divergence_range
            ).divergent
            for c in criteria
        ]
        outcome = rules.score_issue(matrix.method, matrix.settings, specs, values)
        computed[issue_id] = (
            cells,
            outcome,
            rules.median_scorer_total(by_scorer, specs, matrix.method, matrix.settings),
            sum(flags),
            rules.needs_moderation(flags, [cell[2] for cell in cells]),
        )
    ranges = rules.rank_ranges(
        raw, specs, matrix.method, matrix.settings, partner_of, agreed_values, issue_ids
    )
    return RoundFigures(computed, ranges, dict(counted.low_confidence))


def ranking(round_: Round) -> Ranking:
    """The moderated ranking. Where a criterion has no agreed value yet, the suggested
    (median) value stands in, marked as provisional. The figures come from the cache
    of this round state when they are there (scoring/round_cache.py)."""
    matrix = round_.matrix
    criteria = list(matrix.criteria.all())
    issues = {i.pk: i for i in round_.issues.all()}
    # The version as committed now, not as loaded earlier in this request.
    round_.version = Round.objects.values_list("version", flat=True).get(pk=round_.pk)
    cache_key = round_cache.key(
        round_,
        issues,
        [c.pk for c in criteria],
        Score.objects.filter(sheet__round=round_).count(),
    )
    figures = round_cache.get_or_compute(
        cache_key, lambda: _figures(round_, matrix, criteria, list(issues))
    )
    by_pk = {c.pk: c for c in criteria}
    computed = {
        issue_id: ([(by_pk[pk], *rest) for pk, *rest in cells], *others)
        for issue_id, (cells, *others) in figures.computed.items()
    }
    interests: dict[int, list[Interest]] = defaultdict(list)
    for interest in Interest.objects.filter(round=round_).select_related(
        "scorer__user", "scorer__agency"
    ):
        interests[interest.issue_id].append(interest)
    ranges = figures.ranges
    ranked = rules.rank_issues(
        [(i, issues[i].title, computed[i][1].total, computed[i][2]) for i in issues],
        round_.threshold_kind,
        round_.threshold_value,
    )
    rows = [
        RankingRow(
            issue=issues[r.issue_id],
            rank=r.rank,
            total=r.total,
            outcome=computed[r.issue_id][1],
            above_line=r.above_line,
            moderated=sum(1 for cell in computed[r.issue_id][0] if cell[2]),
            cells=computed[r.issue_id][0],
            rank_range=ranges.get(r.issue_id),
            divergent=computed[r.issue_id][3],
            needs_moderation=computed[r.issue_id][4],
            low_confidence=figures.low_confidence.get(r.issue_id, 0),
            interests=interests.get(r.issue_id, []),
        )
        for r in ranked
    ]
    specs = criterion_specs(criteria, matrix)
    maximum = rules.score_issue(matrix.method, matrix.settings, specs, {}).maximum
    return Ranking(
        rows=rows,
        criteria=criteria,
        maximum=maximum,
        ties=rules.ties_across_threshold(ranked),
    )


# What the board should know before deciding ----------------------------------------


def latest_closed_round(year: CycleYear) -> Round | None:
    """The round whose ranking the board decides on: the year's last to close."""
    return (
        Round.objects.filter(year=year, status=Round.Status.CLOSED)
        .select_related("matrix")
        .order_by("-closed_at", "-pk")
        .first()
    )


@dataclass
class Readiness:
    """How finished the ranking the board decides on is: the round (None when none has
    closed), the issues still needing moderation and the ties the threshold splits."""

    round: Round | None
    unmoderated: list[RankingRow] = field(default_factory=list)
    ties: list[rules.Tie] = field(default_factory=list)


def readiness(year: CycleYear, result: Ranking | None = None) -> Readiness:
    """Readiness of the year's latest closed round. Pass the round's ranking when it has
    been computed already, to save computing it twice."""
    round_ = latest_closed_round(year)
    if round_ is None:
        return Readiness(None)
    result = result or ranking(round_)
    return Readiness(round_, result.unmoderated, result.ties)


def unmoderated_count(year: CycleYear) -> int:
    """How many issues of the year's latest closed round still need moderation."""
    return len(readiness(year).unmoderated)


def ties_across_threshold(year: CycleYear) -> list[rules.Tie]:
    """Ties the threshold splits in the year's latest closed round, best total first."""
    return readiness(year).ties


# Closing and reopening ---------------------------------------------------------------


def outstanding_sheets(round_: Round) -> list[ScoreSheet]:
    """Sheets not yet submitted, by scorer's name."""
    sheets = ScoreSheet.objects.filter(round=round_, status=ScoreSheet.Status.DRAFT)
    return sorted(sheets.select_related("scorer__user"), key=lambda s: s.scorer.display_name)


# Whether the board has decided on a round's results is priorities' knowledge, and
# scoring may not import priorities. So priorities hands its question over when the app
# loads (PrioritiesConfig.ready) and scoring asks it without knowing who answers.
_board_decided_checks: Registry[Callable[[Round], bool]] = Registry()


def answer_board_decided(check: Callable[[Round], bool]) -> None:
    """Register a later app's answer to "has the board decided on this round?"."""
    _board_decided_checks.add(check)


def board_has_decided(round_: Round) -> bool:
    return any(check(round_) for check in _board_decided_checks)


def possible_scorers(partnership, keep=()) -> QuerySet[Membership]:
    """Members who may be asked to score: those who have joined and not left, and
    `keep`, those already asked (so saving the page never drops someone who has left
    since, with the scores they gave)."""
    return (
        partnership.memberships.choosable(keep)
        .select_related("user", "agency")
        .order_by("agency__name", "user__first_name", "user__last_name")
    )


def rounds_scored_by(membership: Membership) -> str:
    """The rounds a person's scores count in, for refusing to remove them: a sheet they
    submitted, or one that holds a value they gave; "" for none."""
    given = Score.objects.filter(sheet__scorer=membership).exclude(value=None, not_known=False)
    n = (
        ScoreSheet.objects.filter(scorer=membership)
        .filter(Q(status=ScoreSheet.Status.SUBMITTED) | Q(pk__in=given.values("sheet_id")))
        .count()
    )
    return "" if not n else f"gave scores in {counted(n, 'scoring round')}"
