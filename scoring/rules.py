"""Pure scoring calculations: totals under each method, spread and divergence, the
suggested agreed value, ranking with its tie-break, the threshold, and how robust each
issue's rank is when one partner's scores are left out. No ORM, no requests."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from statistics import median

from csp_assessment.text import and_list

TIE_BREAK_RULE = (
    "Issues are ordered by agreed total, highest first. Where totals are equal, the issue "
    "whose scorers' own totals have the higher median comes first; then the title, A to Z."
)
SUGGESTION_RULE = (
    "The suggested agreed value is the median of the scorers' values, halves rounded up."
)
SENSITIVITY_RULE = (
    "For each partner in turn, their scores are left out, every criterion without an agreed "
    "value is re-scored from the median of the remaining scorers (agreed values stand), and "
    "the issues are ranked again with the same tie-break. The range shows the best and worst "
    "rank an issue took, its rank with everyone in among them."
)


@dataclass(frozen=True)
class CriterionSpec:
    key: str
    name: str
    group: str = ""
    weight: float = 1.0
    scale_min: int = 0
    scale_max: int = 5


@dataclass(frozen=True)
class Band:
    """A priority band: scores from `minimum` upwards, until the next band."""

    minimum: float
    label: str


@dataclass(frozen=True)
class PositionShift:
    """MoRiLE's organisational position moving the band: by `shift` steps when the
    position is at most `at_most` (or at least `at_least`)."""

    shift: int
    at_most: float | None = None
    at_least: float | None = None
    reason: str = ""

    def applies(self, position: float) -> bool:
        return (self.at_most is not None and position <= self.at_most) or (
            self.at_least is not None and position >= self.at_least
        )


@dataclass(frozen=True)
class MatrixSettings:
    """A matrix's method settings (its `config` field), read and checked once.

    Every part is optional: a sum-of-criteria matrix has none. Bands are kept in order
    of their minimum. Confidence labels are keyed by the confidence value as text.
    """

    bands: tuple[Band, ...] = ()
    position_shift: tuple[PositionShift, ...] = ()
    confidence_labels: tuple[tuple[str, str], ...] = ()

    @classmethod
    def parse(cls, config: Mapping | None) -> "MatrixSettings":
        """The settings in a matrix's raw config; ValueError says what is wrong."""
        config = config or {}
        if not isinstance(config, Mapping):
            raise ValueError("The matrix configuration must be a mapping.")
        unknown = set(config) - {"bands", "position_shift", "confidence_labels"}
        if unknown:
            raise ValueError(f"Unknown matrix settings: {', '.join(sorted(unknown))}.")
        try:
            bands = tuple(
                Band(minimum=float(band["min"]), label=str(band["label"]))
                for band in config.get("bands", [])
            )
            shifts = tuple(
                PositionShift(
                    shift=int(rule["shift"]),
                    at_most=rule.get("max"),
                    at_least=rule.get("min"),
                    reason=str(rule.get("reason", "")),
                )
                for rule in config.get("position_shift", [])
            )
            labels = tuple(
                (str(value), str(label))
                for value, label in dict(config.get("confidence_labels", {})).items()
            )
        except (KeyError, TypeError, ValueError) as error:
            raise ValueError(f"The matrix configuration is not valid: {error!r}.") from error
        if any(rule.at_most is None and rule.at_least is None for rule in shifts):
            raise ValueError("Each position shift needs a 'min' or a 'max'.")
        return cls(
            bands=tuple(sorted(bands, key=lambda band: band.minimum)),
            position_shift=shifts,
            confidence_labels=labels,
        )

    def band_index(self, score: float) -> int:
        """Index of the highest band whose minimum the score reaches."""
        index = 0
        for i, band in enumerate(self.bands):
            if score >= band.minimum:
                index = i
        return index

    def confidence_label(self, value: int) -> str:
        return dict(self.confidence_labels).get(str(value), f"Confidence {value}")


@dataclass(frozen=True)
class Outcome:
    total: float | None
    maximum: float
    band: str
    qualifier: str
    known: int
    explanation: str


def score_issue(
    method: str,
    settings: MatrixSettings | Mapping,
    criteria: list[CriterionSpec],
    values: Mapping[str, int | None],
) -> Outcome:
    """Combine one issue's values (criterion key -> value, None when not known).

    `settings` is the matrix's MatrixSettings (`Matrix.settings`); a raw config mapping
    is parsed first.
    """
    if not isinstance(settings, MatrixSettings):
        settings = MatrixSettings.parse(settings)
    known = {c.key: values[c.key] for c in criteria if values.get(c.key) is not None}
    if method == "sum":
        total = sum(c.weight * known[c.key] for c in criteria if c.key in known)
        maximum = sum(c.weight * c.scale_max for c in criteria)
        return Outcome(
            total=round(total, 2) if known else None,
            maximum=round(maximum, 2),
            band="",
            qualifier=f"{len(known)} of {len(criteria)} criteria known",
            known=len(known),
            explanation="The total adds up every known criterion, each times its weight.",
        )
    by_group: dict[str, list[CriterionSpec]] = {}
    for c in criteria:
        by_group.setdefault(c.group, []).append(c)
    bands = settings.bands
    if method == "grid":
        impact = [known.get(c.key) for c in by_group.get("impact", [])]
        likelihood = [known.get(c.key) for c in by_group.get("likelihood", [])]
        if None in impact + likelihood or not impact or not likelihood:
            return Outcome(
                None,
                _grid_max(by_group),
                "",
                "Impact or likelihood not known",
                len(known),
                "The grade needs both impact and likelihood.",
            )
        grade = impact[0] * likelihood[0]
        label = bands[settings.band_index(grade)].label if bands else ""
        return Outcome(
            grade,
            _grid_max(by_group),
            label,
            "",
            len(known),
            f"Grade {grade} = impact {impact[0]} x likelihood {likelihood[0]}.",
        )
    if method == "morile":
        harm_criteria = by_group.get("harm", [])
        harm = sum(c.weight * known[c.key] for c in harm_criteria if c.key in known)
        likelihood = [known.get(c.key) for c in by_group.get("likelihood", [])]
        maximum = sum(c.weight * c.scale_max for c in harm_criteria) * max(
            (c.scale_max for c in by_group.get("likelihood", [])), default=1
        )
        if not likelihood or likelihood[0] is None:
            return Outcome(
                None,
                maximum,
                "",
                "Likelihood not known",
                len(known),
                "The risk score needs a likelihood.",
            )
        risk = harm * likelihood[0]
        index = settings.band_index(risk)
        explanation = f"Risk {risk:g} = harm total {harm:g} x likelihood {likelihood[0]}."
        position_values = [known.get(c.key) for c in by_group.get("organisation", [])]
        if position_values and None not in position_values:
            position = sum(position_values)
            for rule in settings.position_shift:
                if rule.applies(position):
                    index = min(max(index + rule.shift, 0), len(bands) - 1)
                    explanation += f" {rule.reason} (position {position})."
                    break
        confidence = [known.get(c.key) for c in by_group.get("confidence", [])]
        qualifier = (
            settings.confidence_label(confidence[0])
            if confidence and confidence[0] is not None
            else "Confidence not known"
        )
        label = bands[index].label if bands else ""
        return Outcome(round(risk, 2), maximum, label, qualifier, len(known), explanation)
    raise ValueError(f"Unknown scoring method '{method}'")


def _grid_max(by_group: dict[str, list[CriterionSpec]]) -> float:
    impact = max((c.scale_max for c in by_group.get("impact", [])), default=0)
    likelihood = max((c.scale_max for c in by_group.get("likelihood", [])), default=0)
    return impact * likelihood


@dataclass(frozen=True)
class Spread:
    low: int | None
    middle: float | None
    high: int | None
    count: int
    divergent: bool


def spread(values: Iterable[int | None], divergence_range: int) -> Spread:
    known = [v for v in values if v is not None]
    if not known:
        return Spread(None, None, None, 0, False)
    low, high = min(known), max(known)
    return Spread(low, median(known), high, len(known), high - low >= divergence_range)


def suggested_value(values: Iterable[int | None]) -> int | None:
    known = [v for v in values if v is not None]
    if not known:
        return None
    return int(Decimal(str(median(known))).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Ranked:
    issue_id: int
    title: str
    total: float | None
    rank: int
    above_line: bool


def _rank_key(row) -> tuple:
    _id, title, total, tie = row
    return (-(total if total is not None else -1), -(tie if tie is not None else -1), title)


def _ordered_ranks(rows: list[tuple[int, str, float | None, float | None]]):
    """(row, rank) in ranking order; rows with equal total and tie-break share a rank."""
    previous_key, previous_rank = None, 0
    for position, row in enumerate(sorted(rows, key=_rank_key), start=1):
        score_key = _rank_key(row)[:2]
        rank = previous_rank if score_key == previous_key else position
        previous_key, previous_rank = score_key, rank
        yield row, rank


def rank_issues(
    rows: list[tuple[int, str, float | None, float | None]], threshold_kind: str, threshold: int
) -> list[Ranked]:
    """Order (issue id, title, agreed total, median of scorers' totals) by the stated
    rule and mark the issues that go forward for deeper analysis. Equal keys share a rank."""
    ranked = []
    for row, rank in _ordered_ranks(rows):
        total = row[2]
        if threshold_kind == "min_score":
            above = total is not None and total >= threshold
        else:
            above = total is not None and rank <= threshold
        ranked.append(Ranked(row[0], row[1], total, rank, above))
    return ranked


def consensus_values(
    by_scorer: Mapping[str, Mapping[str, int | None]],
    criteria: list[CriterionSpec],
    agreed: Mapping[str, int | None] | None = None,
    leave_out: str | None = None,
    partner_of: Mapping[str, str] | None = None,
) -> dict[str, int | None]:
    """One issue's value per criterion as the ranking takes it: the agreed value where
    there is one, otherwise the suggested value (median, halves rounded up) of the
    counted scorers. by_scorer: scorer -> criterion key -> value; agreed: criterion key
    -> agreed value. The scorers of the partner named in leave_out are not counted, but
    an agreed value stands whoever is left out."""
    agreed = agreed or {}
    partner_of = partner_of or {}
    counted = [s for scorer, s in by_scorer.items() if partner_of.get(scorer, scorer) != leave_out]
    return {
        c.key: agreed[c.key]
        if c.key in agreed
        else suggested_value(scores.get(c.key) for scores in counted)
        for c in criteria
    }


def median_scorer_total(
    by_scorer: Mapping[str, Mapping[str, int | None]],
    criteria: list[CriterionSpec],
    method: str = "sum",
    settings: MatrixSettings | Mapping | None = None,
    leave_out: str | None = None,
    partner_of: Mapping[str, str] | None = None,
) -> float | None:
    """The ranking's tie-break: the median of the counted scorers' own totals."""
    partner_of = partner_of or {}
    totals = [
        score_issue(method, settings or MatrixSettings(), criteria, scores).total
        for scorer, scores in by_scorer.items()
        if partner_of.get(scorer, scorer) != leave_out
    ]
    known = [t for t in totals if t is not None]
    return median(known) if known else None


def consensus_totals(
    values: Mapping[int, Mapping[str, Mapping[str, int | None]]],
    criteria: list[CriterionSpec],
    method: str = "sum",
    settings: MatrixSettings | Mapping | None = None,
    leave_out: str | None = None,
    partner_of: Mapping[str, str] | None = None,
    agreed: Mapping[int, Mapping[str, int | None]] | None = None,
    issue_ids: Iterable[int] | None = None,
) -> dict[int, tuple[float | None, float | None]]:
    """Each issue's (total, tie-break) as the ranking works them out, with the partner
    named in leave_out left out: the total from consensus_values, the tie-break from
    median_scorer_total.

    values: issue id -> scorer -> criterion key -> value (None when not known).
    agreed: issue id -> criterion key -> agreed value. issue_ids: every issue ranked
    (by default those in values or agreed). partner_of: scorer -> partner (their
    agency); every scorer of the partner named in leave_out is left out. Without it
    each scorer is their own partner.
    """
    agreed = agreed or {}
    settings = settings or MatrixSettings()
    if issue_ids is None:
        issue_ids = {*values, *agreed}
    totals = {}
    for issue_id in issue_ids:
        by_scorer = values.get(issue_id, {})
        chosen = consensus_values(by_scorer, criteria, agreed.get(issue_id), leave_out, partner_of)
        totals[issue_id] = (
            score_issue(method, settings, criteria, chosen).total,
            median_scorer_total(by_scorer, criteria, method, settings, leave_out, partner_of),
        )
    return totals


def rank_ranges(
    values: Mapping[int, Mapping[str, Mapping[str, int | None]]],
    criteria: list[CriterionSpec],
    method: str = "sum",
    settings: MatrixSettings | Mapping | None = None,
    partner_of: Mapping[str, str] | None = None,
    agreed: Mapping[int, Mapping[str, int | None]] | None = None,
    issue_ids: Iterable[int] | None = None,
) -> dict[int, tuple[int, int]]:
    """For each issue, the best and worst rank it takes with everyone in (its rank in
    the ranking) and as each partner is left out in turn. Agreed values stand in every
    case, and ties are broken as rank_issues breaks them (the title only orders issues
    that share a rank, so it is not needed here). issue_ids: every issue ranked, by
    default those in values or agreed."""
    partner_of = partner_of or {}
    issue_ids = list(issue_ids) if issue_ids is not None else [*{*values, *(agreed or {})}]
    scorers = {s for by_scorer in values.values() for s in by_scorer}
    partners = sorted({partner_of.get(s, s) for s in scorers})
    scenarios = [None, *partners] if len(partners) > 1 else [None]
    ranges: dict[int, tuple[int, int]] = {}
    for partner in scenarios:
        totals = consensus_totals(
            values, criteria, method, settings, partner, partner_of, agreed, issue_ids
        )
        rows = [(i, "", total, tie) for i, (total, tie) in totals.items()]
        for (issue_id, *_), rank in _ordered_ranks(rows):
            low, high = ranges.get(issue_id, (rank, rank))
            ranges[issue_id] = (min(low, rank), max(high, rank))
    return ranges


def describe_rank_range(rank_range: tuple[int, int] | None) -> str:
    """The ranks an issue takes as each partner is left out, as the ranking page and
    the report word them: "Always 2", "2 to 4", or "" when not known."""
    if rank_range is None:
        return ""
    low, high = rank_range
    return f"Always {low}" if low == high else f"{low} to {high}"


# Guard rails ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CloseCheck:
    """What closing a round now would cut short: the days left before its deadline (the
    deadline day itself belongs to the scorers, so closing on it is early too) and the
    scorers who have not submitted. Any of these means the person closing it is asked
    to confirm first."""

    days_early: int
    outstanding: tuple[str, ...]
    deadline_today: bool = False

    @property
    def needs_confirmation(self) -> bool:
        return self.days_early > 0 or self.deadline_today or bool(self.outstanding)


def close_check(*, today: date, deadline: date, outstanding: Iterable[str]) -> CloseCheck:
    """Closing after the deadline day with every sheet in is plain; anything else asks.
    `outstanding` names the scorers whose sheets are still drafts."""
    days_left = (deadline - today).days
    return CloseCheck(max(days_left, 0), tuple(sorted(outstanding)), days_left == 0)


def needs_moderation(divergent: Iterable[bool], agreed: Iterable[bool]) -> bool:
    """An issue still needs moderation while a criterion its scorers diverge on has no
    agreed value. Pairs up the issue's criteria: divergent? and agreed?."""
    return any(d and not a for d, a in zip(divergent, agreed, strict=True))


@dataclass(frozen=True)
class Tie:
    """Issues with equal totals that the threshold splits: some go forward, some do not,
    and only the tie-break decided which."""

    total: float
    inside: tuple[Ranked, ...]
    outside: tuple[Ranked, ...]

    @property
    def titles(self) -> tuple[str, ...]:
        return tuple(r.title for r in self.inside + self.outside)

    def describe(self) -> str:
        every = self.inside + self.outside
        inside = and_list(f"“{r.title}”" for r in self.inside)
        return (
            f"{and_list(f'“{r.title}”' for r in every)} "
            f"{'both' if len(every) == 2 else 'all'} total {self.total:g}. Only {inside} "
            f"{'is' if len(self.inside) == 1 else 'are'} inside the threshold: the tie-break "
            "decided it."
        )


def ties_across_threshold(ranked: Iterable[Ranked]) -> list[Tie]:
    """Equal totals on both sides of the threshold, in rank order. A tie wholly inside
    or wholly outside the cut changes nothing, so it is not reported."""
    by_total: dict[float, list[Ranked]] = {}
    for row in ranked:
        if row.total is not None:
            by_total.setdefault(row.total, []).append(row)
    ties = []
    for total, rows in by_total.items():
        inside = tuple(r for r in rows if r.above_line)
        outside = tuple(r for r in rows if not r.above_line)
        if inside and outside:
            ties.append(Tie(total, inside, outside))
    return sorted(ties, key=lambda tie: -tie.total)


INTEREST_RULE = (
    "A scorer who declares an interest in an issue is not asked to score it. Any values "
    "they gave it are left out of its range, median, suggested agreed value, the "
    "leave-one-partner-out ranks and the ranking."
)


def is_low_confidence(score) -> bool:
    """A value (not a blank or "not known") its scorer marked low confidence."""
    return score is not None and score.value is not None and score.confidence == "low"
