"""The one place PDFs are made: HTML in, PDF bytes out, through WeasyPrint.

The URL fetcher serves only the project's own static files. Any other address (a web
server, a file path, a data URL written into a narrative) is refused, so a report can
never make the worker fetch something it should not. Charts are embedded by the
report templates as data: URLs that the templates themselves build; those are the
only data URLs allowed, and only for images."""

import copy
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.contrib.staticfiles import finders

STATIC_HOST = "report.local"
STATIC_BASE = f"https://{STATIC_HOST}/{settings.STATIC_URL.lstrip('/')}"
ALLOWED_DATA_PREFIXES = ("data:image/svg+xml;base64,", "data:image/png;base64,")


class BlockedFetch(ValueError):
    """The renderer refused to fetch an address."""


@dataclass(frozen=True)
class RenderedPdf:
    content: bytes
    pages: int


def _static_file(url: str) -> Path:
    parsed = urlparse(url)
    prefix = urlparse(STATIC_BASE).path
    if (
        parsed.scheme != "https"
        or parsed.netloc != STATIC_HOST
        or not parsed.path.startswith(prefix)
    ):
        raise BlockedFetch(f"The report may not fetch {url[:80]}")
    relative = unquote(parsed.path[len(prefix) :])
    if ".." in Path(relative).parts:
        raise BlockedFetch(f"The report may not fetch {url[:80]}")
    found = finders.find(relative)
    if not found:
        raise BlockedFetch(f"No static file called {relative}")
    return Path(found)


MIME_TYPES = {
    ".css": "text/css",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
}


def static_only_fetcher():
    """WeasyPrint's URL fetcher, limited to our static files and our own chart images.

    Built on WeasyPrint's URLFetcher so errors are handled its way (a refused address
    is a warning and an empty resource, never a request)."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        def __init__(self):
            super().__init__(
                allowed_protocols={"https", "data"}, allow_redirects=False, fail_on_errors=False
            )

        def fetch(self, url, headers=None):
            if url.startswith(ALLOWED_DATA_PREFIXES):
                return super().fetch(url, headers)
            path = _static_file(url)
            content_type = MIME_TYPES.get(path.suffix, "application/octet-stream")
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})

    return StaticOnlyFetcher()


# WeasyPrint's parsed images, kept between renders in this process. Charts are data
# URLs made from their data, so an unchanged chart is parsed once per worker. Emptied
# when it grows, so a long-lived worker does not keep every chart it ever drew.
_images: dict = {}
IMAGE_CACHE_LIMIT = 200


def lay_out(html: str):
    """WeasyPrint's laid-out document for the HTML (pages not yet written)."""
    from weasyprint import HTML  # imported here: only workers need WeasyPrint loaded

    if len(_images) > IMAGE_CACHE_LIMIT:
        _images.clear()
    return HTML(string=html, base_url=STATIC_BASE, url_fetcher=static_only_fetcher()).render(
        cache=_images
    )


def write_pages(document, pages: list, *, title: str, language: str = "en-GB") -> RenderedPdf:
    """Write laid-out pages (from one document, or joined from several) as one tagged
    PDF (PDF/UA-1). WeasyPrint resolves the links, the bookmarks and the tags over all
    the pages, so pages laid out apart join into one document."""
    joined = document.copy(pages)
    joined.metadata = copy.copy(joined.metadata)  # the laid-out document may be kept and reused
    joined.metadata.title = title
    joined.metadata.lang = language
    content = joined.write_pdf(pdf_variant="pdf/ua-1")
    return RenderedPdf(content=content, pages=len(pages))


def render_pdf(html: str, *, title: str, language: str = "en-GB") -> RenderedPdf:
    """Render the HTML of a report to a tagged PDF (PDF/UA-1)."""
    document = lay_out(html)
    return write_pages(document, document.pages, title=title, language=language)
