"""The PDF renderer fetches only the project's own static files, and narrative text
can neither run a script nor make the renderer fetch anything."""

import http.server
import shutil
import subprocess
import threading

import pytest

from reports.narrative import narrative_html
from reports.renderer import STATIC_BASE, BlockedFetch, render_pdf, static_only_fetcher

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def listener():
    """A web server on loopback that counts every request it receives."""
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the standard library's name
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()


def _page(body: str) -> str:
    return (
        '<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>T</title>'
        f"</head><body>{body}</body></html>"
    )


def test_narrative_loses_scripts_images_styles_and_file_links(listener):
    address, _ = listener
    text = (
        "Intro <script>alert(1)</script>\n\n"
        f'<img src="{address}/tracker.png">\n\n'
        "[secret](file:///etc/passwd) and [ok](https://www.gov.uk/)\n\n"
        f'<p style="background: url({address}/bg.png)">styled</p>\n\n'
        f"<style>body {{ background: url({address}/css.png) }}</style>"
    )
    html = narrative_html(text)
    assert "<script" not in html and "alert(1)" not in html
    assert "<img" not in html and "<style" not in html and "style=" not in html
    assert "file:" not in html
    assert 'href="https://www.gov.uk/"' in html


def test_rendering_hostile_narrative_makes_no_request(listener, tmp_path):
    address, hits = listener
    hostile = narrative_html(
        f'<img src="{address}/a.png"> [x](file:///etc/passwd) '
        f'<p style="background:url({address}/b.png)">x</p>'
    )
    # Even raw, unsanitised HTML reaching the renderer fetches nothing from outside.
    raw = (
        f'<img src="{address}/c.png" alt="c"><link rel="stylesheet" href="{address}/d.css">'
        f'<div style="background:url({address}/e.png)">e</div>'
        '<img src="file:///etc/passwd" alt="f"><script>document.write("ran")</script>'
    )
    pdf = render_pdf(_page(hostile + raw), title="Hostile")
    assert hits == []
    assert pdf.content.startswith(b"%PDF") and pdf.pages == 1
    if shutil.which("pdftotext"):
        out = tmp_path / "doc.pdf"
        out.write_bytes(pdf.content)
        text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
        assert "ran" not in text


def test_the_fetcher_serves_our_static_files_and_nothing_else():
    fetcher = static_only_fetcher()
    served = fetcher.fetch(f"{STATIC_BASE}css/site.css")
    assert served.content_type == "text/css" and b"skip-link" in served.read()
    chart = fetcher.fetch("data:image/svg+xml;base64,PHN2Zy8+")
    assert chart.read() == b"<svg/>"
    for url in (
        "http://127.0.0.1:8000/static/css/site.css",
        "file:///etc/passwd",
        f"{STATIC_BASE}../../settings.py",
        "https://report.local/media/secret.pdf",
        "data:text/html;base64,PHNjcmlwdD4=",
    ):
        with pytest.raises(BlockedFetch):
            fetcher.fetch(url)


def test_the_pdf_is_tagged_with_its_title_and_language(tmp_path):
    pdf = render_pdf(_page("<h1>Strategic assessment</h1><p>Text.</p>"), title="Assessment 2026")
    out = tmp_path / "doc.pdf"
    out.write_bytes(pdf.content)
    if not shutil.which("pdfinfo"):
        pytest.fail("pdfinfo is missing: scripts/services.sh installs poppler-utils")
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
    assert "Assessment 2026" in info
    assert "Tagged:          yes" in info


def test_a_dollar_in_a_chart_label_prints_as_a_dollar(tmp_path):
    """Issue 11, item 5: matplotlib read `$` as maths and the render failed."""
    from csp_assessment import charts

    chart = charts.bars(
        labels=["Theft over $5", "Fraud ($ and £)"],
        values=[12, 7],
        x_label="Crimes",
        alt="Theft over $5: 12; Fraud ($ and £): 7",
    )
    pdf = render_pdf(_page(f'<img src="{chart.image}" alt="{chart.alt}">'), title="Dollars")
    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext is missing: scripts/services.sh installs poppler-utils")
    out = tmp_path / "doc.pdf"
    out.write_bytes(pdf.content)
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    assert "Theft over $5" in text and "Fraud ($ and £)" in text
