"""Issue 13, point 2: the report's versions in seed 000's order. The final version goes
to a board meeting (an agenda item and a record of who sent it), the agreed assessment
waits for the board's agreement and a final sent to the board, and cites the decision
on the report page and in the PDF."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from csp_assessment.dates import day
from cycles.models import Issue
from priorities.group_models import Group
from priorities.models import Item, Meeting, Priority
from priorities.services.meetings import add_item, create_meeting, record_decision
from priorities.services.proposals import propose_priority
from reports import selectors, services
from reports.dashboard import finals_to_send
from reports.models import BoardPaper, RenderRun, Report

SLUG = "central-bedfordshire"
BOARD_DAY = date(2027, 1, 14)


def _url(name, **kwargs):
    return reverse(f"reports:{name}", kwargs={"slug": SLUG, **kwargs})


@pytest.fixture
def analyst(cast, membership_of, partnership):
    return membership_of(cast["analyst"], partnership)


@pytest.fixture
def meeting(partnership):
    return create_meeting(
        partnership=partnership, held_on=BOARD_DAY, title="Community Safety Executive"
    )


@pytest.fixture
def final(report, analyst):
    run = services.request_render(report=report, by=analyst, state="final", confirmed=True)
    RenderRun.objects.filter(pk=run.pk).update(status="done", finished_at=timezone.now())
    run.refresh_from_db()
    return run


def _agree(year, partnership, board_member, title="Domestic abuse", held_on=BOARD_DAY):
    issue = Issue.objects.create(year=year, title=title)
    priority = propose_priority(year=year, title=title, issues=[issue])
    meeting = Meeting.objects.filter(partnership=partnership, held_on=held_on).first()
    meeting = meeting or create_meeting(partnership=partnership, held_on=held_on)
    item = add_item(meeting=meeting, title="Priorities")
    return record_decision(
        item=item,
        priority=priority,
        outcome="agreed",
        minute=f"{title} agreed as a priority for the cycle.",
        decided_by=board_member,
        today=held_on,
    )


# Sending the final version to the board ---------------------------------------------------


def test_sending_puts_the_final_on_the_agenda_and_records_who_sent_it(
    final, meeting, analyst, report
):
    paper = services.send_to_board(
        run=final, meeting=meeting, by=analyst, link="https://example.org/r/1/"
    )
    assert paper.sent_by == analyst and paper.meeting == meeting and paper.run == final
    item = Item.objects.get(meeting=meeting)
    assert paper.item == item
    assert item.title == (
        "For decision: Full strategic assessment, version 1 (final version for the board)"
    )
    assert report.title in item.summary and "https://example.org/r/1/" in item.summary
    assert paper.history.count() == 1  # the sending is in the audit trail


def test_only_a_final_version_goes_to_the_board(report, analyst, meeting, final):
    draft = services.request_render(report=report, by=analyst)
    with pytest.raises(ValidationError, match="Version 2 is the draft. Only a final version"):
        services.send_to_board(run=draft, meeting=meeting, by=analyst)
    RenderRun.objects.filter(pk=final.pk).update(status="failed")
    final.refresh_from_db()
    with pytest.raises(ValidationError, match="could not be made, so there is nothing to send"):
        services.send_to_board(run=final, meeting=meeting, by=analyst)
    assert not BoardPaper.objects.exists() and not Item.objects.exists()


def test_only_an_open_meeting_of_this_partnerships_board_takes_it(
    final, analyst, partnership, other_partnership, meeting, cast, membership_of
):
    group = Group.objects.create(partnership=partnership, kind="operational_delivery", name="ODG")
    group_meeting = Meeting.objects.create(
        partnership=partnership, held_on=BOARD_DAY, title="ODG", group=group
    )
    with pytest.raises(ValidationError, match="is a group's meeting. Choose a board meeting"):
        services.send_to_board(run=final, meeting=group_meeting, by=analyst)
    elsewhere = create_meeting(partnership=other_partnership, held_on=BOARD_DAY)
    with pytest.raises(ValidationError, match="Choose a meeting of this partnership's board"):
        services.send_to_board(run=final, meeting=elsewhere, by=analyst)
    closed = create_meeting(partnership=partnership, held_on=date(2026, 12, 1))
    Meeting.objects.filter(pk=closed.pk).update(closed_at=timezone.now())
    with pytest.raises(ValidationError, match="The board meeting of 1 December 2026 is closed"):
        services.send_to_board(run=final, meeting=closed, by=analyst)
    board_member = membership_of(cast["board_member"], partnership)
    with pytest.raises(ValidationError, match="Only the analyst or an admin"):
        services.send_to_board(run=final, meeting=meeting, by=board_member)
    services.send_to_board(run=final, meeting=meeting, by=analyst)
    with pytest.raises(ValidationError, match="already on the agenda of the board meeting of 14"):
        services.send_to_board(run=final, meeting=meeting, by=analyst)
    assert BoardPaper.objects.count() == 1 and Item.objects.count() == 1


def test_the_analyst_chooses_then_confirms_and_only_then_it_is_sent(
    client_as, cast, report, final, meeting
):
    client = client_as(cast["analyst"])
    page = client.get(report.get_absolute_url()).content.decode()
    assert "No final version has been sent to the board yet." in page
    assert f'href="{_url("send", report_id=report.pk)}"' in page
    form = client.get(_url("send", report_id=report.pk)).content.decode()
    assert "Community Safety Executive, 14 January 2027" in form
    # The choice leads to the confirmation step; nothing is sent yet.
    chosen = {"run": final.pk, "meeting": meeting.pk}
    step = client.post(_url("send", report_id=report.pk), chosen)
    assert step.status_code == 200
    assert "Check before you send" in step.content.decode()
    assert 'name="confirm" value="1"' in step.content.decode()
    assert not BoardPaper.objects.exists() and not Item.objects.exists()

    response = client.post(_url("send", report_id=report.pk), {**chosen, "confirm": "1"})
    assert response.status_code == 302 and response.url == report.get_absolute_url()
    paper = BoardPaper.objects.get()
    assert paper.sent_by.user == cast["analyst"]
    assert f"http://testserver{report.get_absolute_url()}" in paper.item.summary
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Sent to the board meeting of 14 January 2027" in page
    assert "the final version, was sent to the board meeting of 14 January 2027" in page


def test_bad_choices_are_refused_with_a_message_and_nothing_is_sent(
    client_as, cast, report, final, meeting, analyst
):
    client = client_as(cast["analyst"])
    draft = services.request_render(report=report, by=analyst)
    for data, message in [
        ({"run": final.pk}, "Choose the board meeting to send it to."),
        ({"run": final.pk, "meeting": 999999}, "Choose an open board meeting from the list."),
        ({"run": draft.pk, "meeting": meeting.pk}, "Choose a final version from the list."),
    ]:
        response = client.post(_url("send", report_id=report.pk), {**data, "confirm": "1"})
        assert response.status_code == 400
        assert message in response.content.decode()
    assert not BoardPaper.objects.exists() and not Item.objects.exists()


@pytest.mark.parametrize("role,status", [("theme_specialist", 403), ("board_member", 403)])
def test_only_analysts_and_admins_send_papers(
    client_as, cast, report, final, meeting, role, status
):
    client = client_as(cast[role])
    assert client.get(_url("send", report_id=report.pk)).status_code == status
    data = {"run": final.pk, "meeting": meeting.pk, "confirm": "1"}
    assert client.post(_url("send", report_id=report.pk), data).status_code == status
    assert (
        "Send the final version to the board"
        not in client.get(report.get_absolute_url()).content.decode()
    )
    assert not BoardPaper.objects.exists()


def test_another_partnership_gets_404_for_sending(client_as, cast, report, final, meeting):
    client = client_as(cast["outsider"])
    assert client.get(_url("send", report_id=report.pk)).status_code == 404
    data = {"run": final.pk, "meeting": meeting.pk, "confirm": "1"}
    assert client.post(_url("send", report_id=report.pk), data).status_code == 404
    assert not BoardPaper.objects.exists()


def test_a_board_member_reads_the_final_version_sent_to_them(
    client_as, cast, report, final, meeting, analyst, settings, tmp_path
):
    from django.core.files.base import ContentFile

    settings.MEDIA_ROOT = tmp_path / "media"
    final.pdf.save("f.pdf", ContentFile(b"%PDF-1.7 final"), save=True)
    services.send_to_board(run=final, meeting=meeting, by=analyst)
    client = client_as(cast["board_member"])
    page = client.get(report.get_absolute_url()).content.decode()
    assert "the final version, was sent to the board meeting of 14 January 2027" in page
    download = _url("download", run_id=final.pk)
    assert f'href="{download}"' in page
    response = client.get(download)
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('-v1-final.pdf"')


# The agreed assessment ------------------------------------------------------------------


def test_the_agreed_assessment_waits_for_a_final_sent_and_the_boards_agreement(
    report, analyst, meeting, final, year, partnership, cast, membership_of
):
    agreed = {"report": report, "by": analyst, "state": "agreed", "confirmed": True}
    with pytest.raises(ValidationError) as refusal:
        services.request_render(**agreed)
    assert "once a final version has gone to the board" in str(refusal.value)
    assert "once the board has agreed the cycle's priorities" in str(refusal.value)
    services.send_to_board(run=final, meeting=meeting, by=analyst)
    waiting = Priority.objects.create(year=year, title="Waiting", status="proposed")
    board_member = membership_of(cast["board_member"], partnership)
    _agree(year, partnership, board_member)
    with pytest.raises(
        ValidationError, match="still to decide on 1 of this year's proposed priorities"
    ):
        services.request_render(**agreed)
    assert report.runs.count() == 1
    waiting.delete()
    run = services.request_render(**agreed)
    assert run.state == "agreed" and run.version == 2


def test_a_later_year_is_agreed_on_the_priorities_agreed_in_year_one(
    year, partnership, cast, membership_of, analyst, meeting
):
    """The cycle's priorities: agreed in year 1, they carry the agreed assessment of
    year 2, where the board has nothing new to decide."""
    _agree(year, partnership, membership_of(cast["board_member"], partnership))
    second = year.cycle.years.get(number=2)
    report = services.create_report(year=second, kind=Report.Kind.FULL)
    final = services.request_render(report=report, by=analyst, state="final", confirmed=True)
    services.send_to_board(run=final, meeting=meeting, by=analyst)
    assert selectors.verdict(report, "agreed", confirmed=True).allowed
    cited = services.build_html(report, state="agreed", version=2)
    assert "Domestic abuse agreed as a priority for the cycle." in cited


def test_the_public_summary_follows_the_assessment_to_the_board(
    year, partnership, cast, membership_of, analyst, meeting, final
):
    _agree(year, partnership, membership_of(cast["board_member"], partnership))
    public = services.create_report(year=year, kind=Report.Kind.PUBLIC)
    assert not selectors.verdict(public, "agreed", confirmed=True).allowed
    services.send_to_board(run=final, meeting=meeting, by=analyst)
    assert selectors.verdict(public, "agreed", confirmed=True).allowed


def test_the_agreed_assessment_cites_the_decision_on_the_page_and_in_the_pdf(
    client_as, cast, report, year, partnership, membership_of, analyst, meeting, final
):
    services.send_to_board(run=final, meeting=meeting, by=analyst)
    board_member = membership_of(cast["board_member"], partnership)
    _agree(year, partnership, board_member)
    client = client_as(cast["analyst"])
    page = client.get(report.get_absolute_url()).content.decode()
    assert f'href="{_url("agreed", report_id=report.pk)}"' in page
    checklist = selectors.final_checklist(report, "agreed")
    response = client.post(
        _url("agreed", report_id=report.pk), {"confirm": "1", "checklist": checklist.token}
    )
    assert response.status_code == 302
    run = report.runs.get(state="agreed")
    # A decision taken after the agreed assessment was asked for is not cited by it.
    _agree(
        year,
        partnership,
        board_member,
        title="Anti-social behaviour",
        held_on=BOARD_DAY + timedelta(days=30),
    )
    page = client.get(report.get_absolute_url()).content.decode()
    start = page.index('data-testid="board-decision"')
    cited = page[start : page.index("</section>", start)]
    assert f"Version {run.version} is the agreed assessment" in cited
    assert "Community Safety Executive, 14 January 2027" in cited
    assert "Domestic abuse agreed as a priority for the cycle." in cited
    assert "Anti-social behaviour" not in cited
    whole = services.build_html(report, state="agreed", version=run.version, as_of=run.requested_at)
    assert 'class="watermark"' not in whole
    start = whole.index('class="board-decision"')
    html = whole[start : whole.index("</section>", start)]
    assert (
        "This is the agreed assessment. The board decided on the cycle's priorities at "
        "Community Safety Executive, 14 January 2027" in html
    )
    assert "Domestic abuse agreed as a priority for the cycle." in html
    assert "Anti-social behaviour" not in html


def test_the_board_decided_on_the_final_version_it_was_sent(
    report, analyst, year, partnership, cast, membership_of, meeting
):
    earlier = timezone.now() - timedelta(hours=1)
    draft = services.request_render(report=report, by=analyst)
    final = services.request_render(report=report, by=analyst, state="final", confirmed=True)
    RenderRun.objects.filter(pk__in=[draft.pk, final.pk]).update(status="done", finished_at=earlier)
    decision = _agree(year, partnership, membership_of(cast["board_member"], partnership))
    rows = {v.run.version: v for v in selectors.versions(report)}
    assert rows[2].decisions == [decision] and not rows[1].decided_on


def test_the_version_sent_to_the_deciding_meeting_is_the_one_read_whatever_its_clock(
    report, analyst, year, partnership, cast, membership_of, meeting, final
):
    """A version rendered by a worker after the decision was keyed in (as the demo's
    are) was still the board's paper: the paper, not the clock, says what it read."""
    services.send_to_board(run=final, meeting=meeting, by=analyst)
    later = services.request_render(report=report, by=analyst)
    decision = _agree(year, partnership, membership_of(cast["board_member"], partnership))
    after = decision.decided_at + timedelta(hours=1)
    RenderRun.objects.filter(pk__in=[final.pk, later.pk]).update(status="done", finished_at=after)
    rows = {v.run.version: v for v in selectors.versions(report)}
    assert rows[final.version].decisions == [decision]
    assert not rows[later.version].decided_on


# The dashboard ------------------------------------------------------------------------


def test_a_final_version_not_yet_sent_waits_on_the_dashboard(
    final, report, analyst, meeting, cast, membership_of, partnership, other_partnership
):
    today = timezone.localdate()
    (item,) = finals_to_send(analyst, today)
    assert item.kind == "Final versions to send to the board"
    assert item.title == f"{report.title}, version {final.version}"
    assert item.url == _url("report", report_id=report.pk) + "#board-heading"
    assert finals_to_send(membership_of(cast["board_member"], partnership), today) == []
    assert finals_to_send(membership_of(cast["outsider"], other_partnership), today) == []

    services.send_to_board(run=final, meeting=meeting, by=analyst)
    assert finals_to_send(analyst, today) == []


def test_a_newer_final_version_waits_though_an_earlier_one_was_sent(
    final, report, analyst, meeting
):
    services.send_to_board(run=final, meeting=meeting, by=analyst)
    assert finals_to_send(analyst, timezone.localdate()) == []

    newer = services.request_render(report=report, by=analyst, state="final", confirmed=True)
    RenderRun.objects.filter(pk=newer.pk).update(status="done", finished_at=timezone.now())

    (item,) = finals_to_send(analyst, timezone.localdate())
    assert item.title == f"{report.title}, version {newer.version}"


def test_a_final_version_of_a_year_that_is_over_is_not_listed(final, analyst, year):
    assert len(finals_to_send(analyst, year.ends_on)) == 1
    assert finals_to_send(analyst, year.ends_on + timedelta(days=1)) == []


def test_a_failed_final_version_is_not_listed(final, analyst):
    RenderRun.objects.filter(pk=final.pk).update(status=RenderRun.Status.FAILED)
    assert finals_to_send(analyst, timezone.localdate()) == []


def test_the_meeting_page_lists_the_version_sent_under_its_item(
    final, report, analyst, meeting, client_as, cast
):
    paper = services.send_to_board(run=final, meeting=meeting, by=analyst)

    page = (
        client_as(cast["board_member"])
        .get(reverse("priorities:meeting", kwargs={"slug": SLUG, "meeting_id": meeting.pk}))
        .content.decode()
    )

    item_section = page.split(f'id="item-{paper.item_id}"')[1]
    assert 'data-testid="report-paper"' in item_section
    assert f">{final.label}</a>: <strong>Sent to the board</strong>." in (item_section)
    assert f"Sent by Sam Taylor on {day(paper.sent_at)}." in item_section


def test_the_versions_table_says_which_versions_never_went_to_the_board(
    final, report, analyst, meeting, client_as, cast
):
    draft = services.request_render(report=report, by=analyst)
    services.send_to_board(run=final, meeting=meeting, by=analyst)
    page = client_as(cast["analyst"]).get(_url("report", report_id=report.pk)).content.decode()
    sent_row = page.split(f'id="version-{final.pk}"')[1].split("</tr>")[0]
    draft_row = page.split(f'id="version-{draft.pk}"')[1].split("</tr>")[0]
    assert "Sent to the board meeting of 14 January 2027" in sent_row
    assert "Not sent to the board" not in sent_row
    assert "Not sent to the board" in draft_row


def test_a_board_member_reads_the_agreed_assessment_and_is_offered_nothing_to_make(
    client_as, cast, report, year, partnership, membership_of, analyst, meeting, final
):
    services.send_to_board(run=final, meeting=meeting, by=analyst)
    _agree(year, partnership, membership_of(cast["board_member"], partnership))
    checklist = selectors.final_checklist(report, "agreed")
    client_as(cast["analyst"]).post(
        _url("agreed", report_id=report.pk), {"confirm": "1", "checklist": checklist.token}
    )
    run = report.runs.get(state="agreed")
    client = client_as(cast["board_member"])
    page = client.get(report.get_absolute_url()).content.decode()
    # While a worker makes it, the board member sees its progress, and nothing to read yet.
    assert "Make a PDF" in page and "waiting for a worker" in page
    assert 'data-testid="agreed-pdf"' not in page
    run.status = "done"
    run.save(update_fields=["status"])
    page = client.get(report.get_absolute_url()).content.decode()
    assert f'href="{_url("download", run_id=run.pk)}" data-testid="agreed-pdf"' in page
    assert "Make a PDF" not in page, "nothing to make and nothing being made"
    page = client_as(cast["analyst"]).get(report.get_absolute_url()).content.decode()
    # The heading is inside the disclosure its forms are in, not above it.
    assert page.count("Make a PDF</h2>") == 1
    assert page.index("<summary>Start a new version</summary>") < page.index("Make a PDF</h2>")
