"""A report's PDF laid out section by section, with the laid-out pages kept between
renders, so a render of a report whose sections have not changed costs only the
writing of the PDF, and a changed section costs its own layout.

The report's HTML is made of parts: the head (styles, running headers and footers),
the front (title page and contents) and one part per section, each starting on a new
page. Joined, the parts are exactly the HTML `services.build_html` gives. A section's
page count does not depend on its page numbers (they print in the page margin), so a
section laid out on its own, told the page it starts on and the report's page total,
gives the same pages as the whole report laid out at once. The front is laid out with
the contents' page numbers written in. WeasyPrint joins the pages and resolves the
links, bookmarks and tags over all of them.

What is kept: laid-out pages, in this process's memory (a worker's), keyed by the
partnership, a hash of the part's full HTML and the head's HTML, the fonts' files and
WeasyPrint's version, and the page numbers the part was laid out with. Nothing is
shared between partnerships, and any change in data, template, styles or fonts
changes the key. Bounded by LAYOUT_CACHE_PAGES; the least recently used go first.

When a part is new, or a section's page count changed (so the numbers of every later
page change), the whole report is laid out at once, as before, and its pages are kept
part by part for the next render."""

import hashlib
import os
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from . import renderer

HEAD = "reports/pdf/_head.html"
FRONT = "reports/pdf/_front.html"
SECTION = "reports/pdf/_section.html"
TAIL = "</body>\n</html>\n"
WHOLE = "whole report"
FRONT_PART = "front"
LAID_OUT_KEPT = 100  # how many of the latest layouts LayoutCache.laid_out names


def cache_pages() -> int:
    return getattr(settings, "REPORT_LAYOUT_CACHE_PAGES", 200)


@dataclass(frozen=True)
class Parts:
    """A report's HTML in parts, and the template context that made them."""

    owner: int  # the partnership's id: a key never matches another partnership's part
    context: dict
    head: str
    front: str
    sections: tuple[str, ...]
    section_ids: tuple[str, ...]

    @property
    def html(self) -> str:
        return self.head + self.front + "".join(self.sections) + TAIL


def report_parts(context: dict, *, owner: int) -> Parts:
    return Parts(
        owner=owner,
        context=context,
        head=render_to_string(HEAD, context),
        front=render_to_string(FRONT, context),
        sections=tuple(
            render_to_string(SECTION, {**context, "section": s}) for s in context["sections"]
        ),
        section_ids=tuple(s["id"] for s in context["sections"]),
    )


@dataclass
class _Laid:
    document: object  # kept alive with its pages: their fonts belong to it
    pages: list


@dataclass
class LayoutCache:
    """Laid-out parts, least recently used first, at most `cache_pages()` pages."""

    entries: OrderedDict = field(default_factory=OrderedDict)
    page_counts: OrderedDict = field(default_factory=OrderedDict)
    laid_out: list = field(default_factory=list)  # what was laid out, for tests and figures
    lock: threading.Lock = field(default_factory=threading.Lock)

    def get(self, key) -> _Laid | None:
        with self.lock:
            found = self.entries.get(key)
            if found is not None:
                self.entries.move_to_end(key)
            return found

    def put(self, key, laid: _Laid) -> None:
        with self.lock:
            self.entries[key] = laid
            self.entries.move_to_end(key)
            limit = cache_pages()
            while self.entries and sum(len(e.pages) for e in self.entries.values()) > limit:
                self.entries.popitem(last=False)

    def count(self, key) -> int | None:
        with self.lock:
            return self.page_counts.get(key)

    def remember_count(self, key, pages: int) -> None:
        with self.lock:
            self.page_counts[key] = pages
            self.page_counts.move_to_end(key)
            while len(self.page_counts) > 20 * cache_pages():
                self.page_counts.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
            self.page_counts.clear()
            self.laid_out.clear()


LAYOUTS = LayoutCache()

_FONT_URL = re.compile(r'url\("([^"]+)"\)')


def assets_fingerprint(head: str) -> str:
    """The fonts (and any other file) the head's styles load: their paths, sizes and
    modification times, and WeasyPrint's version. A changed font file is a new key."""
    import weasyprint

    marks = [weasyprint.__version__]
    for relative in sorted(set(_FONT_URL.findall(head))):
        found = finders.find(relative)
        if found:
            stat = os.stat(found)
            marks.append(f"{relative}:{stat.st_size}:{stat.st_mtime_ns}")
        else:
            marks.append(f"{relative}:missing")
    return "|".join(marks)


def _digest(*texts: str) -> str:
    hashed = hashlib.sha256()
    for text in texts:
        encoded = text.encode()
        hashed.update(len(encoded).to_bytes(8, "big"))  # lengths first: no two splits collide
        hashed.update(encoded)
    return hashed.hexdigest()


@dataclass(frozen=True)
class Numbering:
    total: int
    first_page: int  # 0 for the front: the report's own first page, without headers


def _numbers(front_pages: int, counts: list[int]) -> tuple[list[int], int]:
    starts, page = [], front_pages + 1
    for pages in counts:
        starts.append(page)
        page += pages
    return starts, page - 1


def _front_html(parts: Parts, starts: list[int], total: int) -> str:
    numbering = Numbering(total=total, first_page=0)
    sections = [
        {**s, "page": start} for s, start in zip(parts.context["sections"], starts, strict=True)
    ]
    context = {**parts.context, "numbering": numbering, "sections": sections}
    return render_to_string(HEAD, context) + render_to_string(FRONT, context) + TAIL


def _section_html(parts: Parts, index: int, start: int, total: int) -> str:
    context = {**parts.context, "numbering": Numbering(total=total, first_page=start)}
    return render_to_string(HEAD, context) + parts.sections[index] + TAIL


def _hint(parts: Parts, head_key: str, part: str) -> tuple:
    """The key of a part's page count when last laid out with this head, whatever its
    content: the guess for a changed part, checked when it is laid out."""
    return ("hint", parts.owner, head_key, part)


def render_report(parts: Parts, *, title: str, language: str = "en-GB") -> renderer.RenderedPdf:
    """The report's PDF, the same document `renderer.render_pdf(parts.html)` gives,
    reusing every part laid out before with the same HTML and page numbers."""
    fingerprint = assets_fingerprint(parts.head)
    base = (str(parts.owner), fingerprint, parts.head)
    head_key = _digest(*base)
    front_key = _digest(*base, parts.front)
    section_keys = [_digest(*base, section) for section in parts.sections]
    front_pages = LAYOUTS.count(front_key) or LAYOUTS.count(_hint(parts, head_key, FRONT_PART))
    counts = [LAYOUTS.count(key) for key in section_keys]
    hints = [LAYOUTS.count(_hint(parts, head_key, sid)) for sid in parts.section_ids]
    guessed = [c if c is not None else h for c, h in zip(counts, hints, strict=True)]
    if front_pages is None or None in guessed:
        return _whole(parts, base, title=title, language=language)
    starts, total = _numbers(front_pages, guessed)
    pages = []
    key = (front_key, tuple(starts), total)
    laid = LAYOUTS.get(key)
    if laid is None:
        laid = _lay_out(_front_html(parts, starts, total), FRONT_PART)
        LAYOUTS.remember_count(front_key, len(laid.pages))
        LAYOUTS.remember_count(_hint(parts, head_key, FRONT_PART), len(laid.pages))
        if len(laid.pages) != front_pages:
            return _whole(parts, base, title=title, language=language)
        LAYOUTS.put(key, laid)
    first = laid.document
    pages.extend(laid.pages)
    for index, (section_key, start) in enumerate(zip(section_keys, starts, strict=True)):
        key = (section_key, start, total)
        laid = LAYOUTS.get(key)
        if laid is None:
            laid = _lay_out(_section_html(parts, index, start, total), parts.section_ids[index])
            LAYOUTS.remember_count(section_key, len(laid.pages))
            LAYOUTS.remember_count(
                _hint(parts, head_key, parts.section_ids[index]), len(laid.pages)
            )
            if len(laid.pages) != guessed[index]:
                # Its page count changed, so every later page number did too.
                return _whole(parts, base, title=title, language=language)
            LAYOUTS.put(key, laid)
        pages.extend(laid.pages)
    return renderer.write_pages(first, pages, title=title, language=language)


def _lay_out(html: str, what: str) -> _Laid:
    document = renderer.lay_out(html)
    LAYOUTS.laid_out.append(what)
    del LAYOUTS.laid_out[:-LAID_OUT_KEPT]  # a worker lives for days: keep only the last few
    return _Laid(document=document, pages=list(document.pages))


def _whole(parts: Parts, base: tuple, *, title: str, language: str) -> renderer.RenderedPdf:
    """Lay the whole report out at once, write it, and keep its pages part by part."""
    laid = _lay_out(parts.html, WHOLE)
    pdf = renderer.write_pages(laid.document, laid.pages, title=title, language=language)
    starts = []
    for section_id in parts.section_ids:
        found = next((n for n, page in enumerate(laid.pages) if section_id in page.anchors), None)
        starts.append(found)
    if None in starts or starts != sorted(starts):
        return pdf  # sections we cannot tell apart: nothing kept, the PDF is still right
    ends = starts[1:] + [len(laid.pages)]
    total = len(laid.pages)
    numbers = [s + 1 for s in starts]
    head_key = _digest(*base)
    front_key = _digest(*base, parts.front)
    LAYOUTS.remember_count(front_key, starts[0] if starts else total)
    LAYOUTS.remember_count(_hint(parts, head_key, FRONT_PART), starts[0] if starts else total)
    LAYOUTS.put(
        (front_key, tuple(numbers), total),
        _Laid(laid.document, laid.pages[: starts[0] if starts else total]),
    )
    for index, (start, end) in enumerate(zip(starts, ends, strict=True)):
        key = _digest(*base, parts.sections[index])
        LAYOUTS.remember_count(key, end - start)
        LAYOUTS.remember_count(_hint(parts, head_key, parts.section_ids[index]), end - start)
        LAYOUTS.put((key, start + 1, total), _Laid(laid.document, laid.pages[start:end]))
    return pdf
