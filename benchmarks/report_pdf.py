"""Time the demo's full strategic assessment as a PDF: WeasyPrint (what the board gets)
against Chromium's page.pdf() of exactly the same HTML (fast, but it drops running
headers and the contents' page numbers).

Loads the demo into a throwaway SQLite database, then for the 2026-27 full
assessment prints: time gathering the content, time drawing charts, time laying out
in WeasyPrint, and the total, first with an empty chart cache (cold) and then with
every chart cached (warm, as after a narrative edit); the pages and charts; and
Chromium's time for the same HTML. Each renderer runs ROUNDS times, alternating, and
the best of each is compared, because other work on a shared machine makes single
timings noisy. The goal is a warm WeasyPrint total within 3 times Chromium's.

Issue 15 (item 5) adds the section-by-section render the worker uses
(reports/sectioned.py), with its laid-out pages kept between renders, measured three
ways: nothing changed (the same version again), a new version number (the title page
and contents laid out again, as every real render is), and one section's narrative
edited (that section laid out again). The one-shot render (the whole report laid out
every time, as before) is still printed, and each figure's ratio to Chromium.

Run from the repository root: .venv/bin/python benchmarks/report_pdf.py
Chromium is /usr/bin/chromium (scripts/services.sh installs it).
"""

import io
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="report-benchmark-"))
os.environ["VAR_DIR"] = str(WORK / "var")
os.environ["DATABASE_URL"] = ""
os.environ["REDIS_URL"] = ""  # the per-process memory cache: cold and warm are in our hands
os.environ.setdefault("SECRET_KEY", "benchmark-only")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csp_assessment.settings")
# Playwright's sync API runs an event loop in this thread; the ORM calls between its
# steps are still plain blocking calls, one at a time.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
(WORK / "var").mkdir()

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402

from reports import sectioned, services  # noqa: E402
from reports.models import Report  # noqa: E402
from reports.renderer import render_pdf  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ROUNDS = 3


def pdf_pages(content: bytes) -> int:
    path = WORK / "chromium.pdf"
    path.write_bytes(content)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    match = re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)
    return int(match.group(1)) if match else 0


def weasyprint_once(report: Report) -> tuple[services.RenderTimings, int, str]:
    timings = services.RenderTimings()
    started = time.perf_counter()
    html = services.build_html(report, version=1, timings=timings)
    laid_out = time.perf_counter()
    pdf = render_pdf(html, title=report.title)
    finished = time.perf_counter()
    timings.layout = finished - laid_out
    timings.total = finished - started
    return timings, pdf.pages, html


def sectioned_once(report: Report, version: int) -> tuple[float, list[str]]:
    """The worker's render: content, then the sections not already laid out."""
    sectioned.LAYOUTS.laid_out.clear()
    started = time.perf_counter()
    parts = services.build_parts(report, version=version)
    sectioned.render_report(parts, title=report.title)
    return time.perf_counter() - started, list(sectioned.LAYOUTS.laid_out)


def edit_one_section(report: Report, round_number: int) -> None:
    """A small narrative edit (a word added), as an analyst makes between drafts."""
    section = report.sections.get(key="conclusion")
    section.narrative = f"{section.narrative}\n\nEdit {round_number}."
    section.save(update_fields=["narrative"])


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=io.StringIO())
    # The newest full assessment: this year's draft (last year's is also in the demo).
    report = (
        Report.objects.filter(
            year__cycle__partnership__slug="central-bedfordshire", kind=Report.Kind.FULL
        )
        .order_by("-year__starts_on")
        .first()
    )

    cache.clear()
    cold, pages, html = weasyprint_once(report)
    charts = len(re.findall(r'<img src="data:image/svg\+xml', html))
    print(f"{report.title}: {pages} pages, {charts} charts, {len(html) / 1e6:.1f} MB of HTML")
    print(
        f"Cold (no charts cached): content {cold.context:.2f} s, charts {cold.charts:.2f} s, "
        f"WeasyPrint {cold.layout:.2f} s, total {cold.total:.2f} s"
    )

    from playwright.sync_api import sync_playwright

    # The cache is filled by one render of the whole report (what a first render costs).
    sectioned.LAYOUTS.clear()
    first, _ = sectioned_once(report, version=1)
    warm_runs, chromium_runs = [], []
    same_runs, version_runs, edit_runs = [], [], []
    laid = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        chromium_pages = 0
        for round_number in range(ROUNDS):
            timings, _, html = weasyprint_once(report)
            warm_runs.append(timings)
            seconds, laid["same"] = sectioned_once(report, version=1)
            same_runs.append(seconds)
            seconds, laid["version"] = sectioned_once(report, version=2 + round_number)
            version_runs.append(seconds)
            edit_one_section(report, round_number)
            seconds, laid["edit"] = sectioned_once(report, version=2 + round_number)
            edit_runs.append(seconds)
            page = browser.new_page()
            started = time.perf_counter()
            page.set_content(html, wait_until="load")
            content = page.pdf(format="A4", print_background=True)
            chromium_runs.append(time.perf_counter() - started)
            page.close()
            chromium_pages = pdf_pages(content)
        browser.close()

    warm = min(warm_runs, key=lambda t: t.total)
    chromium = min(chromium_runs)
    print(
        f"Warm (charts cached), best of {ROUNDS}: content {warm.context:.2f} s, "
        f"charts {warm.charts:.2f} s, WeasyPrint {warm.layout:.2f} s, total {warm.total:.2f} s"
    )
    print(
        f"Chromium page.pdf() of the same HTML, best of {ROUNDS}: {chromium:.2f} s, "
        f"{chromium_pages} pages (no running headers or contents page numbers)"
    )
    ratio = warm.total / chromium
    print(f"Ratio, warm one-shot total (whole report laid out) to Chromium: {ratio:.2f}")
    print(f"Ratio, cold total to Chromium: {cold.total / chromium:.2f}")
    print(
        f"Section by section, first render (cache empty, whole report laid out): "
        f"{first:.2f} s, ratio {first / chromium:.2f}"
    )
    for label, runs, key in (
        ("nothing changed", same_runs, "same"),
        ("new version number", version_runs, "version"),
        ("one section edited", edit_runs, "edit"),
    ):
        best = min(runs)
        print(
            f"Section by section, warm, {label}, best of {ROUNDS}: {best:.2f} s, "
            f"ratio {best / chromium:.2f} (goal: 3 or less); laid out: "
            f"{', '.join(laid[key]) or 'nothing'}"
        )
    size_ok = pages >= 25 and charts >= 8
    print(
        f"Size: {pages} pages and {charts} charts "
        f"({'meets' if size_ok else 'does not meet'} the 25 pages and 8 charts asked for)"
    )


if __name__ == "__main__":
    main()
