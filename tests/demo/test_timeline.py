"""The demo's dates tell a possible story whatever day it is built: in every year it
builds, the survey and the scoring close before the board agrees the priorities, the
final report goes to that meeting beforehand, the plan is agreed after its priorities,
nothing is agreed, sent or published after today, and nothing the story says is done
shows as overdue."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from consultation.dashboard import WAITING_ON_THE_WRITER
from consultation.models import RationaleDocument, Survey
from cycles.models import Activity, CycleYear, Issue
from demo.builder import build_demo
from plans.models import Plan, PlanDecision, PlanSending
from priorities.models import KPI, Decision, Item, KPIValue, Meeting, YouSaidWeDid
from priorities.review_models import Review
from priorities.terms_models import TermsDecision
from reports.models import BoardPaper, Comment, RenderRun, Report
from scoring.models import Round

TODAYS = [date(2026, 4, 15), date(2026, 11, 30), date(2027, 2, 20)]
DAY = timedelta(days=1)


def _priority_meeting(year: CycleYear) -> date | None:
    held = (
        Decision.objects.filter(priority__year=year, item__meeting__group__isnull=True)
        .order_by("item__meeting__held_on")
        .values_list("item__meeting__held_on", flat=True)
        .first()
    )
    return held


def _check_year(year: CycleYear, today: date) -> list[str]:
    wrong = []
    agreed_on = _priority_meeting(year)
    for survey in Survey.objects.filter(year=year):
        if survey.status == Survey.Status.CLOSED and survey.closes_on > today:
            wrong.append(f"{year}: survey closes after today ({survey.closes_on})")
        if agreed_on and survey.closes_on >= agreed_on:
            wrong.append(f"{year}: survey closes {survey.closes_on}, agreed {agreed_on}")
        # Its history table tells the same story: nothing after it closed, or after today.
        for record in survey.history.all():
            on = timezone.localtime(record.history_date).date()
            if survey.status == Survey.Status.CLOSED and on > min(survey.closes_on + DAY, today):
                wrong.append(f"{year}: survey history dated {on}, after it closed")
    for round_ in Round.objects.filter(year=year, status=Round.Status.CLOSED):
        closed = round_.closed_at.date()
        if closed > today or round_.opened_at.date() > closed:
            wrong.append(f"{year}: round {round_.name} opened or closed out of order")
        if agreed_on and (round_.deadline >= agreed_on or closed >= agreed_on):
            wrong.append(f"{year}: round {round_.name} closes {closed}, agreed {agreed_on}")
    running = year.starts_on <= today <= year.ends_on
    for round_ in Round.objects.filter(year=year, status=Round.Status.OPEN):
        if not running or not today <= round_.deadline <= year.ends_on:
            wrong.append(f"{year}: round {round_.name} open, closing {round_.deadline}")
        if round_.opened_at.date() > today or round_.opened_at.date() < year.starts_on:
            wrong.append(f"{year}: round {round_.name} opened {round_.opened_at.date()}")
    for document in RationaleDocument.objects.filter(year=year, state__in=WAITING_ON_THE_WRITER):
        if not running or document.due_on < today:
            wrong.append(f"{year}: rationale for {document.subject} due {document.due_on}")
    if agreed_on is not None and agreed_on > today:
        wrong.append(f"{year}: priorities agreed in the future ({agreed_on})")
    for paper in BoardPaper.objects.filter(run__report__year=year):
        if paper.sent_at.date() >= paper.meeting.held_on or paper.meeting.held_on > today:
            wrong.append(f"{year}: board paper sent {paper.sent_at.date()} for a later meeting")
        if paper.run.requested_at > paper.sent_at:
            wrong.append(f"{year}: the final version was made after it was sent")
        if Comment.objects.filter(
            section__report=paper.run.report, created_at__gte=paper.sent_at
        ).exists():
            wrong.append(f"{year}: comments on the draft dated after the final was sent")
        if agreed_on and paper.meeting.held_on < agreed_on:
            wrong.append(f"{year}: the final report went to the board before the decision")
    for report in Report.objects.filter(year=year, runs__state=RenderRun.State.AGREED).distinct():
        if Comment.objects.filter(section__report=report, resolved=False).exists():
            wrong.append(f"{year}: comments left open on the agreed {report.title}")
    for terms in TermsDecision.objects.filter(terms__year=year):
        held = terms.item.meeting.held_on
        if held > today or (agreed_on and held >= agreed_on):
            wrong.append(f"{year}: terms of reference agreed {held}")
        if any(s.opens_on < held for s in Survey.objects.filter(year=year)):
            wrong.append(f"{year}: the survey opened before its terms were agreed")
    for plan in Plan.objects.filter(year=year):
        for decision in PlanDecision.objects.filter(plan=plan):
            held = decision.item.meeting.held_on
            if held > today or agreed_on is None or held <= agreed_on:
                wrong.append(f"{year}: plan agreed {held}, its priorities {agreed_on}")
            if plan.published_at and plan.published_at.date() < held:
                wrong.append(f"{year}: plan published before it was agreed")
        if plan.published_at and plan.published_at.date() > today:
            wrong.append(f"{year}: plan published in the future")
        for sending in PlanSending.objects.filter(plan=plan):
            if sending.sent_on > today or (
                plan.published_at and sending.sent_on < plan.published_at.date()
            ):
                wrong.append(f"{year}: plan sent {sending.sent_on}")
    for page in YouSaidWeDid.objects.filter(survey__year=year, published_at__isnull=False):
        if not page.survey.closes_on <= page.published_at.date() <= today:
            wrong.append(f"{year}: you said, we did published {page.published_at.date()}")
    for review in Review.objects.filter(year=year):
        if agreed_on and review.review_on <= agreed_on:
            wrong.append(f"{year}: six-month review before the decision")
        if review.is_draft() and review.review_on < today:
            wrong.append(f"{year}: six-month review overdue since {review.review_on}")
    for figure in KPIValue.objects.filter(kpi__priority__year=year):
        if figure.period_ending > today or (agreed_on and figure.period_ending < agreed_on):
            wrong.append(f"{year}: a measure's figure for {figure.period_ending}")
    if agreed_on is not None:
        # The story says the year's work up to the decision is done.
        undone = Activity.objects.filter(
            stage__year=year, due_on__lte=agreed_on, due_on__lt=today
        ).exclude(status=Activity.Status.DONE)
        wrong += [f"{year}: overdue but done in the story: {a.title}" for a in undone]
    return wrong


@pytest.mark.parametrize("today", TODAYS, ids=str)
def test_every_year_the_demo_builds_runs_in_the_order_a_real_cycle_runs(db, today):
    cycle = build_demo(today)["cycle"]
    years = CycleYear.objects.filter(cycle__partnership=cycle.partnership)
    checked = [y for y in years if _priority_meeting(y) or y.surveys.exists()]
    assert cycle.years.get(number=1) in checked, "the demo's current cycle decided its priorities"
    assert len(checked) >= 3, "both cycles' deciding years are checked"
    wrong = [line for year in years for line in _check_year(year, today)]
    assert not wrong, "\n".join(wrong)
    # Every board decision the demo records was taken at a meeting that has happened.
    assert not Decision.objects.filter(item__meeting__held_on__gt=today).exists()
    # The year running today has the open scoring round, on the long list carried over.
    current = cycle.years.get(starts_on__lte=today, ends_on__gte=today)
    assert current.number == 2
    assert current.rounds.filter(status=Round.Status.OPEN).exists()
    assert current.issues.exclude(carried_from__year__number=1).count() == 0
    assert not _meetings_out_of_story(cycle.partnership, today)
    # Each measure's figures run up to the last quarter that ended before today (or
    # before its cycle ended), any quarters left blank the earliest.
    for kpi in KPI.objects.filter(priority__year__cycle__partnership=cycle.partnership):
        agreed = kpi.priority.decisions.get().item.meeting.held_on
        cycle_ended = kpi.priority.year.cycle.years.order_by("-number").first().ends_on + DAY
        ends = _quarter_ends(agreed, min(today, cycle_ended))
        periods = [figure.period_ending for figure in kpi.values.all()]
        assert periods == ends[-len(periods) :], f"{kpi}: {periods}, quarters {ends}"


def _meetings_out_of_story(partnership, today: date) -> list[str]:
    """Every meeting held before `today` is closed, on or shortly after its day (never
    after `today`), with who came recorded; meetings from today on are still open; and
    the board meets under one name."""
    wrong = []
    for meeting in Meeting.objects.filter(partnership=partnership):
        if meeting.held_on >= today:
            if meeting.is_closed():
                wrong.append(f"{meeting}: closed before it was held")
            continue
        if not meeting.attendee_list():
            wrong.append(f"{meeting}: no attendees recorded")
        if not meeting.is_closed():
            wrong.append(f"{meeting}: not closed")
            continue
        closed_on = timezone.localtime(meeting.closed_at).date()
        if not meeting.held_on <= closed_on <= min(meeting.held_on + 7 * DAY, today):
            wrong.append(f"{meeting}: closed on {closed_on}")
        if meeting.closed_by is None or meeting.closed_by.partnership_id != partnership.pk:
            wrong.append(f"{meeting}: closed by no one of the partnership")
    titles = set(
        Meeting.objects.filter(partnership=partnership, group__isnull=True).values_list(
            "title", flat=True
        )
    )
    if len(titles) != 1:
        wrong.append(f"the board meets under {len(titles)} names: {sorted(titles)}")
    return wrong


def _quarter_ends(after: date, before: date) -> list[date]:
    """Every 31 March, 30 June, 30 September and 31 December after `after`, before `before`."""
    days = [(3, 31), (6, 30), (9, 30), (12, 31)]
    every = [date(y, m, d) for y in range(after.year, before.year + 1) for m, d in days]
    return [end for end in every if after < end < before]


def test_built_on_a_year_s_first_day_and_again_a_year_later(db):
    """On 1 April, year 2's first day, every step of its story still has its own moment
    and no work under way sits in the year that has ended; a run a year later, in year
    3, adds nothing (running the demo again never adds anything twice)."""
    first_day = date(2026, 4, 1)
    cycle = build_demo(first_day)["cycle"]
    wrong = [line for year in cycle.years.all() for line in _check_year(year, first_day)]
    assert not wrong, "\n".join(wrong)
    for document in RationaleDocument.objects.filter(year__cycle=cycle, year__number=2):
        moments = [record.history_date for record in document.history.order_by("history_id")]
        assert len(moments) >= 1 and moments == sorted(set(moments)), document.subject
    assert not Activity.objects.filter(
        stage__year__cycle=cycle, stage__year__number=1, status=Activity.Status.IN_PROGRESS
    ).exists()
    assert not _meetings_out_of_story(cycle.partnership, first_day)

    def counts():
        return [m.objects.count() for m in (Round, RationaleDocument, Issue, Activity)]

    before = counts()
    build_demo(date(2027, 4, 10))
    assert counts() == before
    assert not _meetings_out_of_story(cycle.partnership, date(2027, 4, 10))


def test_built_twice_on_one_day_the_meetings_are_as_they_were(db):
    today = date(2026, 11, 30)
    partnership = build_demo(today)["partnership"]
    before = list(Meeting.objects.values_list("pk", "closed_at", "attendees"))
    items = Item.objects.count()
    assert any(closed for _, closed, _ in before), "the demo has closed meetings to compare"
    build_demo(today)
    assert list(Meeting.objects.values_list("pk", "closed_at", "attendees")) == before
    assert Item.objects.count() == items
    assert not _meetings_out_of_story(partnership, today)
