"""The demo loads from the seeds and running it twice adds nothing."""

from datetime import date, timedelta

from django.contrib.auth.models import User
from django.core.management import call_command

from analysis.source_models import DataSource, SharingAgreement
from cycles.models import Activity, Cycle
from cycles.selectors import dashboard_for
from demo.builder import build_demo
from notifications import kinds, services
from notifications.models import Notification
from partnerships.models import Agency, Membership, Partnership
from reports.models import BoardPaper
from scoring.models import Round, ScoreSheet


def _counts():
    return (
        Partnership.objects.count(),
        Agency.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
        Cycle.objects.count(),
        Activity.objects.count(),
    )


def test_the_demo_has_a_unitary_under_a_county_with_its_responsible_authorities(db):
    result = build_demo(date(2026, 11, 24))
    district = result["partnership"]
    assert district.parent.slug == "safer-bedfordshire"
    assert district.districts.get().code == "E06000056"
    responsible = district.agencies.filter(is_responsible_authority=True)
    assert sorted(responsible.values_list("type", flat=True)) == [
        "fire_and_rescue",
        "health",
        "police",
        "probation",
        "unitary_council",
    ]
    roles = set(district.memberships.values_list("role", flat=True))
    assert roles == {"admin", "analyst", "theme_specialist", "board_member"}


def test_the_demo_cycle_started_last_financial_year_so_its_year_1_has_happened(db):
    assert build_demo(date(2026, 11, 24))["cycle"].start_year == 2025


def test_central_bedfordshire_and_luton_are_unitary_as_they_are_in_life(db):
    build_demo(date(2026, 11, 24))
    kinds = dict(Partnership.objects.values_list("slug", "kind"))
    assert kinds == {
        "central-bedfordshire": "unitary",
        "luton": "unitary",
        "safer-bedfordshire": "county",
    }
    councils = Agency.objects.filter(type__in=Agency.COUNCILS)
    assert sorted(councils.values_list("name", "type")) == [
        ("Central Bedfordshire Council", "unitary_council"),
        ("Luton Borough Council", "unitary_council"),
    ]
    # The demo's data sources find the council whatever kind it is.
    agreement = SharingAgreement.objects.get(title__startswith="Bedfordshire community safety")
    assert "Central Bedfordshire Council" in {a.name for a in agreement.parties.all()}
    asb = DataSource.objects.get(name="Council ASB and environmental reports")
    assert asb.agency.name == "Central Bedfordshire Council"


def test_a_demo_loaded_in_february_starts_the_april_before_the_previous_one(db):
    # 10 February 2027 is in 2026-27, so year 1 is 2025-26, decided in February 2026.
    assert build_demo(date(2027, 2, 10))["cycle"].start_year == 2025


def test_running_the_demo_twice_duplicates_nothing(db, capsys):
    call_command("load_demo")
    first = _counts()
    call_command("load_demo")
    assert _counts() == first
    out = capsys.readouterr().out
    assert "workbench-demo" in out
    # The scorer who left is not offered as one to sign in as.
    scorers = out[out.index("Partner scorers") :].splitlines()
    assert "aisha.khan@example.org" in scorers[1]
    assert "mark.reed@example.org" not in scorers[1]
    assert scorers[2].startswith("Left after scoring")
    assert scorers[3].strip() == "mark.reed@example.org"


def test_each_demo_role_has_something_on_the_dashboard(db):
    today = date(2026, 11, 24)
    district = build_demo(today)["partnership"]
    analyst = Membership.objects.get(partnership=district, user__email="analyst@example.org")
    specialist = Membership.objects.get(partnership=district, user__email="specialist@example.org")
    # Year 1's work is done (the board decided); what is late is this year's.
    assert [a.title for a in dashboard_for(analyst, today, include_team=True).my_overdue] == [
        "Send the partners the emerging issues summary"
    ]
    assert [a.title for a in dashboard_for(specialist, today, include_team=False).my_overdue] == [
        "Send the analyst your notes on emerging issues in your theme"
    ]
    # Year 1's assessment is agreed: the comments on its draft were dealt with before
    # the final version, so none waits for the analyst.
    waiting = dashboard_for(analyst, today, include_team=True).waiting
    assert "Comments to answer" not in {group.kind for group in waiting}
    # The specialist scores this year's emerging issues check, open for two more weeks.
    sheets = [
        (item.title, item.due_on, item.overdue)
        for group in dashboard_for(specialist, today, include_team=False).waiting
        for item in group.items
        if group.kind == "Score sheets to submit"
    ]
    assert sheets == [("Your score sheet for Emerging issues check", date(2026, 12, 8), False)]
    board = Membership.objects.get(partnership=district, user__email="board@example.org")
    assert [a.title for a in dashboard_for(board, today, include_team=False).my_due_soon] == [
        "Read the emerging issues summary and send comments to the analyst"
    ]


def test_the_demo_publishes_you_said_we_did_for_its_closed_public_survey(db):
    from priorities.models import YouSaidWeDid

    build_demo(date(2026, 11, 24))
    page = YouSaidWeDid.objects.get()
    assert page.status == YouSaidWeDid.Status.PUBLISHED
    assert "The issues you ranked most important were" in page.said


def test_a_fresh_demo_has_sent_its_past_and_waits_only_for_what_is_due(db, mailoutbox):
    today = date(2026, 11, 24)
    build_demo(today)
    recorded = Notification.objects.all()
    assert recorded.exists()  # its past: rounds opened, comments, documents returned
    assert not recorded.filter(sent_at=None).exists()
    assert services.send_waiting() == 0
    assert mailoutbox == []

    before = set(recorded.values_list("pk", flat=True))
    kinds.run_checks(today=today)  # the worker's hourly checks: what is due now
    due = Notification.objects.exclude(pk__in=before)
    assert due.exists()
    assert not due.exclude(sent_at=None).exists()


def test_the_demo_s_board_papers_link_the_report_instead_of_writing_its_path(db, client):
    from django.urls import reverse

    from reports.models import BoardPaper

    district = build_demo(date(2026, 11, 24))["partnership"]
    papers = BoardPaper.objects.select_related("run__report", "item", "meeting")
    assert papers.exists()
    client.force_login(User.objects.get(email="board@example.org"))
    for paper in papers:
        report = paper.run.report
        assert report.title in paper.item.summary
        assert "/p/" not in paper.item.summary
        url = reverse("priorities:meeting", args=[district.slug, paper.meeting_id])
        page = client.get(url).content.decode()
        assert f'<a href="{report.get_absolute_url()}">{paper.run.label}</a>' in page


def test_year_1s_autumn_round_is_dated_as_it_happened_not_as_loaded(db):
    result = build_demo(date(2026, 11, 24))
    round_ = Round.objects.get(
        year__cycle=result["cycle"], year__number=1, name__startswith="Autumn scoring"
    )
    sheets = list(round_.sheets.all())
    assert sheets and all(sheet.submitted_at.date() < round_.deadline for sheet in sheets)
    assert all(h.history_date <= round_.closed_at for h in Round.history.filter(id=round_.pk))
    assert all(
        h.history_date <= round_.closed_at for h in ScoreSheet.history.filter(round_id=round_.pk)
    )
    mark = Membership.objects.get(
        partnership=result["partnership"], user__username="mark.reed@example.org"
    )
    assert round_.closed_at < mark.left_at <= round_.closed_at + timedelta(days=30)
    history = list(Membership.history.filter(id=mark.pk).order_by("history_date", "history_id"))
    assert all(h.history_date <= mark.left_at for h in history)
    # Read oldest first, his history ends with his leaving: he did not come back.
    assert history[-1].left_at == mark.left_at
    assert mark.joined_at < round_.opened_at and history[0].history_date == mark.joined_at
    # A report sent to the board was written before its first draft, not on load day.
    papers = BoardPaper.objects.filter(run__report__year__cycle__partnership=mark.partnership)
    assert papers
    for paper in papers:
        report = paper.run.report
        draft = report.runs.filter(state="draft").earliest("requested_at")
        assert all(s.updated_at < draft.requested_at for s in report.sections.all())
