"""The demo's current year: year 1 has ended, so what is under way today is year 2's.
Its long list is year 1's, carried over as a partnership carries it over once year 1
is done; its open round is the emerging issues check, which closes in two weeks; and
two rationale documents for that check are due in a week, one still to write and one
returned with comments. Each part is added once."""

import random
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from cycles.models import Cycle, CycleYear
from cycles.services import carry_over_issues
from demo.consultation_demo import ask_for_rationales, at_hour, hand_in, review_document
from demo.scoring_demo import ISSUES
from partnerships.models import Membership, Role
from scoring import services
from scoring.models import Round, ScoreSheet

# The last three issues of the long list, scored again by the health lead and the
# theme specialist.
EMERGING = [title for title, _, _ in ISSUES[-3:]]
EMERGING_SCORERS = ["helen.price@example.org", "specialist@example.org"]
CHECK = "Emerging issues check"

# Two issues in the check need their rationale brought up to date: (issue, specialist's
# email, the analyst's comment when returning the draft, or "" if not yet handed in).
RATIONALES = [
    ("Fraud and scams against older people", "helen.price@example.org", ""),
    (
        "Hate crime",
        "dan.cole@example.org",
        "Please say how many of the reports were made online and name the data source.",
    ),
]


def _current_year(cycle: Cycle, today: date) -> CycleYear | None:
    year = cycle.years.filter(starts_on__lte=today, ends_on__gte=today).first()
    return year if year is not None and year.number > 1 else None


@transaction.atomic
def build_current_year_demo(cycle: Cycle, today: date) -> None:
    year = _current_year(cycle, today)
    # Built once: a later run, even in a later year, adds nothing (the README's promise).
    if year is None or Round.objects.filter(year__cycle=cycle, name=CHECK).exists():
        return
    if not year.issues.exists():
        carry_over_issues(year=year)
    _emerging_issues_check(year, today)
    _rationales(year, today)


def _emerging_issues_check(year: CycleYear, today: date) -> None:
    """Opened a week ago (or when the year began, and never later than now), closing in
    two weeks (or when the year ends); one scorer has started."""
    autumn = Round.objects.filter(year__cycle=year.cycle, name__startswith="Autumn").first()
    if autumn is None or year.rounds.filter(name=CHECK).exists():
        return
    partnership = year.cycle.partnership
    emerging = [year.issues.get(title=title) for title in EMERGING]
    scorers = [
        Membership.objects.get(partnership=partnership, user__username=email)
        for email in EMERGING_SCORERS
    ]
    check = services.create_round(
        year=year,
        name=CHECK,
        matrix=autumn.matrix,
        deadline=min(today + timedelta(days=14), year.ends_on),
        issues=emerging,
    )
    for issue in emerging:
        services.assign_scorers(round_=check, issue=issue, scorers=scorers)
    services.open_round(round_=check)
    opened = at_hour(max(today - timedelta(days=7), year.starts_on), 12)
    Round.objects.filter(pk=check.pk).update(opened_at=min(opened, timezone.now()))
    rng = random.Random(2012)  # the same demo every time
    criteria = list(autumn.matrix.criteria.all())
    started = ScoreSheet.objects.get(round=check, scorer=scorers[0])
    services.save_scores(
        sheet=started,
        cells={(emerging[0].pk, c.pk): (rng.randint(1, 4), False) for c in criteria[:8]},
    )


def _rationales(year: CycleYear, today: date) -> None:
    """Asked for a week ago (in a year's first week, before it began: the analyst asks
    ahead), due in a week (or by the year's end); the returned one was handed in three
    days after it was asked for and returned the next day, so every step is on a day
    before today."""
    if year.rationales.exists():
        return
    partnership = year.cycle.partnership
    analyst = Membership.objects.filter(partnership=partnership, role=Role.ANALYST).first()
    asked = today - timedelta(days=7)
    requests = ask_for_rationales(
        year,
        analyst,
        RATIONALES,
        due_on=min(today + timedelta(days=7), year.ends_on),
        asked=asked,
        message="Please bring the rationale up to date for the emerging issues check.",
    )
    for document, specialist, title, comment in requests:
        if comment:
            hand_in(document, specialist, title, asked + timedelta(days=3))
            review_document(document, analyst, comment, asked + timedelta(days=4))
