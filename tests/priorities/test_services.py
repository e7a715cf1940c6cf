"""Services: proposals, decisions and their snapshot, KPIs, actions, escalation, the
review reminder and checklists."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from notifications import tasks as notification_tasks
from notifications.models import Notification
from notifications.services import send_waiting
from priorities import selectors
from priorities.models import ChecklistItem, Decision, Priority, ReminderSent, Review
from priorities.services.checklists import start_checklist, update_checklist_item
from priorities.services.escalations import adopt_escalation, escalate_priority
from priorities.services.kpis import add_kpi, enter_kpi_value
from priorities.services.meetings import (
    add_item,
    create_meeting,
    raise_action,
    record_decision,
    update_action,
)
from priorities.services.proposals import (
    propose_priority,
    send_due_review_reminders,
    send_review_reminder,
    update_priority,
)


def test_a_decision_freezes_the_proposal_with_its_issues_scores_and_ranks(agreed, issues):
    decision = Decision.objects.get(priority=agreed)
    snap = decision.snapshot
    assert snap["title"] == "Anti-social behaviour"
    assert snap["emphasis"] == "Emphasis on repeat victims"
    assert snap["lead"] == "Chris Morgan"
    assert snap["issues"] == [
        {"id": issues[0].pk, "title": "Anti-social behaviour", "total": 64, "rank": 1}
    ]
    assert snap["round"] == "Autumn scoring"
    assert agreed.status == Priority.Status.AGREED


def test_changes_after_agreement_show_as_changed_since_with_the_difference(agreed, issues):
    assert selectors.changes_since_decision(agreed) == []
    update_priority(
        priority=agreed,
        title=agreed.title,
        emphasis="Emphasis on young people",
        issues=[issues[0], issues[3]],
        lead=agreed.lead,
        lead_agency=agreed.lead_agency,
        rationale=agreed.rationale,
        proposed_kpis=agreed.proposed_kpis,
    )
    diffs = {d.label: (d.then, d.now) for d in selectors.changes_since_decision(agreed)}
    assert diffs == {
        "Emphasis": ("Emphasis on repeat victims", "Emphasis on young people"),
        "Issues": ("Anti-social behaviour", "Anti-social behaviour, Vehicle crime"),
    }
    # The snapshot itself is untouched.
    assert (
        Decision.objects.get(priority=agreed).snapshot["emphasis"] == "Emphasis on repeat victims"
    )


def test_a_decided_priority_cannot_be_decided_again(agreed, item, member, cast):
    with pytest.raises(ValidationError, match="already been decided"):
        record_decision(
            item=item,
            priority=agreed,
            outcome="not_agreed",
            minute="No.",
            decided_by=member(cast["board_member"]),
            today=item.meeting.held_on,
        )


def test_only_board_members_record_decisions(proposal, item, member, cast):
    with pytest.raises(ValidationError, match="Only members of this partnership's board"):
        record_decision(
            item=item,
            priority=proposal,
            outcome="agreed",
            minute="Yes.",
            decided_by=member(cast["analyst"]),
            today=item.meeting.held_on,
        )
    assert Decision.objects.count() == 0


def test_a_deferred_priority_can_be_decided_at_a_later_meeting(
    proposal, item, member, cast, partnership
):
    board = member(cast["board_member"])
    record_decision(
        item=item,
        priority=proposal,
        outcome="deferred",
        minute="Later.",
        decided_by=board,
        today=item.meeting.held_on,
    )
    later = add_item(
        meeting=create_meeting(partnership=partnership, held_on=date(2027, 3, 1)),
        title="Priorities",
    )
    record_decision(
        item=later,
        priority=proposal,
        outcome="agreed_with_amendments",
        minute="OK.",
        decided_by=board,
        today=date(2027, 3, 1),
    )
    proposal.refresh_from_db()
    assert proposal.status == Priority.Status.AGREED


def test_agreeing_the_first_priority_sets_the_review_six_months_after_the_meeting(agreed):
    assert Review.objects.get(year=agreed.year).review_on == date(2027, 7, 20)


def test_a_proposal_needs_issues_from_its_own_year(year, last_year):
    from cycles.services import save_issue

    elsewhere = save_issue(year=last_year, title="Hate crime")
    with pytest.raises(ValidationError) as error:
        propose_priority(year=year, title="Hate crime", issues=[elsewhere])
    assert "this year's long list" in str(error.value)
    with pytest.raises(ValidationError, match="at least one issue"):
        propose_priority(year=year, title="Hate crime", issues=[])
    assert not Priority.objects.filter(year=year).exists()


def test_kpis_belong_to_agreed_priorities(proposal):
    with pytest.raises(ValidationError, match="agreed priorities"):
        add_kpi(priority=proposal, name="X", baseline=1, target=2, direction="up")


def test_a_second_figure_for_the_same_period_is_refused(kpi, member, cast):
    lead = member(cast["board_member"])
    enter_kpi_value(kpi=kpi, period_ending=date(2027, 3, 31), value=110, entered_by=lead)
    with pytest.raises(ValidationError, match="already a figure"):
        enter_kpi_value(kpi=kpi, period_ending=date(2027, 3, 31), value=100, entered_by=lead)


def test_the_review_reminder_is_sent_once_however_often_the_task_runs(agreed, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    review = Review.objects.get(year=agreed.year)
    review.review_on = date.today()
    review.save()
    notification_tasks.run_due_checks()
    notification_tasks.run_due_checks()
    recipients = ReminderSent.objects.get(review=review).recipients
    assert "sam@example.org" in recipients
    # One email each (each has its own unsubscribe link), and only one.
    reminders = [m for m in mail.outbox if "Six-month review due" in m.subject]
    assert sorted(address for m in reminders for address in m.to) == recipients


def test_no_reminder_before_it_is_due(agreed, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_due_review_reminders(today=date(2027, 1, 21)) == 0
    assert mail.outbox == []


@pytest.mark.parametrize(
    "status", [Review.Status.WITH_BOARD, Review.Status.DECIDED], ids=["with_board", "decided"]
)
def test_no_reminder_for_a_review_already_taken_to_the_board(year, status):
    Review.objects.create(year=year, review_on=date(2026, 10, 1), status=status)
    assert send_due_review_reminders(today=date(2026, 12, 1)) == 0
    assert not ReminderSent.objects.exists()


def test_no_reminder_for_a_draft_review_of_a_year_that_has_ended(last_year, year):
    Review.objects.create(year=last_year, review_on=date(2025, 10, 1))  # 2025-26
    Review.objects.create(year=year, review_on=date(2026, 10, 1))  # 2026-27, still running
    assert send_due_review_reminders(today=date(2026, 12, 1)) == 1
    assert list(ReminderSent.objects.values_list("review__year", flat=True)) == [year.pk]


def test_escalation_needs_a_reason_and_an_agreed_priority(proposal, agreed):
    with pytest.raises(ValidationError, match="county-wide"):
        escalate_priority(priority=agreed, reason="  ")
    escalate_priority(priority=agreed, reason="Crosses district borders.")
    assert agreed.escalate_to_county


def test_the_county_adopts_an_escalation_once(agreed, county):
    from cycles.services import create_cycle_from_template

    county_year = create_cycle_from_template(
        partnership=county, template_key="annual", start_year=2026
    ).years.get()
    escalate_priority(priority=agreed, reason="Crosses borders.")
    adopted = adopt_escalation(district_priority=agreed, county_year=county_year)
    assert adopted.adopted_from == agreed and adopted.year == county_year
    with pytest.raises(ValidationError, match="already adopted"):
        adopt_escalation(district_priority=agreed, county_year=county_year)


def test_an_action_needs_an_owner(partnership, item):
    with pytest.raises(ValidationError, match="owner"):
        raise_action(
            partnership=partnership,
            title="X",
            due_on=date(2027, 3, 1),
            raised_on=date(2027, 1, 20),
            item=item,
        )


def test_open_actions_are_listed_for_follow_up_at_the_next_meeting(
    action, partnership, member, cast
):
    update_action(
        action=action,
        status="in_progress",
        note="Council asked.",
        author=member(cast["board_member"]),
        written_on=date(2027, 2, 1),
        partner_response="The council will share monthly.",
    )
    later = create_meeting(partnership=partnership, held_on=date(2027, 4, 15))
    follow_up = selectors.follow_up_actions(later)
    assert [a.pk for a in follow_up] == [action.pk]
    assert follow_up[0].partner_response == "The council will share monthly."
    assert selectors.follow_up_actions(action.item.meeting) == []


def test_a_checklist_run_starts_once_per_year_with_every_requirement(run, checklists, year):
    assert run.items.count() == checklists.requirements.count() > 15
    with pytest.raises(ValidationError, match="already been started"):
        start_checklist(year=year, template=checklists)


def test_green_needs_evidence(run):
    item = run.items.first()
    with pytest.raises(ValidationError, match="evidence"):
        update_checklist_item(
            item=item,
            action="",
            development="",
            rag="green",
            status_key="",
            owner=None,
            due_on=None,
        )
    update_checklist_item(
        item=item,
        action="Done",
        development="Terms of reference agreed",
        rag="green",
        status_key="terms_of_reference",
        owner=None,
        due_on=None,
        evidence_link="https://example.org/tor.pdf",
    )
    assert ChecklistItem.objects.get(pk=item.pk).rag == "green"


def test_the_comparison_marks_new_continued_and_dropped(
    proposal, previous_priorities, year, issues
):
    propose_priority(year=year, title="Domestic abuse", issues=[issues[2]])
    overview = selectors.year_overview(year)
    changes = sorted((r.change, (r.current or r.previous).title) for r in overview.comparison)
    assert changes == [
        ("continued", "Anti-social behaviour"),
        ("dropped", "Vehicle crime"),
        ("new", "Domestic abuse"),
    ]


def test_the_watchlist_holds_issues_not_in_agreed_priorities_with_their_ranks(agreed, year):
    rows = selectors.year_overview(year).watchlist
    assert [(r.issue.title, r.info.rank) for r in rows] == [
        ("Reducing re-offending", 2),
        ("Domestic abuse", 3),
        ("Vehicle crime", 4),
    ]


def test_a_mail_server_that_is_down_loses_no_reminder(agreed, settings, other_partnership):
    """Issue 11, 6e: with the SMTP server unreachable (a real refused connection on
    loopback), every due reminder is tried, none is marked sent, and the next run
    after the server is back sends each once."""
    import socket

    from cycles.services import create_cycle_from_template

    review = Review.objects.get(year=agreed.year)
    review.review_on = date.today()
    review.save()
    other_year = create_cycle_from_template(
        partnership=other_partnership, template_key="annual", start_year=2026
    ).years.get()
    Review.objects.create(year=other_year, review_on=date.today())
    with socket.socket() as probe:  # a loopback port nobody listens on
        probe.bind(("127.0.0.1", 0))
        free_port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port, 2
    notification_tasks.run_due_checks()
    # Each reminder is recorded, tried, and kept with the fault for the next try.
    assert ReminderSent.objects.count() == 2
    waiting = Notification.objects.filter(kind="priorities.review_due")
    assert waiting.count() >= 2
    assert all(n.sent_at is None and "ConnectionRefused" in n.last_error for n in waiting)

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    later = timezone.now() + timedelta(hours=2)
    assert send_waiting(now=later) >= waiting.count()
    assert send_waiting(now=later) == 0
    assert notification_tasks.run_due_checks() == 0
    reminders = [m for m in mail.outbox if "Six-month review due" in m.subject]
    assert len(reminders) == waiting.count()
    assert {a for m in reminders for a in m.to} >= {"sam@example.org", "lee@example.org"}


def test_a_later_years_review_reminds_the_leads_of_the_cycles_priorities(agreed, settings):
    # Year 1's priorities hold for the whole cycle, so year 2's review goes to their
    # leads too, not only to those who manage the partnership.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    year_2 = agreed.year.cycle.years.get(number=2)
    review = Review.objects.create(year=year_2, review_on=date.today())
    assert send_review_reminder(review=review, today=date.today())
    assert agreed.lead.user.email in ReminderSent.objects.get(review=review).recipients
    assert Notification.objects.filter(user=agreed.lead.user, kind="priorities.review_due").exists()
