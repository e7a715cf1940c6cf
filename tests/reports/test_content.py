"""What the workbench fills into a report, the statutory-components check, the public
summary's suppression, versions, copying last year's narrative and the board's
decision on a draft."""

import re
from datetime import date, datetime, time, timedelta
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from analysis.services import load_demo_police_data
from csp_assessment import charts
from cycles.models import Issue
from priorities.checklist_files import load_shipped_checklists
from priorities.models import ChecklistTemplate, Decision, Priority
from priorities.services.checklists import start_checklist
from priorities.services.meetings import add_item, create_meeting, record_decision
from priorities.services.proposals import propose_priority
from reports import board, content, rules, services
from reports.models import RenderRun, Report


@pytest.fixture
def year(cycle):
    """The first year of the conftest's cycle, so a test that takes both sees one cycle."""
    return cycle.years.get(number=1)


@pytest.fixture
def police_data(partnership, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    load_demo_police_data(partnership=partnership)


def _html(report):
    return services.build_html(report, version=1)


def _text(html: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def _section(html: str, key: str) -> str:
    start = html.index(f'id="{key}"')
    end = html.find('<section class="report-section">', start)
    return html[start : end if end != -1 else None]


def test_sections_without_data_say_plainly_that_it_is_not_there_yet(year):
    report = services.create_report(year=year, kind=Report.Kind.FULL)
    html = _html(report)
    assert "No crime or partner data has been imported yet." in _section(html, "analysis")
    assert "No scoring round has been closed for this year yet." in _section(
        html, "appendix-scoring"
    )
    assert "The board has not agreed any priorities for this cycle yet." in _section(
        html, "priorities"
    )
    assert "No consultation has been run for this year yet." in _section(html, "context")
    assert "No compliance checklist has been started" in _section(html, "appendix-compliance")


def test_the_analysis_section_carries_the_real_figures_and_charts(year, police_data):
    report = services.create_report(year=year, kind=Report.Kind.FULL)
    html = _html(report)
    analysis = _section(html, "analysis")
    # The real Bedfordshire extract: 142 crimes in November 2017, 43 of them ASB.
    assert "142 recorded in November 2017" in analysis
    assert re.search(
        r"<th scope=\"row\">Anti-social behaviour</th><td class=\"num\">43</td>", analysis
    )
    assert "November 2017 compared with November 2016" in analysis
    images = re.findall(r'<img src="(data:image/svg\+xml;base64,[^"]+)" alt="([^"]+)"', analysis)
    assert len(images) >= 3
    assert all(alt.strip() for _, alt in images)
    assert "The largest is anti-social behaviour with 43." in analysis
    # The change chart leaves out categories with fewer than 10 before, and says so.
    assert "in each category with at least 10 recorded before" in analysis
    # Two months of data make no line: each month is a column, and the alt text says so.
    assert "recorded in each month with data: November 2016 141, November 2017 142." in analysis


def test_charts_are_cached_by_their_data():
    import uuid

    # Labels no other test uses: the cache (Redis, in the full run) outlives each test.
    labels = [f"a {uuid.uuid4()}", "b"]
    first = charts.columns(labels=labels, values=[1, 2], y_label="n", alt="two columns")
    again = charts.columns(labels=labels, values=[1, 2], y_label="n", alt="two columns")
    other = charts.columns(labels=labels, values=[2, 1], y_label="n", alt="two columns")
    assert not first.cached
    assert again.cached and again.image == first.image
    assert not other.cached and other.image != first.image
    assert first.image.startswith("data:image/svg+xml;base64,")


def test_the_statutory_check_needs_writing_and_figures(year, police_data):
    report = services.create_report(year=year, kind=Report.Kind.FULL)
    checks = {c.key: c for c in content.statutory_check(report)}
    assert not any(c.covered for c in checks.values())
    assert checks["levels"].evidence  # the data is there, the writing is not

    analysis = report.sections.get(key="analysis")
    services.save_section(
        section=analysis, narrative="What changed and why.", components=["levels", "changes", "why"]
    )
    checks = {c.key: c for c in content.statutory_check(report)}
    assert checks["levels"].covered and checks["changes"].covered and checks["why"].covered
    assert checks["levels"].sections == ["The analysis: levels, patterns and changes"]
    assert not checks["plan"].covered and not checks["community"].covered
    assert rules.missing_components(list(checks.values())) == [
        "How far last year's partnership plan was put into practice",
        "The views of the community",
    ]


def test_a_data_component_is_not_covered_by_words_alone(year):
    report = services.create_report(year=year, kind=Report.Kind.FULL)
    services.save_section(
        section=report.sections.get(key="analysis"),
        narrative="Crime went up.",
        components=["levels"],
    )
    levels = next(c for c in content.statutory_check(report) if c.key == "levels")
    assert levels.sections and not levels.covered


def test_the_public_summary_hides_small_numbers_and_internal_items(year, police_data):
    Priority.objects.create(year=year, title="Published priority", status="agreed", published=True)
    Priority.objects.create(year=year, title="Internal priority", status="agreed", published=False)
    report = services.create_report(year=year, kind=Report.Kind.PUBLIC)
    section = report.sections.get(key="next-steps")
    services.save_section(section=section, narrative="A private note.", internal=True)
    html = _html(report)
    data = _section(html, "what-the-data-shows")
    assert "fewer than 10" in data
    # 43 anti-social behaviour crimes is above the threshold and prints exactly.
    assert re.search(r"Anti-social behaviour</th><td class=\"num\">43</td>", data)
    # Bicycle theft had 1 in November 2017: never printed as a number.
    assert re.search(r"Bicycle theft</th><td class=\"num\">fewer than 10</td>", data)
    assert "Published priority" in html and "Internal priority" not in html
    assert "A private note." not in html and 'id="next-steps"' not in html
    assert "per 1,000" not in data


OGL = (
    "Source: data.police.uk. Contains public sector information licensed under the Open "
    "Government Licence v3.0."
)


@pytest.mark.parametrize(
    ("kind", "sections"),
    [
        (Report.Kind.FULL, ["analysis", "appendix-data"]),
        (Report.Kind.PUBLIC, ["what-the-data-shows"]),
    ],
)
def test_police_figures_carry_the_licences_attribution(year, police_data, kind, sections):
    html = _html(services.create_report(year=year, kind=kind))
    for key in sections:
        assert OGL in _section(html, key), key


def test_no_licence_is_claimed_without_police_data(year):
    html = _html(services.create_report(year=year, kind=Report.Kind.FULL))
    assert "Open Government Licence" not in html


def test_the_compliance_appendix_cites_the_law_as_the_checklist_page_does(year):
    load_shipped_checklists()
    template = ChecklistTemplate.objects.filter(key="statutory-duties").latest("version")
    run = start_checklist(year=year, template=template)
    dropped = run.items.exclude(requirement__not_asked="").select_related("requirement").first()
    cited = run.items.exclude(requirement__citation="").select_related("requirement").first()
    assert dropped and cited
    html = _html(services.create_report(year=year, kind=Report.Kind.FULL))
    compliance = _text(_section(html, "appendix-compliance"))
    assert f"Law: {cited.requirement.citation}" in compliance
    assert f"No longer asked: {dropped.requirement.not_asked_shown}" in compliance
    assert "The seed" not in compliance and "the seed" not in compliance


def test_the_components_table_words_coverage_as_the_report_page_does(year, police_data):
    report = services.create_report(year=year, kind=Report.Kind.FULL)
    table = _text(_section(_html(report), "appendix-compliance"))
    assert "Component Covered What covers it" in table
    assert "(SI 2007/1830), regulations 5 to 7" in table and "to check" in table
    # Figures are filled in but no section is written yet: the page's words, both lines.
    assert "Filled in: Police recorded crime" in table
    assert "No written section addresses it yet." in table
    assert "Nothing in the report yet" not in table


def test_the_threshold_is_the_partnerships(year, police_data):
    report = services.create_report(year=year, kind=Report.Kind.PUBLIC)
    partnership = year.cycle.partnership
    partnership.suppress_below = 50
    partnership.save()
    report.refresh_from_db()
    data = _section(_html(report), "what-the-data-shows")
    assert re.search(r"Anti-social behaviour</th><td class=\"num\">fewer than 50</td>", data)


def test_the_refresh_summary_lists_proposed_additions(year):
    Priority.objects.create(year=year, title="Rural crime", rationale="Farm thefts rising.")
    report = services.create_report(year=year, kind=Report.Kind.REFRESH)
    assert [s.key for s in report.sections.all()] == [
        "executive-summary",
        "emerging-issues",
        "proposed-additions",
        "progress",
        "next-steps",
    ]
    html = _section(_html(report), "proposed-additions")
    assert "Rural crime" in html and "Farm thefts rising." in html


def test_emerging_issues_go_back_to_the_same_day_a_year_before_across_a_leap_day(cycle):
    from consultation.models import EmergingIssue

    year = cycle.years.get(number=3)  # 2028-29: a year back from 1 April 2028 holds 29 Feb
    assert year.starts_on == date(2028, 4, 1)
    london = ZoneInfo("Europe/London")
    logged = [
        ("Fly-tipping", date(2027, 4, 1)),
        ("Graffiti", date(2027, 3, 31)),
        ("Car meets", year.ends_on),
        ("Scooters", year.ends_on + timedelta(days=1)),  # after the year: not in its report
    ]
    for title, day in logged:
        EmergingIssue.objects.create(
            partnership=cycle.partnership,
            title=title,
            logged_at=datetime.combine(day, time(12), tzinfo=london),
        )
    report = services.create_report(year=year, kind=Report.Kind.REFRESH)
    html = _section(_html(report), "emerging-issues")
    assert "Fly-tipping" in html and "Graffiti" not in html
    assert "Car meets" in html and "Scooters" not in html


def test_a_new_years_report_starts_from_last_years_narrative(cycle):
    first, second = cycle.years.get(number=1), cycle.years.get(number=2)
    old = services.create_report(year=first, kind=Report.Kind.FULL, authors="Sam Taylor")
    services.save_section(
        section=old.sections.get(key="gaps"), narrative="No rural lead.", components=["why"]
    )
    new = services.create_report(year=second, kind=Report.Kind.FULL)
    assert new.copied_from == old and new.authors == "Sam Taylor"
    gaps = new.sections.get(key="gaps")
    assert gaps.narrative == "No rural lead." and gaps.components == ["why"]
    assert not new.sections.get(key="victims").narrative
    # Other kinds do not copy from the full assessment.
    public = services.create_report(year=second, kind=Report.Kind.PUBLIC)
    assert public.copied_from is None


def test_one_report_of_each_kind_per_year(year):
    services.create_report(year=year, kind=Report.Kind.FULL)
    with pytest.raises(ValidationError, match="already has a report of that kind"):
        services.create_report(year=year, kind=Report.Kind.FULL)
    assert Report.objects.count() == 1


def test_versions_are_numbered_and_the_final_no_longer_waits_for_the_board(
    year, cast, membership_of
):
    """Issue 13: the final version proposes the priorities, so it comes before the
    board's agreement; it still needs the checklist confirmed."""
    report = services.create_report(year=year, kind=Report.Kind.FULL)
    analyst = membership_of(cast["analyst"], year.cycle.partnership)
    first = services.request_render(report=report, by=analyst)
    # Asked again before a worker has started it: the same version, not a second one.
    assert services.request_render(report=report, by=analyst) == first
    RenderRun.objects.filter(pk=first.pk).update(status="rendering")
    second = services.request_render(report=report, by=analyst)
    assert (first.version, second.version) == (1, 2)
    Priority.objects.create(year=year, title="Waiting", status="proposed")
    # Nothing is written yet, and no final is made until the checklist is confirmed.
    with pytest.raises(ValidationError, match="read the checklist and confirmed"):
        services.request_render(report=report, by=analyst, state="final")
    assert report.runs.count() == 2
    final = services.request_render(report=report, by=analyst, state="final", confirmed=True)
    assert final.state == "final" and final.version == 3
    assert final.label == "Full strategic assessment, version 3 (final version for the board)"


def test_a_board_decision_is_shown_on_the_draft_finished_before_it(year, cast, membership_of):
    partnership = year.cycle.partnership
    report = services.create_report(year=year, kind=Report.Kind.FULL)
    analyst = membership_of(cast["analyst"], partnership)
    finished = timezone.now() - timezone.timedelta(hours=1)
    first = services.request_render(report=report, by=analyst)
    RenderRun.objects.filter(pk=first.pk).update(status="done", finished_at=finished)
    read = services.request_render(report=report, by=analyst)
    RenderRun.objects.filter(pk=read.pk).update(status="done", finished_at=finished)
    later = services.request_render(report=report, by=analyst)  # still queued: not read yet

    issue = Issue.objects.create(year=year, title="Domestic abuse")
    priority = propose_priority(year=year, title="Domestic abuse", issues=[issue])
    meeting = create_meeting(partnership=partnership, held_on=date(2026, 12, 9))
    item = add_item(meeting=meeting, title="Priorities")
    decision = record_decision(
        item=item,
        priority=priority,
        outcome="agreed",
        minute="Agreed.",
        decided_by=membership_of(cast["board_member"], partnership),
        today=meeting.held_on,
    )
    # Finished after the decision: the board cannot have read it.
    RenderRun.objects.filter(pk=later.pk).update(
        status="done", finished_at=decision.decided_at + timezone.timedelta(seconds=1)
    )
    versions = {v.run.version: v for v in services.selectors.versions(report)}
    assert versions[2].decided_on and versions[2].decisions == [decision]
    assert not versions[1].decided_on and not versions[3].decided_on


def test_comments_record_the_version_read_and_refuse_empty_text(year, cast, membership_of):
    partnership = year.cycle.partnership
    report = services.create_report(year=year, kind=Report.Kind.FULL)
    run = services.request_render(report=report, by=None)
    RenderRun.objects.filter(pk=run.pk).update(status="done", finished_at=timezone.now())
    board = membership_of(cast["board_member"], partnership)
    section = report.sections.get(key="victims")
    comment = services.add_comment(section=section, author=board, text="  Add the new figures. ")
    assert comment.run == run and comment.text == "Add the new figures."
    with pytest.raises(ValidationError, match="Write your comment"):
        services.add_comment(section=section, author=board, text="   ")
    assert section.comments.count() == 1


def test_stale_renders_are_found_for_requeueing(year):
    report = services.create_report(year=year, kind=Report.Kind.FULL)
    now = timezone.now()
    stuck = RenderRun.objects.create(
        report=report,
        version=1,
        requested_at=now,
        status="rendering",
        claim_expires_at=now - timezone.timedelta(seconds=1),
    )
    working = RenderRun.objects.create(
        report=report,
        version=2,
        requested_at=now,
        status="rendering",
        claim_expires_at=now + timezone.timedelta(minutes=5),
    )
    lost = RenderRun.objects.create(
        report=report, version=3, requested_at=now - timezone.timedelta(minutes=6)
    )
    fresh = RenderRun.objects.create(report=report, version=4, requested_at=now)
    found = set(services.stale_runs(now))
    assert found == {stuck.pk, lost.pk}
    assert working.pk not in found and fresh.pk not in found


def test_a_transient_failure_queues_the_run_again_then_gives_up_in_words(year, monkeypatch):
    """Fault injection: the database drops out while the content is gathered."""
    from django.db import OperationalError

    report = services.create_report(year=year, kind=Report.Kind.FULL)
    run = RenderRun.objects.create(report=report, version=1, requested_at=timezone.now())

    def drop_out(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(content, "report_context", drop_out)
    for attempt in range(1, services.MAX_ATTEMPTS):
        assert services.run_render(run_id=run.pk) == "retry"
        run.refresh_from_db()
        assert run.status == "queued" and run.attempts == attempt
        assert run.error.startswith(f"Attempt {attempt} did not finish")
    assert services.run_render(run_id=run.pk) == "failed"
    run.refresh_from_db()
    assert run.status == "failed"
    assert run.error == (
        "The PDF could not be made after 3 attempts: server closed the connection unexpectedly"
    )


def test_the_demo_assessment_is_filled_from_every_app(db, settings, tmp_path):
    from demo.builder import build_demo

    settings.MEDIA_ROOT = tmp_path / "media"
    build_demo(date(2026, 11, 24))
    last_year, report = Report.objects.filter(kind="full").order_by("year__starts_on")
    # Seed 000's order in both years: a draft, the final version sent to the board
    # meeting that decided, and the agreed assessment (last year's covers every
    # component; this year's goes with the analyst's confirmation).
    for each in (last_year, report):
        assert [(r.version, r.state) for r in each.runs.order_by("version")] == [
            (1, "draft"),
            (2, "final"),
            (3, "agreed"),
        ]
        paper = each.runs.get(state="final").papers.get()
        # Sent, as seed 000 runs it, before the meeting that read it.
        assert paper.sent_at.date() < paper.meeting.held_on
        # Each agreed assessment cites the cycle's decisions; this year's were taken at
        # the meeting that read the final version (last year, year 4, decided none).
        assert board.decisions(each.year)
    assert Decision.objects.filter(item__meeting=paper.meeting, priority__year=report.year)
    # Every report the demo makes renders, whatever its kind, with the demo's data.
    kinds = set()
    for each in Report.objects.all():
        assert "<h1" in services.build_html(each, version=1)
        kinds.add(each.kind)
    assert kinds == {"full", "public", "sna"}

    html = _html(report)
    images = re.findall(r'<img src="data:image/svg\+xml;base64,[^"]+" alt="([^"]+)"', html)
    assert len(images) >= 8 and all(alt.strip() for alt in images)
    scoring = _section(html, "appendix-scoring")
    assert "Scores by criterion" in scoring and "Criteria 9 to 16 of 16." in scoring
    # Worded as the ranking page words it, figures as it prints them (69, not 69.0).
    assert "issues above the line go forward for deeper analysis" in scoring
    assert re.search(r">Always \d+</td>", scoring) and "Criteria agreed" in scoring
    assert not re.search(r">\d+\.0</td>", scoring)
    for table in re.findall(r"<thead><tr>(.*?)</tr></thead>", scoring):
        assert table.count("<th") <= 10  # rank, issue and eight criteria at most
    assert "Your views on crime and safety" in _section(html, "context")
    assert "Domestic abuse: the theme specialist" in _section(html, "victims")
    assert "The strategic priorities" in _section(html, "priorities")
    assert "Measures for the 2024-25 priorities" in _section(html, "current-activity") or (
        "No measures were set for the 2024-25 priorities." in _section(html, "current-activity")
    )
    assert "The statutory components" in _section(html, "appendix-compliance")
    checks = {c.key: c.covered for c in content.statutory_check(report)}
    assert all(checks.values()), checks


def test_a_version_is_dated_the_day_it_was_asked_for_and_an_empty_section_is_not_a_to_do(year):
    report = services.create_report(year=year, kind=Report.Kind.FULL)
    asked = datetime(2026, 2, 3, 10, 0, tzinfo=ZoneInfo("Europe/London"))
    final = services.build_html(report, state=rules.FINAL, version=2, as_of=asked)
    assert "Version 2, final version for the board, 3 February 2026" in _text(final)
    assert "Nothing was written for this section." in final
    assert "has not been written yet" not in final
    draft = _html(report)
    assert "This section has not been written yet." in draft
