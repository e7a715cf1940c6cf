"""Issue 17, point 8: making the final version shows a checklist first (open comments,
empty sections, statutory components missing, unmoderated issues) and asks for
confirmation; nothing is made without it. The versions table's row follows the render
the status panel polls."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from analysis import source_services
from cycles.models import Issue
from partnerships.models import Agency
from priorities.models import Priority
from reports import selectors, services
from reports.models import RenderRun
from scoring.matrix_files import load_shipped_matrices
from scoring.models import AgreedScore, Matrix, Round, Score, ScoreSheet

SLUG = "central-bedfordshire"
EVERY_COMPONENT = ["levels", "changes", "why", "plan", "community"]


@pytest.fixture
def agreed_priority(year):
    return Priority.objects.create(year=year, title="Domestic abuse", status="agreed")


@pytest.fixture
def closed_round(year, cast, membership_of, partnership):
    """Two scorers: they agree on vehicle crime and are far apart on ASB's first
    criterion, which nobody has moderated."""
    load_shipped_matrices()
    matrix = Matrix.objects.get(partnership=None, key="csp-16", version=1)
    asb = Issue.objects.create(year=year, title="Anti-social behaviour")
    cars = Issue.objects.create(year=year, title="Vehicle crime")
    round_ = Round.objects.create(
        year=year,
        name="Autumn scoring",
        matrix=matrix,
        deadline=date(2026, 10, 24),
        status=Round.Status.CLOSED,
        closed_at=timezone.now(),
    )
    round_.issues.set([asb, cars])
    criterion = matrix.criteria.first()
    low, high = matrix.scale_min, matrix.scale_max
    assert high - low >= round_.divergence_range
    for role, asb_value in [("theme_specialist", low), ("board_member", high)]:
        sheet = ScoreSheet.objects.create(
            round=round_, scorer=membership_of(cast[role], partnership), status="submitted"
        )
        Score.objects.create(sheet=sheet, issue=asb, criterion=criterion, value=asb_value)
        Score.objects.create(sheet=sheet, issue=cars, criterion=criterion, value=low)
    return round_


def _write(report, *, leave_empty=()):
    for section in report.sections.all():
        if section.key in leave_empty:
            continue
        services.save_section(
            section=section, narrative=f"{section.title}: written.", components=EVERY_COMPONENT
        )


def _url(name, **kwargs):
    return reverse(f"reports:{name}", kwargs={"slug": SLUG, **kwargs})


@pytest.fixture
def half_finished(report, agreed_priority, closed_round, cast, membership_of, partnership):
    """Two open board comments (and one dealt with), three sections never written,
    two components nobody addresses, one divergent issue unmoderated."""
    board = membership_of(cast["board_member"], partnership)
    for section in report.sections.all():
        if section.key in ("gaps", "conclusion", "victims"):
            continue
        services.save_section(
            section=section, narrative=f"{section.title}: written.", components=["why"]
        )
    summary = report.sections.get(key="executive-summary")
    services.add_comment(section=summary, author=board, text="Say what was dropped and why.")
    services.add_comment(
        section=report.sections.get(key="offenders"), author=board, text="Name the IOM cohort."
    )
    done = services.add_comment(section=summary, author=board, text="Typo in the first line.")
    services.resolve_comment(comment=done, by=board)
    return report


def test_the_checklist_of_a_half_finished_report_names_what_is_open(half_finished):
    checklist = selectors.final_checklist(half_finished)
    assert [e.text for e in checklist.open_comments] == [
        "Executive summary: Chris Morgan wrote “Say what was dropped and why.”",
        "Offenders: Chris Morgan wrote “Name the IOM cohort.”",
    ]
    assert [e.text for e in checklist.empty_sections] == [
        "Victims",
        "Gaps in activity, provision and intelligence",
        "Conclusion and next steps",
    ]
    assert "Changes since the last strategic assessment" in checklist.missing_components
    assert "The views of the community" in checklist.missing_components
    assert checklist.unmoderated_issues == ("Anti-social behaviour",)
    assert not checklist.all_clear and checklist.offered


def test_the_checklist_page_lists_every_open_thing(client_as, cast, half_finished):
    response = client_as(cast["analyst"]).get(_url("final", report_id=half_finished.pk))
    page = response.content.decode()
    assert response.status_code == 200
    assert "2 not dealt with yet" in page and "Name the IOM cohort." in page
    assert "Typo in the first line." not in page
    assert "3 not written yet" in page and "Conclusion and next steps" in page
    assert "The views of the community" in page
    assert "1 issue where the scorers disagree still needs moderating" in page
    assert "Anti-social behaviour" in page
    assert 'name="confirm" value="1"' in page
    assert not half_finished.runs.exists()  # looking makes nothing


def test_a_moderated_issue_leaves_the_checklist(closed_round, report):
    asb = closed_round.issues.get(title="Anti-social behaviour")
    criterion = closed_round.matrix.criteria.first()
    AgreedScore.objects.create(round=closed_round, issue=asb, criterion=criterion, value=3)
    assert selectors.final_checklist(report).unmoderated_issues == ()


def test_without_crime_data_the_figures_components_stay_open(report, agreed_priority):
    _write(report)
    assert selectors.final_checklist(report).missing_components == (
        "Levels and patterns of crime, disorder and substance misuse",
        "Changes since the last strategic assessment",
    )


@pytest.fixture
def partner_sources(partnership):
    """An in-date register source for the themes police data does not hold."""
    agency = Agency.objects.create(
        partnership=partnership, name="Probation Service", type=Agency.Type.PROBATION
    )
    source = source_services.add_source(
        partnership=partnership,
        name="Proven re-offending",
        agency=agency,
        themes=["crime", "asb", "substance_misuse", "reoffending"],
    )
    today = timezone.localdate()
    source_services.record_receipt(
        source=source,
        received_on=today,
        period_start=today - timedelta(days=90),
        period_end=today - timedelta(days=1),
    )
    return source


def test_themes_without_figures_are_listed_for_the_requester_to_weigh(
    client_as, cast, report, agreed_priority, crime_data
):
    _write(report)
    checklist = selectors.final_checklist(report)
    assert "Re-offending" in checklist.themes_without_figures
    assert not checklist.all_clear and checklist.offered
    page = client_as(cast["analyst"]).get(_url("final", report_id=report.pk)).content.decode()
    assert "No in-date source gives figures for:" in page
    assert "data sources register" in page


def test_everything_in_order_still_shows_the_checklist_and_a_confirm_button(
    client_as, cast, report, agreed_priority, crime_data, partner_sources
):
    _write(report)
    checklist = selectors.final_checklist(report)
    assert checklist.all_clear, checklist
    page = client_as(cast["analyst"]).get(_url("final", report_id=report.pk)).content.decode()
    assert "Everything is in order." in page
    assert "Every comment has been dealt with." in page and "None." not in page
    assert "Every section is written." in page
    assert "Every statutory component is covered." in page
    assert "No issue is waiting for moderation." in page
    assert "Make the final version</button>" in page
    assert not report.runs.exists()


def test_no_final_without_confirmation(client_as, cast, half_finished):
    client = client_as(cast["analyst"])
    token = selectors.final_checklist(half_finished).token
    response = client.post(_url("final", report_id=half_finished.pk), {"checklist": token})
    assert response.status_code == 400
    assert "only once you have read the checklist and confirmed" in response.content.decode()
    assert not half_finished.runs.exists()
    with pytest.raises(Exception, match="confirmed"):
        services.request_render(report=half_finished, by=None, state="final")
    assert not half_finished.runs.exists()


def test_confirming_the_checklist_makes_the_final(client_as, cast, half_finished):
    client = client_as(cast["analyst"])
    token = selectors.final_checklist(half_finished).token
    response = client.post(
        _url("final", report_id=half_finished.pk), {"confirm": "1", "checklist": token}
    )
    assert response.status_code == 302 and response.url == half_finished.get_absolute_url()
    run = half_finished.runs.get()
    assert run.state == "final" and run.requested_by.user == cast["analyst"]


def test_a_checklist_that_changed_since_it_was_read_is_not_confirmed(
    client_as, cast, half_finished, membership_of, partnership
):
    client = client_as(cast["analyst"])
    token = selectors.final_checklist(half_finished).token
    services.add_comment(
        section=half_finished.sections.get(key="victims"),
        author=membership_of(cast["board_member"], partnership),
        text="One more thing.",
    )
    response = client.post(
        _url("final", report_id=half_finished.pk), {"confirm": "1", "checklist": token}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "The checklist changed after you opened it." in page
    assert "One more thing." in page  # shown again, with the new comment
    assert not half_finished.runs.exists()


def test_the_board_must_agree_before_the_checklist_offers_the_agreed_assessment(
    client_as, cast, report
):
    """Issue 13: the board's agreement now gates the agreed assessment, not the final."""
    client = client_as(cast["admin"])
    page = client.get(_url("agreed", report_id=report.pk)).content.decode()
    assert "once the board has agreed the cycle&#x27;s priorities" in page
    assert "once a final version has gone to the board" in page
    assert 'name="confirm"' not in page
    final = client.get(_url("final", report_id=report.pk)).content.decode()
    assert "once the board has agreed" not in final and 'name="confirm"' in final


@pytest.mark.parametrize(
    "role,status",
    [("admin", 200), ("analyst", 200), ("theme_specialist", 403), ("board_member", 403)],
)
def test_who_may_see_the_final_checklist(client_as, cast, report, role, status):
    assert client_as(cast[role]).get(_url("final", report_id=report.pk)).status_code == status


def test_another_partnership_gets_404_for_the_checklist(client_as, cast, report, agreed_priority):
    client = client_as(cast["outsider"])
    assert client.get(_url("final", report_id=report.pk)).status_code == 404
    assert client.post(_url("final", report_id=report.pk), {"confirm": "1"}).status_code == 404
    assert not report.runs.exists()


# The versions table follows the panel -----------------------------------------------------


def test_the_polled_panel_carries_the_versions_row(client_as, cast, report):
    run = RenderRun.objects.create(
        report=report,
        version=1,
        requested_at=timezone.now(),
        status=RenderRun.Status.DONE,
        pages=12,
        size=900,
        sha256="b" * 64,
        finished_at=timezone.now(),
    )
    client = client_as(cast["analyst"])
    url = _url("run_status", run_id=run.pk)
    polled = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert f'<tr id="version-{run.pk}" hx-swap-oob="true">' in polled
    row = polled[polled.index("<template>") : polled.index("</template>")]
    assert "Done" in row and "Download" in row and "12 pages" in row
    # The report page's own row has the same id, so the swap finds it.
    page = client.get(report.get_absolute_url()).content.decode()
    assert f'<tr id="version-{run.pk}">' in page
    # Without htmx (a plain request) there is nothing to swap.
    assert "hx-swap-oob" not in client.get(url).content.decode()
