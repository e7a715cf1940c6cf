"""The demo's six-month review: year 1's review, six months after the board agreed the
priorities in February: a draft while it is not yet due, and agreed at a board meeting
a week after its date once that has come. It has the analyst's summary of the real
Bedfordshire figures and a verdict on each agreed priority. Two non-priorities are
linked to their police crime types, and an earlier scoring round, closed before the
autumn one, put the highest-ranked non-priority last, so the watchlist flags its rise
through the real rank rule. Building the demo twice adds nothing."""

from datetime import date, timedelta

from django.db import transaction

from analysis.models import IssueCrimeTypes
from analysis.services import set_issue_crime_types
from cycles.models import Cycle
from demo.meetings_demo import BOARD, weekday_on_or_before
from partnerships.models import Membership, Role
from priorities import review_selectors
from priorities.review_models import Review
from priorities.review_services import (
    record_review_decision,
    save_review,
    take_review_to_board,
)
from priorities.services import meetings
from scoring import services as scoring
from scoring.models import Round, ScoreSheet
from scoring.selectors import latest_closed_round, ranking

# Issue title -> data.police.uk crime types (only issues the demo does not link already).
CRIME_TYPES = {"Dwelling burglary": ["Burglary"], "Vehicle crime": ["Vehicle crime"]}
# The demo's police extracts are November 2016 and November 2017: the assessment is
# taken to have used the first, and the review compares the second with it.
ASSESSMENT_DATA_TO = date(2016, 11, 1)
EARLIER_ROUND = "Summer horizon scan"
VERDICTS = {
    "Anti-social behaviour": ("holds", "Repeat victims are falling towards the target."),
    "Reduce re-offending": (
        "change",
        "The board asked for the IOM emphasis to be looked at again: widen it to the "
        "whole cohort on licence.",
    ),
    "Domestic abuse": ("holds", "MARAC referrals are rising as intended."),
}


def _link_crime_types(year) -> None:
    links = IssueCrimeTypes.objects.filter(issue__year=year)
    linked = set(links.values_list("issue_id", flat=True))
    for issue in year.issues.filter(title__in=CRIME_TYPES):
        if issue.pk not in linked:
            set_issue_crime_types(issue=issue, crime_types=CRIME_TYPES[issue.title])


def _earlier_round(year) -> None:
    """A one-scorer round closed a month before the autumn round, in the autumn order
    but with the highest-ranked non-priority put last."""
    autumn = latest_closed_round(year)
    if autumn is None or Round.objects.filter(year=year, name=EARLIER_ROUND).exists():
        return
    order = [row.issue for row in ranking(autumn).rows]
    watched = {issue.pk for issue in review_selectors.non_priorities(year)}
    mover = next((issue for issue in order if issue.pk in watched), None)
    if mover is None:
        return
    order = [issue for issue in order if issue != mover] + [mover]
    scorer = Membership.objects.get(
        partnership=year.cycle.partnership,
        role=Role.THEME_SPECIALIST,
        user__username="specialist@example.org",
    )
    earlier = scoring.create_round(
        year=year,
        name=EARLIER_ROUND,
        matrix=autumn.matrix,
        deadline=autumn.deadline - timedelta(days=60),
        issues=order,
    )
    for issue in order:
        scoring.assign_scorers(round_=earlier, issue=issue, scorers=[scorer])
    scoring.open_round(round_=earlier)
    criteria = list(autumn.matrix.criteria.all())
    # Each place down the order scores one criterion lower, so no two totals tie.
    cells = {
        (issue.pk, criterion.pk): (4 if n < len(criteria) - position else 1, False)
        for position, issue in enumerate(order)
        for n, criterion in enumerate(criteria)
    }
    sheet = ScoreSheet.objects.get(round=earlier)
    scoring.save_scores(sheet=sheet, cells=cells)
    scoring.submit_sheet(sheet=sheet)
    scoring.close_round(round_=earlier)
    # It was scored before the autumn round: the autumn ranking stays the year's.
    Round.objects.filter(pk=earlier.pk).update(
        opened_at=autumn.closed_at - timedelta(days=45),
        closed_at=autumn.closed_at - timedelta(days=30),
    )


@transaction.atomic
def build_review_demo(cycle: Cycle, today: date) -> None:
    year = cycle.years.get(number=1)
    _link_crime_types(year)
    _earlier_round(year)
    review = Review.objects.filter(year=year).first()
    if review is None or review.data_summary or not review.is_draft():
        return
    priorities = {p.title: p for p in review_selectors.agreed_priorities(year)}
    save_review(
        year=year,
        data_to=ASSESSMENT_DATA_TO,
        data_summary=_summary(review_selectors.watchlist(year, data_to=ASSESSMENT_DATA_TO)),
        verdicts={
            priorities[title].pk: verdict
            for title, verdict in VERDICTS.items()
            if title in priorities
        },
        today=today,
    )
    review.refresh_from_db()
    if review.review_on < today:
        agree_review(
            review,
            today,
            minute="The executive agreed the review: the priorities hold, and the IOM "
            "emphasis widens to the whole cohort on licence.",
        )


def agree_review(review: Review, today: date, *, minute: str) -> None:
    """A review whose date has come: the board read it at a meeting a week later (or
    today) and agreed it, so the demo shows no review overdue. A review with no summary
    yet (a past cycle's) gets a short one and "holds" on each priority."""
    if not review.is_draft():
        return
    year = review.year
    if not review.data_summary:
        save_review(
            year=year,
            data_to=None,
            data_summary="The partners' figures since the assessment show no change that "
            "asks for a different priority.",
            verdicts={
                row.priority.pk: ("holds", "") for row in review_selectors.verdicts(review, year)
            },
            today=today,
        )
    partnership = year.cycle.partnership
    held_on = weekday_on_or_before(min(review.review_on + timedelta(days=7), today))
    meeting = meetings.create_meeting(partnership=partnership, held_on=held_on, title=BOARD)
    item = meetings.add_item(meeting=meeting, title="Six-month review")
    take_review_to_board(review=review, item=item)
    record_review_decision(
        review=review,
        outcome="agreed",
        minute=minute,
        recorded_by=Membership.objects.get(
            partnership=partnership, user__username="board@example.org"
        ),
        today=held_on,
    )


def _summary(watch: review_selectors.Watchlist) -> str:
    """The analyst's summary, in words written from the demo's own figures."""
    figures = [
        f"{row.change.crime_types.lower()} went from {row.change.change.baseline} to "
        f"{row.change.change.current}"
        for row in watch.rows
        if row.change.change is not None
    ]
    lines = []
    if figures and watch.changes.comparison:
        lines.append(
            f"Police figures, {watch.changes.comparison.description}: " + "; ".join(figures) + "."
        )
        if not any(row.change.flag for row in watch.rows):
            lines[-1] += (
                " The Poisson test finds no change beyond normal variation, so the data "
                "alone does not ask for a new priority."
            )
    for row in watch.flagged:
        lines.append(f"{row.issue.title} is flagged on the watchlist: " + row.flags[0].reason)
    return "\n\n".join(lines) or "No police data since the assessment yet."
