"""Report pages for each role: who may read, write, render and comment; another
partnership's people get 404; bad input changes nothing."""

import re

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from cycles.services import create_cycle_from_template
from priorities.models import Priority
from reports import services
from reports.models import Comment, RenderRun, Report

SLUG = "central-bedfordshire"


@pytest.fixture
def done_run(report, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    run = RenderRun.objects.create(
        report=report,
        version=1,
        requested_at=timezone.now(),
        status=RenderRun.Status.DONE,
        pages=12,
        size=9,
        sha256="a" * 64,
        finished_at=timezone.now(),
    )
    run.pdf.save("r.pdf", ContentFile(b"%PDF-1.7 test"), save=True)
    return run


def _url(name, **kwargs):
    return reverse(f"reports:{name}", kwargs={"slug": SLUG, **kwargs})


def _write_everything(report):
    for section in report.sections.all():
        services.save_section(
            section=section,
            narrative="Written.",
            components=["levels", "changes", "why", "plan", "community"],
        )


# Reading --------------------------------------------------------------------------------


def _tab_title(response) -> str:
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1)


def test_the_tab_title_names_the_partnership_once(client_as, cast, report):
    """A report's title begins with the partnership's name; the tab does not add it again."""
    client = client_as(cast["analyst"])
    name = report.year.cycle.partnership.name
    assert report.title.startswith(name)
    for url in (
        report.get_absolute_url(),
        _url("section", report_id=report.pk, key="executive-summary"),
    ):
        assert _tab_title(client.get(url)).count(name) == 1
    # A title without the name still gets it.
    Report.objects.filter(pk=report.pk).update(title="Strategic assessment: the priorities")
    assert _tab_title(client.get(report.get_absolute_url())) == (
        f"Strategic assessment: the priorities – {name}"
    )


@pytest.mark.parametrize("role", ["admin", "analyst", "theme_specialist", "board_member"])
def test_every_member_reads_the_reports_list_and_a_report(client_as, cast, report, role):
    client = client_as(cast[role])
    listing = client.get(_url("index"))
    assert listing.status_code == 200
    assert report.title in listing.content.decode()
    page = client.get(report.get_absolute_url())
    assert page.status_code == 200
    assert "Statutory components" in page.content.decode()
    # The page cites the regulations the components come from, as the PDF does.
    assert "(SI 2007/1830), regulations 5 to 7" in page.content.decode()


def _written_column(page: str, title: str) -> str:
    row = page[page.index(f">{title}</a>") :]
    return row[row.index("<td>") + 4 : row.index("</td>")]


def test_a_section_the_workbench_fills_says_so_instead_of_not_yet(client_as, cast, report, member):
    client = client_as(cast["analyst"])
    page = client.get(report.get_absolute_url()).content.decode()
    assert _written_column(page, "Appendix B: data tables") == "Filled from the data"
    assert _written_column(page, "Executive summary") == "Not yet"

    appendix = report.sections.get(key="appendix-data")
    services.save_section(
        section=appendix, narrative="Counts are recorded crimes.", by=member(cast["analyst"])
    )
    page = client.get(report.get_absolute_url()).content.decode()
    assert _written_column(page, "Appendix B: data tables").startswith(
        "Filled from the data, with a note, last by Sam Taylor on "
    )


def test_only_analysts_and_admins_see_the_form_to_start_a_report(client_as, cast, report):
    assert "Start a report" in client_as(cast["analyst"]).get(_url("index")).content.decode()
    assert (
        "Start a report" not in client_as(cast["board_member"]).get(_url("index")).content.decode()
    )


def test_another_partnership_gets_404_everywhere(client_as, cast, report, done_run):
    section = report.sections.get(key="victims")
    comment = services.add_comment(
        section=section, author=section.report.year.cycle.partnership.memberships.first(), text="x"
    )
    client = client_as(cast["outsider"])
    for method, url in [
        ("get", _url("index")),
        ("get", report.get_absolute_url()),
        ("post", _url("render", report_id=report.pk)),
        ("get", _url("section", report_id=report.pk, key="victims")),
        ("post", _url("preview", report_id=report.pk, key="victims")),
        ("post", _url("comment", report_id=report.pk, key="victims")),
        ("post", _url("resolve_comment", comment_id=comment.pk)),
        ("get", _url("run_status", run_id=done_run.pk)),
        ("get", _url("download", run_id=done_run.pk)),
    ]:
        assert getattr(client, method)(url).status_code == 404, url


def test_a_report_of_another_partnership_is_404_to_a_member_here(
    client_as, cast, other_partnership
):
    other_year = create_cycle_from_template(
        partnership=other_partnership, template_key="annual", start_year=2026
    ).years.get()
    other = services.create_report(year=other_year, kind=Report.Kind.FULL)
    response = client_as(cast["analyst"]).get(
        reverse("reports:report", kwargs={"slug": SLUG, "report_id": other.pk})
    )
    assert response.status_code == 404


def test_anonymous_people_are_sent_to_sign_in(client, report):
    response = client.get(report.get_absolute_url())
    assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"]


# Starting and editing a report ----------------------------------------------------------


def test_an_analyst_starts_a_report(client_as, cast, year):
    response = client_as(cast["analyst"]).post(
        _url("index"),
        {"year": year.pk, "kind": "public", "authors": "Sam Taylor", "marking": "OFFICIAL"},
    )
    report = Report.objects.get()
    assert response.status_code == 302 and response["Location"] == report.get_absolute_url()
    assert report.kind == "public" and report.sections.count() == 5


def test_a_second_report_of_the_same_kind_is_refused_and_nothing_changes(
    client_as, cast, year, report
):
    response = client_as(cast["analyst"]).post(
        _url("index"), {"year": year.pk, "kind": "full", "authors": "", "marking": "OFFICIAL"}
    )
    assert response.status_code == 400
    assert "This year already has a report of that kind." in response.content.decode()
    assert Report.objects.count() == 1


def test_a_board_member_cannot_start_a_report(client_as, cast, year):
    response = client_as(cast["board_member"]).post(
        _url("index"), {"year": year.pk, "kind": "full", "authors": "", "marking": "OFFICIAL"}
    )
    assert response.status_code == 403 and not Report.objects.exists()


def test_the_analyst_edits_the_title_page_and_bad_input_changes_nothing(client_as, cast, report):
    client = client_as(cast["analyst"])
    data = {
        "title": "New title",
        "authors": "Sam",
        "marking": "OFFICIAL-SENSITIVE",
    }
    assert client.post(report.get_absolute_url(), data).status_code == 302
    report.refresh_from_db()
    assert (report.title, report.protective_marking) == ("New title", "OFFICIAL-SENSITIVE")
    response = client.post(report.get_absolute_url(), {**data, "title": "", "marking": "X"})
    assert response.status_code == 400 and "Enter title." in response.content.decode()
    report.refresh_from_db()
    assert report.protective_marking == "OFFICIAL-SENSITIVE"


def test_a_theme_specialist_cannot_edit_the_title_page(client_as, cast, report):
    response = client_as(cast["theme_specialist"]).post(
        report.get_absolute_url(),
        {"title": "X", "authors": "", "marking": "OFFICIAL"},
    )
    assert response.status_code == 403


# Sections, preview and comments -----------------------------------------------------------


@pytest.mark.parametrize("role", ["admin", "analyst", "theme_specialist"])
def test_writers_save_a_section(client_as, cast, report, role):
    url = _url("section", report_id=report.pk, key="victims")
    response = client_as(cast[role]).post(
        url, {"narrative": "## Repeat victims\n\nMore detail.", "components": ["why", "levels"]}
    )
    assert response.status_code == 302
    section = report.sections.get(key="victims")
    assert section.narrative.startswith("## Repeat victims")
    assert section.components == ["levels", "why"]
    assert section.updated_by.user == cast[role]


def test_a_board_member_reads_a_section_but_cannot_write_it(client_as, cast, report):
    client = client_as(cast["board_member"])
    url = _url("section", report_id=report.pk, key="victims")
    page = client.get(url).content.decode()
    assert "You can read this section and comment on it." in page and "id_narrative" not in page
    assert client.post(url, {"narrative": "Mine now."}).status_code == 403
    assert client.post(_url("preview", report_id=report.pk, key="victims")).status_code == 403
    assert not report.sections.get(key="victims").narrative


def test_an_unknown_component_is_refused_and_nothing_is_saved(client_as, cast, report):
    url = _url("section", report_id=report.pk, key="victims")
    response = client_as(cast["analyst"]).post(url, {"narrative": "Text", "components": ["magic"]})
    assert response.status_code == 400
    assert "Choose one of the options listed." in response.content.decode()
    assert not report.sections.get(key="victims").narrative


def test_the_preview_shows_the_text_as_it_prints_and_saves_nothing(client_as, cast, report):
    url = _url("preview", report_id=report.pk, key="victims")
    response = client_as(cast["analyst"]).post(
        url,
        {"narrative": "## Heading\n\n<script>alert(1)</script>**bold**"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h2>Heading</h2>" in html and "<strong>bold</strong>" in html
    assert "<script" not in html and "<html" not in html
    assert not report.sections.get(key="victims").narrative


def test_the_preview_without_javascript_shows_the_whole_page_unsaved(client_as, cast, report):
    url = _url("preview", report_id=report.pk, key="victims")
    response = client_as(cast["analyst"]).post(url, {"narrative": "Draft words"})
    html = response.content.decode()
    assert "Save the section to keep your changes." in html and "Draft words" in html
    assert not report.sections.get(key="victims").narrative


@pytest.mark.parametrize("role", ["admin", "analyst", "theme_specialist", "board_member"])
def test_every_member_comments_on_a_section(client_as, cast, report, done_run, role):
    url = _url("comment", report_id=report.pk, key="executive-summary")
    response = client_as(cast[role]).post(url, {"text": "Please add last year's figures."})
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.author.user == cast[role] and comment.run == done_run


def test_an_empty_comment_is_refused(client_as, cast, report):
    url = _url("comment", report_id=report.pk, key="executive-summary")
    response = client_as(cast["board_member"]).post(url, {"text": "  "})
    assert response.status_code == 400 and "Enter your comment." in response.content.decode()
    assert not Comment.objects.exists()


def test_the_analyst_marks_a_comment_dealt_with_and_another_member_cannot(
    client_as, cast, report, membership_of
):
    section = report.sections.get(key="victims")
    comment = services.add_comment(
        section=section,
        author=membership_of(cast["board_member"], report.year.cycle.partnership),
        text="x",
    )
    url = _url("resolve_comment", comment_id=comment.pk)
    assert client_as(cast["theme_specialist"]).post(url).status_code == 403
    assert client_as(cast["analyst"]).post(url).status_code == 302
    comment.refresh_from_db()
    assert comment.resolved


# Rendering, progress and download ---------------------------------------------------------


@pytest.mark.parametrize("role", ["admin", "analyst", "theme_specialist"])
def test_writers_ask_for_a_draft(client_as, cast, report, role):
    response = client_as(cast[role]).post(_url("render", report_id=report.pk))
    assert response.status_code == 302
    run = report.runs.get()
    assert run.version == 1 and run.state == "draft" and run.requested_by.user == cast[role]


def test_a_board_member_cannot_ask_for_a_render(client_as, cast, report):
    assert (
        client_as(cast["board_member"]).post(_url("render", report_id=report.pk)).status_code == 403
    )
    assert not report.runs.exists()


def test_the_agreed_assessment_waits_for_the_board(client_as, cast, report):
    """Issue 13: what used to hold back the final version now holds back the agreed
    assessment; the final version is offered before the board decides."""
    client = client_as(cast["analyst"])
    page = client.get(report.get_absolute_url()).content.decode()
    assert "once the board has agreed the cycle&#x27;s priorities" in page
    assert "Make the final version for the board" in page
    assert "Make the agreed assessment" not in page
    _write_everything(report)
    response = client.post(_url("agreed", report_id=report.pk), {"confirm": "1"})
    assert response.status_code == 400
    assert "once the board has agreed the cycle&#x27;s priorities" in response.content.decode()
    assert not report.runs.exists()


def test_a_theme_specialist_cannot_ask_for_the_final(client_as, cast, report):
    Priority.objects.create(year=report.year, title="Agreed", status="agreed")
    client = client_as(cast["theme_specialist"])
    assert client.post(_url("render", report_id=report.pk), {"final": "1"}).status_code == 403
    assert client.get(_url("final", report_id=report.pk)).status_code == 403
    assert client.post(_url("final", report_id=report.pk), {"confirm": "1"}).status_code == 403
    assert not report.runs.exists()


def test_asking_for_the_final_from_the_report_page_leads_to_its_checklist(client_as, cast, report):
    Priority.objects.create(year=report.year, title="Agreed", status="agreed")
    client = client_as(cast["analyst"])
    page = client.get(report.get_absolute_url()).content.decode()
    assert f'href="{_url("final", report_id=report.pk)}"' in page
    response = client.post(_url("render", report_id=report.pk), {"final": "1"})
    assert response.status_code == 302 and response.url == _url("final", report_id=report.pk)
    assert not report.runs.exists()


def test_the_progress_partial_polls_until_the_run_is_finished(client_as, cast, report, done_run):
    running = RenderRun.objects.create(
        report=report,
        version=2,
        requested_at=timezone.now(),
        status=RenderRun.Status.RENDERING,
        stage="Laying out the pages",
        progress=40,
    )
    client = client_as(cast["board_member"])
    html = client.get(_url("run_status", run_id=running.pk)).content.decode()
    assert 'hx-trigger="every 2s"' in html and "laying out the pages" in html
    assert 'value="40"' in html
    html = client.get(_url("run_status", run_id=done_run.pk)).content.decode()
    assert "hx-trigger" not in html and "Version 1 is ready." in html


@pytest.mark.parametrize("role", ["admin", "analyst", "theme_specialist", "board_member"])
def test_every_member_downloads_a_version(client_as, cast, report, done_run, role):
    response = client_as(cast[role]).get(_url("download", run_id=done_run.pk))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.7 test"
    assert response["Content-Type"] == "application/pdf"
    assert (
        'filename="central-bedfordshire-full-2026-27-v1-draft.pdf"'
        in response["Content-Disposition"]
    )


def test_a_version_without_a_pdf_is_not_found(client_as, cast, report):
    queued = RenderRun.objects.create(report=report, version=1, requested_at=timezone.now())
    assert client_as(cast["analyst"]).get(_url("download", run_id=queued.pk)).status_code == 404


def test_the_versions_list_shows_every_version_with_its_download(client_as, cast, report, done_run):
    RenderRun.objects.create(
        report=report,
        version=2,
        requested_at=timezone.now(),
        status="failed",
        error="Out of paper.",
    )
    html = client_as(cast["board_member"]).get(report.get_absolute_url()).content.decode()
    assert "Failed: Out of paper." in html
    assert _url("download", run_id=done_run.pk) in html
    assert "12 pages" in html and "SHA-256 aaaaaaaaaaaa" in html


def test_the_report_page_reads_in_the_same_queries_however_many_versions(client_as, cast, report):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_as(cast["analyst"])
    analyst = report.year.cycle.partnership.memberships.get(user=cast["analyst"])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(report.get_absolute_url()).status_code == 200
        return len(queries)

    done = {"status": RenderRun.Status.DONE}
    RenderRun.objects.filter(pk=services.request_render(report=report, by=analyst).pk).update(
        **done
    )
    count()  # the first visit also stores the current partnership in the session
    one = count()
    for _ in range(4):
        run = services.request_render(report=report, by=analyst)
        RenderRun.objects.filter(pk=run.pk).update(**done)
        services.add_comment(
            section=report.sections.get(key="victims"), author=analyst, text="x", run=run
        )
    assert count() == one


def test_the_list_shows_this_year_and_years_with_reports_and_starts_on_this_year(
    client_as, cast, partnership
):
    from django.utils import timezone

    from priorities.selectors import current_year

    cycle = create_cycle_from_template(
        partnership=partnership, template_key="four-year", start_year=2026
    )
    this_year = current_year(partnership, timezone.localdate())
    later = cycle.years.get(number=3)
    html = client_as(cast["analyst"]).get(_url("index")).content.decode()
    assert f'<h2 class="h4 mt-4">{this_year.label}</h2>' in html
    assert f'<h2 class="h4 mt-4">{later.label}</h2>' not in html
    assert f'<option value="{this_year.pk}" selected>' in html
    services.create_report(year=later, kind=Report.Kind.REFRESH)
    html = client_as(cast["analyst"]).get(_url("index")).content.decode()
    assert f'<h2 class="h4 mt-4">{later.label}</h2>' in html
