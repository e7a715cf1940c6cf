"""The demo's closed round holds one declared interest and a few low-confidence scores,
which moderation and the ranking show, and building it again adds nothing."""

from datetime import date

from demo.builder import build_demo
from demo.scoring_demo import build_scoring_demo
from scoring import selectors
from scoring.models import Interest, Round, Score


def test_the_demo_round_has_an_interest_and_low_confidence_scores(db):
    today = date(2026, 11, 24)
    cycle = build_demo(today)["cycle"]
    # The autumn round; the six-month review's demo adds an earlier one (demo/review_demo.py).
    closed = Round.objects.get(
        year__cycle=cycle, status=Round.Status.CLOSED, name__startswith="Autumn"
    )
    interest = Interest.objects.get(round=closed)
    assert interest.issue.title == "Road safety and casualty reduction"
    assert interest.scorer.user.first_name == "Mark"
    low = Score.objects.filter(sheet__round=closed, confidence=Score.Confidence.LOW)
    assert low.count() == 6
    rows = {row.issue.title: row for row in selectors.ranking(closed).rows}
    assert [i.pk for i in rows["Road safety and casualty reduction"].interests] == [interest.pk]
    assert rows["Vehicle crime"].low_confidence == 3
    assert rows["Hate crime"].low_confidence == 1

    build_scoring_demo(cycle, "unused")
    assert Interest.objects.count() == 1
    assert Interest.history.count() == 1
    assert Score.objects.filter(confidence=Score.Confidence.LOW).count() == 6


def test_the_open_round_is_the_current_years_on_its_carried_over_long_list(db):
    today = date(2026, 11, 24)
    cycle = build_demo(today)["cycle"]
    assert not cycle.years.get(number=1).rounds.filter(status=Round.Status.OPEN).exists()
    check = Round.objects.get(status=Round.Status.OPEN)
    assert check.name == "Emerging issues check"
    assert check.year == cycle.years.get(number=2)  # 2026-27, running today
    assert check.deadline == date(2026, 12, 8)
    assert check.opened_at.date() == date(2026, 11, 17)
    year_1 = {i.title: i for i in cycle.years.get(number=1).issues.all()}
    carried = check.year.issues.all()
    assert sorted(i.title for i in carried) == sorted(year_1)
    assert all(i.carried_from == year_1[i.title] for i in carried)
    assert sorted(i.title for i in check.issues.all()) == [
        "Fraud and scams against older people",
        "Hate crime",
        "Road safety and casualty reduction",
    ]
