"""Reads for the six-month review and the watchlist of non-priorities: the cycle's
agreed priorities, each issue's police-data change since the assessment, rank moves
between scoring rounds, and the watchlist with the reason for each flag. A fixed
number of queries, however many issues, priorities or months there are."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import QuerySet, Sum

from analysis import rules as analysis_rules
from analysis.models import Dataset, IssueCrimeTypes, MonthlyCount
from analysis.suggestions import crime_types_label
from cycles.models import CycleYear, Issue
from cycles.services import previous_year
from partnerships.models import Partnership
from scoring.models import Round
from scoring.selectors import latest_closed_round, ranking

from . import review_rules, selectors
from .models import Decision, Item, Priority
from .review_models import Review, ReviewDecision, ReviewPriority
from .selectors import year_ranking


def agreed_priorities(year: CycleYear) -> QuerySet[Priority]:
    """The cycle's priorities in force in `year` (`selectors.in_force`), as a queryset
    the review's verdicts and the watchlist filter further."""
    return (
        Priority.objects.filter(selectors.in_force(year))
        .select_related("year", "lead__user")
        .prefetch_related("issues")
        .order_by("year__number", "position", "pk")
    )


# Police data ---------------------------------------------------------------------------


@dataclass
class PoliceCounts:
    by_month_category: dict[tuple[date, str], int]
    available: list[date]

    def count(self, crime_types: list[str], months) -> int:
        return sum(self.by_month_category.get((m, t), 0) for m in months for t in crime_types)


def police_counts(partnership_id: int) -> PoliceCounts:
    """The partnership's police street counts by month and crime type, in one query."""
    by_month_category: dict[tuple[date, str], int] = defaultdict(int)
    months = set()
    rows = (
        MonthlyCount.objects.filter(
            dataset__partnership_id=partnership_id, dataset__kind=Dataset.Kind.POLICE_STREET
        )
        .values("month", "category")
        .annotate(total=Sum("count"))
        .values_list("month", "category", "total")
    )
    for month, category, total in rows:
        by_month_category[month, category] += total
        months.add(month)
    return PoliceCounts(by_month_category, sorted(months))


def default_data_to(year: CycleYear, available: list[date]) -> date | None:
    """The last month of data the assessment could have used: the latest month held
    on or before the day the board first agreed one of the year's priorities (the
    year's start when it has not). The review can say otherwise."""
    agreed = (
        Decision.objects.filter(
            priority__year=year, outcome__in=["agreed", "agreed_with_amendments"]
        )
        .order_by("item__meeting__held_on")
        .values_list("item__meeting__held_on", flat=True)
        .first()
    )
    cut_off = analysis_rules.month_start(agreed or year.starts_on)
    held = [m for m in available if m <= cut_off]
    return held[-1] if held else None


@dataclass
class IssueChange:
    issue: Issue
    crime_types: str
    change: analysis_rules.Change | None
    flag: review_rules.Flag | None


@dataclass
class DataChanges:
    comparison: review_rules.DataComparison | None
    rows: list[IssueChange]
    available: list[date]


def data_changes(year: CycleYear, issues: list[Issue], data_to: date | None) -> DataChanges:
    """Each issue's police-data change since the assessment, where the issue is linked
    to crime types: the latest months against the same months a year earlier."""
    counts = police_counts(year.cycle.partnership_id)
    data_to = data_to or default_data_to(year, counts.available)
    links = dict(
        IssueCrimeTypes.objects.filter(issue__in=[i.pk for i in issues]).values_list(
            "issue_id", "crime_types"
        )
    )
    comparison = review_rules.compare_since(counts.available, data_to) if data_to else None
    rows = []
    for issue in issues:
        types = links.get(issue.pk) or []
        if not types or comparison is None or not comparison.pairs:
            rows.append(IssueChange(issue, crime_types_label(types) if types else "", None, None))
            continue
        label = crime_types_label(types)
        change = analysis_rules.poisson_change(
            counts.count(types, comparison.current_months),
            counts.count(types, comparison.baseline_months),
        )
        flag = review_rules.data_flag(change, label=label, compared=comparison.description)
        rows.append(IssueChange(issue, label, change, flag))
    return DataChanges(comparison, rows, counts.available)


# Ranks ---------------------------------------------------------------------------------


@dataclass
class RankMoves:
    compared: str  # the round the ranks are compared with, in words; "" when none
    before: dict[int, int]  # this year's issue id -> its rank in that round
    after: dict[int, int]  # issue id -> rank in the year's latest closed round


def rank_moves(year: CycleYear) -> RankMoves:
    """This year's latest ranking against the round before it: an earlier closed round
    of the same year, or else last year's latest, matched through carried-over issues."""
    latest = year_ranking(year)
    after = {issue_id: info.rank for issue_id, info in latest.ranks.items()}
    if latest.round is None:
        return RankMoves("", {}, after)
    earlier = (
        Round.objects.filter(year=year, status=Round.Status.CLOSED)
        .exclude(pk=latest.round.pk)
        .filter(closed_at__lte=latest.round.closed_at)
        .select_related("matrix")
        .order_by("-closed_at", "-pk")
        .first()
    )
    if earlier is not None:
        before = {row.issue.pk: row.rank for row in ranking(earlier).rows}
        return RankMoves(f"the {earlier.name} round", before, after)
    last = previous_year(year)
    last_round = latest_closed_round(last) if last else None
    if last_round is None:
        return RankMoves("", {}, after)
    old_ranks = {row.issue.pk: row.rank for row in ranking(last_round).rows}
    carried = year.issues.exclude(carried_from=None).values_list("pk", "carried_from_id")
    before = {pk: old_ranks[old] for pk, old in carried if old in old_ranks}
    return RankMoves(f"last year's {last_round.name} round", before, after)


# The watchlist -------------------------------------------------------------------------


@dataclass
class WatchRow:
    issue: Issue
    rank: int | None
    change: IssueChange
    flags: list[review_rules.Flag] = field(default_factory=list)


@dataclass
class Watchlist:
    year: CycleYear
    rows: list[WatchRow]
    changes: DataChanges
    moves: RankMoves

    @property
    def flagged(self) -> list[WatchRow]:
        return [row for row in self.rows if row.flags]


def non_priorities(year: CycleYear) -> list[Issue]:
    """The year's issues no priority in force covers (`selectors.non_priorities`)."""
    return selectors.non_priorities(year)


def watchlist(year: CycleYear, data_to: date | None = None) -> Watchlist:
    if data_to is None:
        data_to = Review.objects.filter(year=year).values_list("data_to", flat=True).first()
    issues = non_priorities(year)
    changes = data_changes(year, issues, data_to)
    moves = rank_moves(year)
    rows = []
    for change in changes.rows:
        issue = change.issue
        row = WatchRow(issue, moves.after.get(issue.pk), change)
        if change.flag:
            row.flags.append(change.flag)
        if issue.pk in moves.before and issue.pk in moves.after:
            flag = review_rules.rank_flag(
                before=moves.before[issue.pk], after=moves.after[issue.pk], compared=moves.compared
            )
            if flag:
                row.flags.append(flag)
        rows.append(row)
    rows.sort(key=lambda row: (not row.flags, row.rank is None, row.rank or 0, row.issue.title))
    return Watchlist(year, rows, changes, moves)


# The review record ---------------------------------------------------------------------


def review_of(year: CycleYear) -> Review | None:
    reviews = Review.objects.select_related("board_item__meeting", "year__cycle")
    return reviews.filter(year=year).first()


@dataclass
class PriorityVerdict:
    priority: Priority
    verdict: ReviewPriority | None


def verdicts(review: Review | None, year: CycleYear) -> list[PriorityVerdict]:
    """Each agreed priority of the cycle with the review's verdict on it, if any."""
    given = {}
    if review is not None:
        given = {v.priority_id: v for v in ReviewPriority.objects.filter(review=review)}
    return [PriorityVerdict(p, given.get(p.pk)) for p in agreed_priorities(year)]


def decisions(review: Review) -> list[ReviewDecision]:
    return list(
        review.decisions.select_related("item__meeting", "recorded_by__user").order_by("decided_at")
    )


def snapshot(review: Review) -> dict:
    """The review as the board reads it, figures included, in plain values."""
    year = review.year
    changes = data_changes(year, list(year.issues.order_by("title")), review.data_to)
    return {
        "review_on": review.review_on.isoformat(),
        "data_summary": review.data_summary,
        "compared": changes.comparison.description if changes.comparison else "",
        "figures": [
            {
                "issue": row.issue.title,
                "crime_types": row.crime_types,
                "current": row.change.current,
                "baseline": row.change.baseline,
                "p_value": round(row.change.p_value, 4),
            }
            for row in changes.rows
            if row.change is not None
        ],
        "priorities": [
            {
                "priority": pv.priority.display_title,
                "verdict": pv.verdict.get_verdict_display() if pv.verdict else "",
                "note": pv.verdict.note if pv.verdict else "",
            }
            for pv in verdicts(review, year)
        ],
    }


def board_items(partnership: Partnership) -> QuerySet[Item]:
    """Agenda items of the board's open meetings, past or to come: a review is taken to
    one, and decided there once the meeting has taken place."""
    return (
        Item.objects.filter(
            meeting__partnership=partnership,
            meeting__group__isnull=True,
            meeting__closed_at__isnull=True,
        )
        .select_related("meeting")
        .order_by("-meeting__held_on", "position", "pk")
    )
