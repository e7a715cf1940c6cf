"""The demo's long list and scoring: in year 1, a closed round on the 16-criterion matrix
with five agencies' scores on twelve issues (two of them seed 001's example rows), part
moderated, with one declared interest and a few low-confidence scores. The open round
is the current year's (demo/current_year_demo.py)."""

import random
from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from cycles.models import Cycle, CycleYear, Issue
from cycles.services import save_issue
from partnerships.models import Agency, Membership, Role
from scoring import services
from scoring.matrix_files import load_shipped_matrices
from scoring.models import Interest, Matrix, Round, Score, ScoreSheet

# One lead professional per responsible authority scores the issues they know.
SCORERS = [
    ("dan.cole@example.org", "Dan", "Cole", "Bedfordshire Police", "Police analyst"),
    ("aisha.khan@example.org", "Aisha", "Khan", "Central Bedfordshire Council", "ASB lead"),
    (
        "mark.reed@example.org",
        "Mark",
        "Reed",
        "Bedfordshire Fire and Rescue Service",
        "Community safety manager",
    ),
    (
        "helen.price@example.org",
        "Helen",
        "Price",
        "Bedfordshire, Luton and Milton Keynes Integrated Care Board",
        "Public health lead",
    ),
]

ISSUES = [
    ("Anti-social behaviour", "Locations", ["social"]),
    ("Reducing re-offending", "Offenders", ["legal", "organisational"]),
    ("Domestic abuse", "Victims", ["social", "legal"]),
    ("Alcohol misuse and related crime and disorder", "Offenders", ["social", "economic"]),
    ("Dwelling burglary", "Locations", []),
    ("Vehicle crime", "Locations", ["technological"]),
    ("Violence against women and girls", "Victims", ["political", "social"]),
    ("Drug supply and county lines", "Offenders", ["economic", "social"]),
    ("Serious violence", "Victims", ["legal"]),
    ("Road safety and casualty reduction", "Locations", ["environmental"]),
    ("Hate crime", "Victims", ["social"]),
    ("Fraud and scams against older people", "Victims", ["technological", "economic"]),
]

# Seed 001's two example rows, as one partner scored them (they add up to 59 each).
SEED_ROWS = {
    "Reducing re-offending": [3, 5, 4, 4, 5, 0, 4, 4, 4, 4, 3, 5, 3, 4, 3, 4],
    "Alcohol misuse and related crime and disorder": [
        3,
        4,
        5,
        3,
        5,
        0,
        4,
        3,
        5,
        2,
        4,
        5,
        4,
        4,
        4,
        4,
    ],
}


def _scorer(email, first, last, agency_name, job_title, partnership, password) -> Membership:
    user, created = User.objects.get_or_create(
        username=email, defaults={"email": email, "first_name": first, "last_name": last}
    )
    if created:
        user.set_password(password)
        user.save()
    membership, _ = Membership.objects.get_or_create(
        user=user,
        partnership=partnership,
        defaults={
            "role": Role.THEME_SPECIALIST,
            "agency": Agency.objects.get(partnership=partnership, name=agency_name),
            "job_title": job_title,
        },
    )
    return membership


def _noon(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12)))


def _as_it_happened(round_: Round) -> None:
    """The round ran in the demo's past: each sheet was submitted in the week before
    the deadline, and the round's and the sheets' histories carry the days it happened,
    not the day the demo was loaded."""
    opened, closed = round_.opened_at, round_.closed_at
    Round.history.filter(id=round_.pk, status=Round.Status.DRAFT).update(
        history_date=opened - timedelta(days=7)
    )
    Round.history.filter(id=round_.pk, status=Round.Status.OPEN).update(history_date=opened)
    Round.history.filter(id=round_.pk, status=Round.Status.CLOSED).update(history_date=closed)
    for n, sheet in enumerate(ScoreSheet.objects.filter(round=round_).order_by("pk")):
        submitted = _noon(round_.deadline - timedelta(days=1 + n % 6))
        ScoreSheet.objects.filter(pk=sheet.pk).update(submitted_at=submitted)
        history = ScoreSheet.history.filter(id=sheet.pk)
        history.filter(status=ScoreSheet.Status.SUBMITTED).update(
            history_date=submitted, submitted_at=submitted
        )
        history.exclude(status=ScoreSheet.Status.SUBMITTED).update(history_date=opened)


def _values(rng: random.Random, profile: list[int], spread: int) -> list[int]:
    return [min(5, max(0, base + rng.randint(-spread, spread))) for base in profile]


# The fire service's scorer declares an interest in one issue, and the health lead is
# unsure of a few scores: (scorer's email, issue, criterion positions).
INTEREST = (
    "mark.reed@example.org",
    "Road safety and casualty reduction",
    "Bedfordshire Fire and Rescue Service runs the road safety education programme.",
)
LOW_CONFIDENCE = [
    ("helen.price@example.org", "Vehicle crime", [1, 2, 3]),
    ("helen.price@example.org", "Fraud and scams against older people", [4, 5]),
    ("dan.cole@example.org", "Hate crime", [7]),
]


def _interest_and_confidence(year) -> None:
    """Add the closed round's declared interest and low-confidence marks if missing.

    The round is closed, so the services (which write only to open sheets) cannot add
    them to a demo built before they existed; the rows are written directly, history
    and all, as a scorer would have left them before submitting."""
    closed = year.rounds.filter(status=Round.Status.CLOSED).order_by("pk").first()
    if closed is None:
        return
    email, title, reason = INTEREST
    scorer = Membership.objects.filter(partnership=year.cycle.partnership, user__username=email)
    issue = closed.issues.filter(title=title).first()
    if scorer.exists() and issue is not None:
        Interest.objects.get_or_create(
            round=closed, issue=issue, scorer=scorer.get(), defaults={"reason": reason}
        )
    criteria = list(closed.matrix.criteria.all())
    for email, title, positions in LOW_CONFIDENCE:
        for score in Score.objects.filter(
            sheet__round=closed,
            sheet__scorer__user__username=email,
            issue__title=title,
            criterion__in=[criteria[i] for i in positions],
            value__isnull=False,
        ).exclude(confidence=Score.Confidence.LOW):
            score.confidence = Score.Confidence.LOW
            score.save(update_fields=["confidence"])


@transaction.atomic
def build_scoring_demo(cycle: Cycle, password: str) -> None:
    load_shipped_matrices()
    year = cycle.years.get(number=1)
    if not year.rounds.exists():
        _autumn_round(year, password)
    _interest_and_confidence(year)


def _autumn_round(year: CycleYear, password: str) -> None:
    """Year 1's long list and its autumn round, scored, closed and part moderated."""
    partnership = year.cycle.partnership
    scorers = [_scorer(*row, partnership, password) for row in SCORERS]
    scorers.append(
        Membership.objects.get(
            partnership=partnership,
            role=Role.THEME_SPECIALIST,
            user__username="specialist@example.org",
        )
    )
    lead = {a.name: a for a in partnership.agencies.all()}
    issues = [
        save_issue(
            year=year,
            title=title,
            theme=theme,
            pestelo=pestelo,
            source=Issue.Source.CARRIED_OVER if i < 6 else Issue.Source.PARTNER,
            lead_agency=lead.get("Bedfordshire Police")
            if i % 2
            else lead.get("Central Bedfordshire Council"),
        )
        for i, (title, theme, pestelo) in enumerate(ISSUES)
    ]
    matrix = Matrix.objects.get(partnership=None, key="csp-16", version=1)
    criteria = list(matrix.criteria.all())
    rng = random.Random(2011)  # the same demo every time

    closed = services.create_round(
        year=year,
        name=f"Autumn scoring {year.starts_on.year}",
        matrix=matrix,
        deadline=year.starts_on.replace(month=10, day=24),
        issues=issues,
        threshold_kind=Round.Threshold.TOP_N,
        threshold_value=5,
    )
    for issue in issues:
        services.assign_scorers(round_=closed, issue=issue, scorers=scorers)
    services.open_round(round_=closed)
    for position, sheet in enumerate(ScoreSheet.objects.filter(round=closed).order_by("pk")):
        cells = {}
        for index, issue in enumerate(issues):
            if issue.title in SEED_ROWS and position == 0:
                values = SEED_ROWS[issue.title]
            else:
                level = 4 - index // 3
                profile = SEED_ROWS.get(issue.title) or [
                    max(0, min(5, level + rng.randint(-1, 1))) for _ in criteria
                ]
                values = _values(rng, profile, 1 if index % 4 else 2)
            for criterion, value in zip(criteria, values, strict=True):
                cells[(issue.pk, criterion.pk)] = (value, False)
            # Some partners do not know enough about some criteria.
            if position == 3 and index % 5 == 0:
                cells[(issue.pk, criteria[0].pk)] = (None, True)
        services.save_scores(sheet=sheet, cells=cells)
        services.submit_sheet(sheet=sheet)
    services.close_round(round_=closed)
    # Scored in the consultation stage's weeks and closed the day after its deadline,
    # as it happened (the demo builds in one go).
    Round.objects.filter(pk=closed.pk).update(
        opened_at=_noon(closed.deadline - timedelta(days=39)),
        closed_at=_noon(closed.deadline + timedelta(days=1)),
    )
    closed.refresh_from_db()
    _as_it_happened(closed)
    for issue in issues[:6]:
        suggested = services.suggested_agreed_values(closed, issue)
        services.moderate_issue(
            round_=closed,
            issue=issue,
            agreed={cid: (value, value is None) for cid, value in suggested.items()},
            rationale="Agreed at the moderation meeting: the median of partners' scores, "
            "checked against the crime data.",
        )
