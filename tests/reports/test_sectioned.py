"""Issue 15, item 5: the report laid out section by section, with laid-out sections kept
between renders, is the same document a reader gets from laying the whole report out
at once (pages, page numbers, contents, bookmarks, links), and only what changed is
laid out again."""

import dataclasses
import os
import re
import shutil
import subprocess

import pytest
from django.contrib.staticfiles import finders
from django.utils import timezone

from cycles.services import create_cycle_from_template
from partnerships.models import Partnership
from reports import renderer, sectioned, services
from reports.models import RenderRun

LONG = "\n\n".join(
    f"Paragraph {n}: burglary and vehicle crime in the district rose over the year, "
    "and the partners agreed that the pattern needs a closer look next year." * 3
    for n in range(1, 9)
)


@pytest.fixture(autouse=True)
def empty_cache():
    sectioned.LAYOUTS.clear()
    yield
    sectioned.LAYOUTS.clear()


def _report(partnership):
    year = create_cycle_from_template(
        partnership=partnership, template_key="annual", start_year=2026
    ).years.get()
    report = services.create_report(year=year, authors="Sam Taylor")
    for key, narrative in (
        ("executive-summary", "## What we found\n\nShort."),
        ("introduction", f"## How we did it\n\n{LONG}\n\n## The data\n\n{LONG}"),
        ("victims", "## Repeat victims\n\n| Group | Count |\n|---|---|\n| Under 25 | 12 |"),
        ("conclusion", f"## What comes next\n\n{LONG}"),
    ):
        services.save_section(section=report.sections.get(key=key), narrative=narrative)
    return report


@pytest.fixture
def report(partnership, cast):
    return _report(partnership)


def _render(report, version=1):
    sectioned.LAYOUTS.laid_out.clear()
    parts = services.build_parts(report, version=version)
    return parts, sectioned.render_report(parts, title=report.title)


def _read(pdf, tmp_path, name):
    """What a reader gets: each page's text, the bookmarks with their pages, and the
    internal links (text to page)."""
    if not shutil.which("pdftohtml"):
        pytest.fail("pdftohtml is missing: scripts/services.sh installs poppler-utils")
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf.content)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True)
    pages = text.stdout.split("\f")[: pdf.pages]
    xml = subprocess.run(
        ["pdftohtml", "-xml", "-i", "-stdout", "-q", str(path)], capture_output=True, text=True
    ).stdout
    outline = re.findall(r'<item page="(\d+)">([^<]*)</item>', xml)
    links = sorted(set(re.findall(r'<a href="[^"#]*#(\d+)">([^<]*)</a>', xml)))
    return {"pages": pages, "outline": outline, "links": links, "count": pdf.pages}


def _same_document(joined, whole, tmp_path):
    a, b = _read(joined, tmp_path, "joined"), _read(whole, tmp_path, "whole")
    assert a["count"] == b["count"]
    for number, (mine, theirs) in enumerate(zip(a["pages"], b["pages"], strict=True), start=1):
        assert mine == theirs, f"page {number} differs"
    assert a["outline"] == b["outline"] and len(a["outline"]) > 10
    assert a["links"] == b["links"] and len(a["links"]) >= 14
    return a


def _contents(read) -> dict[str, int]:
    """The contents page: each section title and the page it says the section starts on."""
    lines = read["pages"][1].splitlines()
    found = {}
    for line in lines:
        match = re.match(r"\s*(.+?)\s*\.{3,}\s*(\d+)\s*$", line)
        if match:
            found[match.group(1)] = int(match.group(2))
    return found


def test_the_parts_join_into_exactly_the_html_the_report_is_made_from(report):
    for state in (RenderRun.State.DRAFT, RenderRun.State.FINAL):
        parts = services.build_parts(report, state=state, version=3)
        assert parts.html == services.build_html(report, state=state, version=3)
        assert len(parts.sections) == report.sections.count()


def test_sections_laid_out_one_by_one_join_into_the_same_document(report, tmp_path):
    parts, first = _render(report)
    assert sectioned.LAYOUTS.laid_out == [sectioned.WHOLE]
    # Forget the laid-out pages (keep the page counts): every part is laid out alone.
    sectioned.LAYOUTS.entries.clear()
    parts, joined = _render(report)
    assert sectioned.LAYOUTS.laid_out == [sectioned.FRONT_PART, *parts.section_ids]
    whole = renderer.render_pdf(parts.html, title=report.title)
    read = _same_document(joined, whole, tmp_path)
    _same_document(first, whole, tmp_path)
    assert read["count"] > len(parts.section_ids) + 2  # some sections run over pages
    last = read["pages"][-1]
    assert f"Page {read['count']} of {read['count']}" in last
    contents = _contents(read)
    assert contents["Introduction: the team, methodology and data sources"] == 4
    assert ("4", "Introduction: the team, methodology and data sources") in read["links"]
    assert ("4", "How we did it") in read["outline"]


def test_an_unchanged_report_is_not_laid_out_again(report, tmp_path):
    _render(report)
    parts, again = _render(report)
    assert sectioned.LAYOUTS.laid_out == []
    _same_document(again, renderer.render_pdf(parts.html, title=report.title), tmp_path)


def test_a_new_version_lays_out_only_the_title_page_and_contents(report, tmp_path):
    _render(report, version=1)
    parts, second = _render(report, version=2)
    assert sectioned.LAYOUTS.laid_out == [sectioned.FRONT_PART]
    read = _same_document(second, renderer.render_pdf(parts.html, title=report.title), tmp_path)
    assert "Version 2" in read["pages"][0]


def test_editing_one_section_lays_out_only_that_section(report, tmp_path):
    _render(report)
    section = report.sections.get(key="victims")
    services.save_section(section=section, narrative=section.narrative + "\n\nOne more line.")
    parts, edited = _render(report)
    assert sectioned.LAYOUTS.laid_out == ["victims"]
    read = _same_document(edited, renderer.render_pdf(parts.html, title=report.title), tmp_path)
    assert "One more line." in "".join(read["pages"])


def test_a_section_that_grows_by_a_page_moves_every_later_page_number(report, tmp_path):
    _, before = _render(report)
    earlier = _read(before, tmp_path, "before")
    section = report.sections.get(key="executive-summary")
    services.save_section(section=section, narrative=f"## What we found\n\n{LONG}\n\n{LONG}")
    parts, after = _render(report)
    read = _same_document(after, renderer.render_pdf(parts.html, title=report.title), tmp_path)
    grown = read["count"] - earlier["count"]
    assert grown >= 1
    was, now = _contents(earlier), _contents(read)
    assert now["Executive summary"] == was["Executive summary"] == 3
    assert now["Conclusion and next steps"] == was["Conclusion and next steps"] + grown
    assert now["Appendix C: compliance summary"] == was["Appendix C: compliance summary"] + grown
    assert f"Page {read['count']} of {read['count']}" in read["pages"][-1]


def test_another_partnership_never_gets_our_laid_out_pages(report, county):
    """Even with the very same HTML, a part laid out for one partnership is never
    used for another: the key starts with the partnership."""
    parts, _ = _render(report)
    other = Partnership.objects.create(
        name="Elsewhere CSP", slug="elsewhere", kind=Partnership.Kind.DISTRICT, parent=county
    )
    sectioned.LAYOUTS.laid_out.clear()
    sectioned.render_report(dataclasses.replace(parts, owner=other.pk), title=report.title)
    assert sectioned.LAYOUTS.laid_out == [sectioned.WHOLE]
    sectioned.LAYOUTS.laid_out.clear()
    sectioned.render_report(parts, title=report.title)
    assert sectioned.LAYOUTS.laid_out == []


def test_a_changed_style_or_font_file_gives_a_fresh_layout(report, tmp_path, monkeypatch):
    _render(report)
    report.protective_marking = "OFFICIAL-SENSITIVE"  # printed by the head's styles
    report.save(update_fields=["protective_marking"])
    _, pdf = _render(report)
    assert sectioned.LAYOUTS.laid_out == [sectioned.WHOLE]
    # A copy of the font stands in for the real one, so no other run sees it change.
    name = "vendor/dejavu/DejaVuSans.ttf"
    copy = tmp_path / "DejaVuSans.ttf"
    shutil.copy2(finders.find(name), copy)  # the same size and time: the same key
    find = finders.find
    monkeypatch.setattr(
        finders, "find", lambda path, *a, **k: str(copy) if path == name else find(path, *a, **k)
    )
    _render(report)
    assert sectioned.LAYOUTS.laid_out == []
    was = os.stat(copy)
    os.utime(copy, ns=(was.st_atime_ns, was.st_mtime_ns + 1_000_000_000))
    _render(report)
    assert sectioned.LAYOUTS.laid_out == [sectioned.WHOLE]


def test_the_kept_pages_stay_within_their_limit(report, settings):
    settings.REPORT_LAYOUT_CACHE_PAGES = 5
    _, pdf = _render(report)
    assert pdf.pages > 5
    kept = sum(len(entry.pages) for entry in sectioned.LAYOUTS.entries.values())
    assert 0 < kept <= 5


def test_a_layout_that_fails_is_recorded_as_today_and_keeps_nothing(
    report, monkeypatch, settings, tmp_path, caplog
):
    settings.MEDIA_ROOT = tmp_path / "media"

    def broken(html):
        raise ValueError("the layout broke")

    monkeypatch.setattr(renderer, "lay_out", broken)
    run = RenderRun.objects.create(report=report, requested_at=timezone.now(), version=1)
    assert services.run_render(run_id=run.pk) == "failed"
    run.refresh_from_db()
    assert run.status == RenderRun.Status.FAILED
    # The page says what happened and what to do, without the fault's own text; the
    # operator's log has the trace.
    assert run.error == (
        "The PDF could not be made: a fault in the workbench stopped it. Try again; if it "
        f"happens again, tell your administrator (reference {run.pk})."
    )
    assert "the layout broke" in caplog.text and "Traceback" in caplog.text
    assert not sectioned.LAYOUTS.entries
