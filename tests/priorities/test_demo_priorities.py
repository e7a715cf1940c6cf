"""The demo shows a board meeting with decisions, agreed priorities with KPIs and
actions, seed 001's comparison with last cycle, and a half-completed checklist."""

from datetime import date

from django.utils import timezone

from demo.builder import build_demo
from priorities import selectors
from priorities.models import (
    Action,
    ChecklistRun,
    Decision,
    Item,
    KPIValue,
    Meeting,
    Priority,
)


def test_the_demo_reproduces_seed_001_and_a_board_meeting(db):
    cycle = build_demo(date(2026, 11, 24))["cycle"]
    year = cycle.years.get(number=1)
    overview = selectors.year_overview(year)
    agreed = [c.priority for c in overview.cards if c.priority.status == Priority.Status.AGREED]
    assert [p.title for p in agreed] == [
        "Anti-social behaviour",
        "Reduce re-offending",
        "Domestic abuse",
    ]
    assert sorted(r.change for r in overview.comparison) == ["continued"] * 3 + ["dropped"] * 3
    assert all(c.kpis and c.kpis[0].values for c in overview.cards)
    assert Decision.objects.filter(priority__year=year).count() == 3
    # Each decision, and the priority's change to agreed, is dated at its meeting, not
    # on the day the demo loaded.
    for decision in Decision.objects.select_related("item__meeting", "decided_by__user"):
        held_on = decision.item.meeting.held_on
        assert timezone.localtime(decision.decided_at).date() == held_on
        agreed_row = (
            Priority.history.filter(id=decision.priority_id, status=decision.priority.status)
            .order_by("history_date")
            .first()
        )
        assert timezone.localtime(agreed_row.history_date).date() == held_on
        assert agreed_row.history_user == decision.decided_by.user
    # Published and escalated in the week after the meeting, not the day the demo loaded.
    published = Priority.history.filter(year=year, published=True).earliest("history_date")
    escalated = Priority.objects.get(year=year, escalate_to_county=True)
    for moment in (published.history_date, escalated.escalated_at):
        assert timezone.localtime(moment).date() == date(2026, 2, 13)
    # A closed meeting's history runs up to its closing, by the person who closed it.
    for meeting in Meeting.objects.filter(closed_at__isnull=False):
        rows = list(meeting.history.order_by("history_date"))
        assert all(row.history_date <= meeting.closed_at for row in rows), meeting
        assert rows[-1].history_user == meeting.closed_by.user
    # Only a meeting that took decisions says it decided on the proposed priorities.
    for item in Item.objects.filter(outcome__contains="decided on the priorities"):
        assert Decision.objects.filter(item__meeting=item.meeting_id).exists(), item
    assert Item.objects.filter(outcome__contains="carry on without a new decision").exists()
    # Each lead brought a delivery plan; the plan the board agreed in March carries them.
    actions = Action.objects.filter(priority__year=year)
    assert [a.status for a in actions] == ["done"] * 3
    assert all(a.updates.exists() for a in actions)
    # Each is credited to its priority's lead agency, as "you said, we did" shows it.
    assert all(a.owner_agency == a.priority.lead_agency for a in actions)
    run = ChecklistRun.objects.get(year=year)
    progress = selectors.checklist_progress(selectors.checklist_items(run))
    assert 0 < progress.by_rag["not_assessed"] < progress.total
    assert Priority.objects.filter(escalate_to_county=True).count() == 1

    counts = (Priority.objects.count(), Decision.objects.count(), KPIValue.objects.count())
    build_demo(date(2026, 11, 24))
    assert (Priority.objects.count(), Decision.objects.count(), KPIValue.objects.count()) == counts


def test_the_demo_boards_meet_on_weekdays(db):
    build_demo(date(2026, 11, 24))
    assert [m.held_on for m in Meeting.objects.all() if m.held_on.weekday() > 4] == []
