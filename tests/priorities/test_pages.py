"""Page behaviour: forms that refuse bad input and change nothing, decisions from the
meeting page, a lead's KPI figure changing the status, the checklist export, and list
pages whose queries do not grow with the number of priorities and KPIs."""

from datetime import date
from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from priorities.checklist_models import ChecklistItem
from priorities.models import Decision, KPIValue, Priority
from priorities.services.checklists import update_checklist_item
from priorities.services.kpis import add_kpi, enter_kpi_value
from priorities.services.meetings import add_item, create_meeting, raise_action, record_decision
from priorities.services.proposals import propose_priority
from tests.commit_refused import commit_refused, files_under


def test_the_analyst_proposes_from_the_ranking(client_as, cast, year, issues, closed_round):
    client = client_as(cast["analyst"])
    page = client.get(f"/p/central-bedfordshire/priorities/years/{year.pk}/propose/")
    assert "Anti-social behaviour (rank 1)" in page.content.decode()
    response = client.post(
        f"/p/central-bedfordshire/priorities/years/{year.pk}/propose/",
        {"title": "Domestic abuse", "emphasis": "Emphasis on reporting", "issues": [issues[2].pk]},
    )
    assert response.status_code == 302
    assert Priority.objects.get(year=year).emphasis == "Emphasis on reporting"


def test_a_proposal_without_issues_is_refused_with_a_message(client_as, cast, year, issues):
    response = client_as(cast["analyst"]).post(
        f"/p/central-bedfordshire/priorities/years/{year.pk}/propose/", {"title": "Domestic abuse"}
    )
    assert response.status_code == 200
    assert "Choose issues." in response.content.decode()
    assert not Priority.objects.exists()


def test_the_board_member_records_a_decision(client_as, cast, proposal, item, held_today):
    url = f"/p/central-bedfordshire/priorities/items/{item.pk}/decisions/new/"
    response = client_as(cast["board_member"]).post(
        url, {"priority": proposal.pk, "outcome": "agreed", "minute": "Agreed."}
    )
    assert response.status_code == 302
    assert Decision.objects.get().snapshot["title"] == "Anti-social behaviour"


def test_the_priority_page_gives_the_lead_and_the_lead_agency_apart(client_as, cast, proposal):
    """Joined with a comma, a police lead read as if the council employed him."""
    url = f"/p/central-bedfordshire/priorities/{proposal.pk}/"
    page = " ".join(client_as(cast["analyst"]).get(url).content.decode().split())
    lead = proposal.lead.display_name
    assert f"<dt>Lead</dt><dd>{lead}</dd>" in page
    assert f"<dt>Lead agency</dt><dd>{proposal.lead_agency}</dd>" in page


def test_a_decision_without_a_minute_changes_nothing(client_as, cast, proposal, item, held_today):
    url = f"/p/central-bedfordshire/priorities/items/{item.pk}/decisions/new/"
    response = client_as(cast["board_member"]).post(
        url, {"priority": proposal.pk, "outcome": "agreed"}
    )
    assert response.status_code == 200
    assert not Decision.objects.exists()
    proposal.refresh_from_db()
    assert proposal.status == "proposed"


def test_a_form_page_leads_back_through_priorities_and_the_meeting(client_as, cast, item):
    page = client_as(cast["analyst"]).get(
        f"/p/central-bedfordshire/priorities/items/{item.pk}/outcome/"
    )
    crumbs = page.content.decode().split('aria-label="Breadcrumb"')[1].split("</nav>")[0]
    assert 'href="/p/central-bedfordshire/priorities/">Priorities</a>' in crumbs
    assert f'href="/p/central-bedfordshire/priorities/meetings/{item.meeting_id}/"' in crumbs
    assert f"Outcome: {item.title}" in crumbs


def test_the_lead_enters_a_figure_and_the_status_changes(client_as, cast, kpi):
    client = client_as(cast["board_member"])
    page = client.get(f"/p/central-bedfordshire/priorities/{kpi.priority_id}/").content.decode()
    assert "No figures yet" in page
    client.post(
        f"/p/central-bedfordshire/priorities/kpis/{kpi.pk}/figures/new/",
        {"period_ending": "2026-09-30", "value": "100"},
    )
    page = client.get(f"/p/central-bedfordshire/priorities/{kpi.priority_id}/").content.decode()
    assert "On track" in page
    # The trend chart is an image whose alt text gives the new figure.
    assert '<img class="chart" src="data:image/svg+xml;base64,' in page
    assert "1 figure from 30 September 2026 to 30 September 2026, latest 100." in page


def test_a_figure_that_is_not_a_number_is_refused(client_as, cast, kpi):
    response = client_as(cast["board_member"]).post(
        f"/p/central-bedfordshire/priorities/kpis/{kpi.pk}/figures/new/",
        {"period_ending": "2026-09-30", "value": "lots"},
    )
    assert "Enter a number, like 12 or 4.5." in response.content.decode()
    assert not KPIValue.objects.exists()


def test_the_checklist_exports_to_xlsx(client_as, cast, run):
    response = client_as(cast["theme_specialist"]).get(
        f"/p/central-bedfordshire/priorities/checklists/{run.pk}/workbook/"
    )
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet["A1"].value.startswith("Statutory duties")
    assert sheet["A6"].value == "Stage 1: Lead and guide"
    assert sheet["A7"].value.startswith("The partnership has a strategy group")


def _grow(year, issues, member, cast, count):
    board = member(cast["board_member"])
    meeting = create_meeting(partnership=year.cycle.partnership, held_on=date(2027, 2, 1))
    item = add_item(meeting=meeting, title="More")
    for n in range(count):
        p = propose_priority(year=year, title=f"Extra {n}", issues=issues[:2], lead=board)
        record_decision(
            item=item,
            priority=p,
            outcome="agreed",
            minute="OK",
            decided_by=board,
            today=meeting.held_on,
        )
        p.refresh_from_db()
        kpi = add_kpi(priority=p, name=f"K{n}", baseline=1, target=5, direction="up")
        enter_kpi_value(kpi=kpi, period_ending=date(2027, 3, 31), value=3, entered_by=board)


def test_the_year_page_queries_do_not_grow_with_priorities_and_kpis(
    client_as, cast, agreed, kpi, year, issues, member
):
    client = client_as(cast["analyst"])
    url = f"/p/central-bedfordshire/priorities/years/{year.pk}/"
    _grow(year, issues, member, cast, 1)
    client.get(url)  # the first visit also saves the session
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _grow(year, issues, member, cast, 5)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


def test_the_meeting_page_queries_do_not_grow_with_decisions_and_actions(
    client_as, cast, agreed, action, item, year, issues, member, partnership
):
    client = client_as(cast["analyst"])
    url = f"/p/central-bedfordshire/priorities/meetings/{item.meeting_id}/"
    client.get(url)  # the first visit also saves the session
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    _grow(year, issues, member, cast, 3)
    for n in range(4):
        raise_action(
            partnership=partnership,
            title=f"A{n}",
            due_on=date(2027, 3, 1),
            raised_on=date(2027, 1, 20),
            owner=member(cast["board_member"]),
            item=item,
        )
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_checklist_evidence_files_are_served_only_to_members(
    client_as, cast, partnership, run, tmp_path, settings
):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    settings.MEDIA_ROOT = tmp_path
    item = run.items.first()
    item.evidence_file = SimpleUploadedFile("minutes.pdf", b"%PDF-1.4 minutes")
    item.save()
    url = reverse(
        "priorities:checklist_evidence", kwargs={"slug": partnership.slug, "item_id": item.pk}
    )
    response = client_as(cast["board_member"]).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 minutes"
    assert client_as(cast["outsider"]).get(url).status_code == 404


def test_an_evidence_file_over_10_mb_is_refused(client_as, cast, partnership, run):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    item = run.items.first()
    big = SimpleUploadedFile("big.pdf", b"%PDF" + b"0" * (10 * 1024 * 1024 + 1))
    url = reverse(
        "priorities:checklist_item", kwargs={"slug": partnership.slug, "item_id": item.pk}
    )
    response = client_as(cast["admin"]).post(
        url, {"rag": "", "evidence_file": big, "action": "", "development": ""}
    )
    assert "The evidence file must be 10 MB or smaller." in response.content.decode()
    item.refresh_from_db()
    assert not item.evidence_file


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("tool.exe", b"MZ\x90\x00", "The file is not a PDF, Word (DOCX), Excel (XLSX) or Open"),
        ("evil.html", b"<script>alert(1)</script>", "whatever its name says"),
        ("minutes.docx", b"%PDF-1.4 minutes", "name ends .docx but its content is PDF"),
    ],
)
def test_an_evidence_file_that_is_not_a_document_is_refused(
    client_as, cast, partnership, run, name, content, message
):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    item = run.items.first()
    url = reverse(
        "priorities:checklist_item", kwargs={"slug": partnership.slug, "item_id": item.pk}
    )
    response = client_as(cast["admin"]).post(
        url,
        {
            "rag": "",
            "evidence_file": SimpleUploadedFile(name, content),
            "action": "",
            "development": "",
        },
    )
    assert message in response.content.decode()
    item.refresh_from_db()
    assert not item.evidence_file


def test_an_evidence_file_whose_commit_fails_leaves_no_file_behind(transactional_db, run, media):
    item = run.items.first()
    with commit_refused(ChecklistItem), pytest.raises(DatabaseError):
        update_checklist_item(
            item=item,
            action="Minutes filed.",
            development="",
            rag=ChecklistItem.Rag.GREEN,
            status_key="",
            owner=None,
            due_on=None,
            evidence_file=ContentFile(b"%PDF-1.4 minutes", name="minutes.pdf"),
        )
    item.refresh_from_db()
    assert not item.evidence_file
    assert files_under(media) == []
