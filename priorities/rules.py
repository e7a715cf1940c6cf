"""Pure rules for priorities: which objectives a carried-over priority keeps, comparing
with last cycle, what changed since the board
decided, a KPI's status, the review date and checklist progress. No ORM, no request."""

import calendar
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

# Carrying a priority over to the next cycle ---------------------------------------------


def objectives_to_carry(objectives) -> tuple[list, list]:
    """A carried-over priority keeps the other plans' objectives still current: the
    board is asked to agree it now, so one that has ended (on any date) is left
    behind, as the objective form no longer offers it. Returns (carried, left)."""
    carried = [o for o in objectives if o.ended_on is None]
    left = [o for o in objectives if o.ended_on is not None]
    return carried, left


# Comparison with last cycle -----------------------------------------------------------


@dataclass(frozen=True)
class PriorityRef:
    """What the comparison needs to know about one priority."""

    id: int
    title: str
    issue_ids: frozenset[int] = frozenset()  # for last cycle: its issues
    origin_issue_ids: frozenset[int] = frozenset()  # for this cycle: issues carried from
    continues_id: int | None = None


@dataclass(frozen=True)
class ComparisonRow:
    change: str  # "new", "continued" or "dropped"
    current: PriorityRef | None
    previous: PriorityRef | None


def normalise_title(title: str) -> str:
    """Lower case, letters only: "Re-offending" and "reoffending" match."""
    return re.sub(r"[^a-z]", "", title.lower())


def compare_with_previous(
    previous: list[PriorityRef], current: list[PriorityRef]
) -> list[ComparisonRow]:
    """Mark each current priority new or continued, and each previous one not carried
    on as dropped. A priority continues last cycle's when the analyst said so, when one
    of its issues was carried over from that priority's issues, or when the titles
    match once case and punctuation are ignored. Each previous priority matches once."""
    unmatched = {p.id: p for p in previous}
    rows = []
    for priority in current:
        match = None
        if priority.continues_id in unmatched:
            match = unmatched[priority.continues_id]
        if match is None:
            match = next(
                (p for p in unmatched.values() if p.issue_ids & priority.origin_issue_ids), None
            )
        if match is None:
            title = normalise_title(priority.title)
            match = next((p for p in unmatched.values() if normalise_title(p.title) == title), None)
        if match is None:
            rows.append(ComparisonRow("new", priority, None))
        else:
            del unmatched[match.id]
            rows.append(ComparisonRow("continued", priority, match))
    rows += [ComparisonRow("dropped", None, p) for p in previous if p.id in unmatched]
    return rows


# Snapshots -----------------------------------------------------------------------------

SNAPSHOT_LABELS = {
    "title": "Title",
    "emphasis": "Emphasis",
    "rationale": "Rationale",
    "lead": "Lead",
    "lead_agency": "Lead agency",
    "proposed_kpis": "Proposed KPIs",
    "issues": "Issues",
}


@dataclass(frozen=True)
class Difference:
    field: str
    label: str
    then: str
    now: str


def _comparable(field: str, value) -> str:
    if field == "issues":
        return ", ".join(sorted(issue["title"] for issue in value or []))
    return "" if value is None else str(value)


def snapshot_differences(decided: dict, current: dict) -> list[Difference]:
    """The proposal fields that differ between the snapshot the board decided on and
    the priority as it is now. Scores and ranks are context, not part of the proposal."""
    differences = []
    for field, label in SNAPSHOT_LABELS.items():
        then, now = _comparable(field, decided.get(field)), _comparable(field, current.get(field))
        if then != now:
            differences.append(Difference(field, label, then or "(empty)", now or "(empty)"))
    return differences


# KPI status ----------------------------------------------------------------------------

ON_TRACK, AT_RISK, OFF_TRACK, NO_DATA = "on_track", "at_risk", "off_track", "no_data"
STATUS_LABELS = {
    ON_TRACK: "On track",
    AT_RISK: "At risk",
    OFF_TRACK: "Off track",
    NO_DATA: "No figures yet",
}
STATUS_RULE = (
    "On track: the latest figure has reached the target, or has covered at least half "
    "the distance from the baseline to the target. At risk: it has moved the right way "
    "from the baseline, but less than half way. Off track: it is at or worse than the "
    "baseline."
)


def kpi_status(
    *, baseline: Decimal, target: Decimal, direction: str, latest: Decimal | None
) -> str:
    if latest is None:
        return NO_DATA
    sign = 1 if direction == "up" else -1
    gained = (latest - baseline) * sign
    needed = (target - baseline) * sign
    if gained <= 0 and needed > 0:
        return OFF_TRACK
    if needed <= 0:
        # The target is no better than the baseline: holding the target is enough.
        return ON_TRACK if (latest - target) * sign >= 0 else OFF_TRACK
    if gained >= needed or gained * 2 >= needed:
        return ON_TRACK
    return AT_RISK


# Cycle priorities ------------------------------------------------------------------------
# The board agrees a four-year cycle's priorities once, in year 1 (seed 000); they carry
# through years 2 to 4 without a new decision. Year 3's refresh adds priorities or focus
# areas (a focus area sits under one of the cycle's priorities). Years 2 and 4 are for
# existing partnership work and emerging issues: a proposal there is an addition, which
# the board agrees like any other (docs/decisions.md).

RAG_LABELS = {"green": "Green", "amber": "Amber", "red": "Red", "not_assessed": "Not assessed"}
RAG_RULE = (
    "A priority is red when any of its KPIs is off track, amber when any is at risk, "
    "green when every KPI with figures is on track, and not assessed until a KPI has figures."
)


def priority_rag(kpi_statuses: list[str]) -> str:
    """A priority's RAG from its KPIs' statuses (kpi_status): the worst one counts."""
    known = [s for s in kpi_statuses if s != NO_DATA]
    if not known:
        return "not_assessed"
    if OFF_TRACK in known:
        return "red"
    if AT_RISK in known:
        return "amber"
    return "green"


def cycle_span(first_start_year: int, last_end_year: int, years: int) -> str:
    """How a cycle's length reads on screen: "the four years 2026 to 2030"."""
    words = {1: "one year", 2: "two years", 3: "three years", 4: "four years", 5: "five years"}
    length = words.get(years, f"{years} years")
    if years == 1:
        return f"the year {first_start_year} to {last_end_year}"
    return f"the {length} {first_start_year} to {last_end_year}"


def decided_for(
    *, focus_area: bool, year_number: int, year_start: int, first: int, last: int, years: int
) -> str:
    """What the board agrees a proposal for: the whole cycle in its first year, the rest
    of the cycle after. year_start: the calendar year its year starts in; first, last:
    the cycle's first and last calendar years; years: how many years the cycle has."""
    if focus_area:
        return f"a focus area for the rest of the cycle, {year_start} to {last}"
    if year_number == 1 or years == 1:
        return f"for {cycle_span(first, last, years)}"
    return f"an additional priority for the rest of the cycle, {year_start} to {last}"


# What a year's proposals are for, by the kind of year (CycleYear.Kind values).
PROPOSAL_PURPOSE = {
    "full": "This is the year the board agrees the cycle's priorities. They then carry "
    "through every later year of the cycle without being decided again.",
    "annual": "The board agrees this year's priorities.",
    "refresh": "This is the refresh year. The cycle's priorities carry on. Propose only "
    "additional priorities, or focus areas under an existing priority, for the rest of "
    "the cycle.",
    "interim": "The cycle's priorities carry on this year without a new decision. This "
    "year is for existing partnership work and for spotting emerging issues. Propose an "
    "addition only if an emerging issue cannot wait for the refresh.",
}


def proposes_additions(year_kind: str, year_number: int) -> bool:
    """Whether a year's proposals add to the cycle's priorities rather than set them."""
    return year_number > 1 and year_kind != "annual"


# Review ----------------------------------------------------------------------------------

REVIEW_MONTHS = 6
REMINDER_DAYS_BEFORE = 14


def months_after(day: date, months: int) -> date:
    """The same day some months later, or the month's last day where it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def review_window(year_starts_on: date, year_ends_on: date) -> tuple[date, date]:
    """The first and last dates a year's six-month review may fall on: from the year's
    start to six months after its end. The review comes six months after the board
    agrees the year's priorities, which may be as late as the year's last day, so a
    year's review often falls in the next year."""
    return year_starts_on, months_after(year_ends_on, REVIEW_MONTHS)


def reminder_due(*, review_on: date, today: date, days_before: int = REMINDER_DAYS_BEFORE) -> bool:
    return (review_on - today).days <= days_before


# The watchlist of non-priorities (issue 13): an issue's rank that moves this many
# places or more between two scoring rounds is a key change. Five is the width of the
# default line under the ranking (a round's top five issues), so a move this size can
# carry an issue from well below the line to above it, or the reverse; smaller moves
# are the kind scorers' differences make from one round to the next. A constant, not a
# partnership setting: no partnership has asked for another distance yet.
RANK_MOVE_PLACES = 5


# Checklists ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    total: int
    by_rag: dict[str, int]
    complete: int

    @property
    def percent(self) -> int:
        return round(100 * self.complete / self.total) if self.total else 0


def checklist_progress(rags: list[str]) -> Progress:
    counts = {"green": 0, "amber": 0, "red": 0, "not_assessed": 0}
    for rag in rags:
        counts[rag] = counts.get(rag, 0) + 1
    return Progress(total=len(rags), by_rag=counts, complete=counts["green"])


def draft_we_did(decisions: list[dict], actions: list[dict]) -> str:
    """Plain sentences from the board's decisions and the actions that followed.

    decisions: {"title", "emphasis", "outcome", "decided_on", "lead_agency"}
    actions: {"title", "priority", "status", "state", "owner_agency", "due_on"}, where
    status is the label shown and state the action's status value: done actions are
    listed apart from those still happening, dropped ones not at all.
    """
    lines = []
    agreed = [d for d in decisions if d["outcome"] in ("agreed", "agreed_with_amendments")]
    for decision in agreed:
        sentence = f"The board agreed “{decision['title']}” as a priority"
        if decision["outcome"] == "agreed_with_amendments":
            sentence += " with amendments"  # as the table of decisions beside it says
        emphasis = decision["emphasis"]
        if emphasis:
            sentence += f", {emphasis[0].lower()}{emphasis[1:]}"
        sentence += f" ({decision['decided_on']})."
        if decision["lead_agency"]:
            sentence += f" {decision['lead_agency']} leads it."
        lines.append(sentence)
    others = [d for d in decisions if d not in agreed]
    for decision in others:
        verb = "deferred" if decision["outcome"] == "deferred" else "did not agree"
        lines.append(f"The board {verb} “{decision['title']}” ({decision['decided_on']}).")
    done = [a for a in actions if a.get("state") == "done"]
    still = [a for a in actions if a.get("state") not in ("done", "dropped")]
    if done:
        lines += ["", "Done:"]
        for action in done:
            owner = f" ({action['owner_agency']})" if action["owner_agency"] else ""
            lines.append(f"- {action['title']}{owner}.")
    if still:
        lines += ["", "Still happening:"]
        for action in still:
            owner = f" ({action['owner_agency']})" if action["owner_agency"] else ""
            due = f", due {action['due_on']}" if action["due_on"] else ""
            lines.append(f"- {action['title']}{owner}{due}: {action['status'].lower()}.")
    if not lines:
        return "The board has not yet decided on the priorities this consultation informed."
    return "\n".join(lines)


BULLETS = ("- ", "• ", "* ")


def text_blocks(text: str) -> list[tuple[str, str | list[str]]]:
    """Plain text as the public page lays it out: ("p", line) for each line, and
    ("ul", [items]) for each run of lines starting with a bullet ("- ", "• " or "* "),
    the bullet removed, so a list is marked up as a list rather than printed with it."""
    blocks: list[tuple[str, str | list[str]]] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        bullet = next((b for b in BULLETS if line.startswith(b)), None)
        if bullet is None:
            blocks.append(("p", line))
        elif blocks and blocks[-1][0] == "ul":
            blocks[-1][1].append(line[len(bullet) :].strip())
        else:
            blocks.append(("ul", [line[len(bullet) :].strip()]))
    return blocks


# Closing a meeting --------------------------------------------------------------------


def undecided_items(items: list[tuple[str, str]]) -> list[str]:
    """Every agenda item ends in a decision on actions (seed 004). Given each item's
    title and recorded outcome, in agenda order, the titles of those still without one;
    a meeting closes only when this is empty."""
    return [title for title, outcome in items if not outcome.strip()]


def closing_refusal(undecided: list[str]) -> str:
    """What a person is told when a meeting cannot close yet."""
    names = ", ".join(f"“{title}”" for title in undecided)
    if len(undecided) == 1:
        return (
            f"This meeting cannot be closed: the item {names} has no decision on actions yet. "
            "Record what the meeting decided to do about it, then close the meeting."
        )
    return (
        f"This meeting cannot be closed: {len(undecided)} items have no decision on actions "
        f"yet: {names}. Record what the meeting decided to do about each, then close it."
    )


def agreed_version_refusal(version: int, next_step: str) -> str:
    """Why a version the board has agreed (terms of reference, the partnership plan)
    cannot change, and what to do instead."""
    return f"Version {version} has been agreed by the board, so it cannot change. {next_step}"
