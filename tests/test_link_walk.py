"""Every link a page offers works for the person it is offered to (issue 12, item 2).

Each demo role signs in and follows, breadth first, every link the pages show them
inside the partnership, the way a person clicking around would. A page may only offer
what the viewer's role may do, so no link may answer 403 or 404, and no page may fail.
The public follows the links of the public pages, and none may ask them to sign in.
The walk is bounded: each path is read once (a query string only the first time its
path is met), at most PER_PAGE_KIND paths of one URL pattern (three issues' pages tell
as much as forty), and at most WALK_LIMIT pages a role.
"""

from collections import deque
from datetime import date
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

from django.contrib.auth.models import User
from django.test import Client
from django.urls import Resolver404, resolve, reverse

from consultation.models import Survey
from demo.builder import build_demo

WALK_LIMIT = 1500
PER_PAGE_KIND = 3
ROLES = {
    "admin": "admin@example.org",
    "analyst": "analyst@example.org",
    "theme_specialist": "specialist@example.org",
    "board_member": "board@example.org",
}
# Links that leave the walk on purpose: signing out ends it, and the site's own
# static files are not pages.
SKIP_PREFIXES = ("/accounts/logout", "/static/", "/media/")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def _links(page_url: str, html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    found = []
    for href in parser.hrefs:
        url, _ = urldefrag(urljoin(page_url, href))
        parts = urlsplit(url)
        if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
            continue
        if parts.path.startswith(SKIP_PREFIXES):
            continue
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def _kind(path: str) -> str:
    try:
        match = resolve(path)
    except Resolver404:
        return path
    return match.route


def _walk(client: Client, start: str) -> tuple[int, list[str]]:
    seen_paths = {urlsplit(start).path}
    kinds: dict[str, int] = {}
    queue = deque([(start, "(start)")])
    problems, visited = [], 0
    while queue and visited < WALK_LIMIT:
        url, offered_on = queue.popleft()
        response = client.get(url)
        visited += 1
        if response.status_code in (301, 302):
            # A link that only sends its reader to sign in is offered to the wrong person.
            if urlsplit(response["Location"]).path == reverse("accounts:login"):
                problems.append(f"{url} asks to sign in; offered on {offered_on}")
            continue
        if response.status_code != 200:
            problems.append(f"{url} answered {response.status_code}; offered on {offered_on}")
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        for link in _links(url, response.content.decode()):
            path = urlsplit(link).path
            if path in seen_paths:
                continue
            seen_paths.add(path)
            kind = _kind(path)
            kinds[kind] = kinds.get(kind, 0) + 1
            if kinds[kind] <= PER_PAGE_KIND:
                queue.append((link, url))
    return visited, problems


def test_every_link_each_role_is_offered_answers(db):
    partnership = build_demo(date(2026, 11, 24))["partnership"]
    for role, email in ROLES.items():
        client = Client()
        client.force_login(
            User.objects.get(email=email), backend="django.contrib.auth.backends.ModelBackend"
        )
        visited, problems = _walk(client, f"/p/{partnership.slug}/")
        assert problems == [], role
        # The walk really went somewhere: every role's pages link on to many others.
        assert visited > 50, role


def test_every_link_the_public_is_offered_answers(db):
    partnership = build_demo(date(2026, 11, 24))["partnership"]
    starts = [
        reverse("public_summary", kwargs={"slug": partnership.slug}),
        reverse("public_plan", kwargs={"slug": partnership.slug}),
        reverse("privacy"),
        reverse("accessibility"),
    ]
    surveys = Survey.objects.filter(year__cycle__partnership=partnership)
    starts += [
        reverse("consultation_public:survey", kwargs={"key": s.public_key})
        for s in surveys.filter(audience=Survey.Audience.PUBLIC, status=Survey.Status.PUBLISHED)
    ]
    starts += [
        reverse("public_you_said", kwargs={"slug": partnership.slug, "key": s.public_key})
        for s in surveys.filter(you_said_we_did__status="published")
    ]
    problems, visited = [], 0
    for start in starts:
        seen, found = _walk(Client(), start)
        visited += seen
        problems += found
    assert problems == []
    assert visited >= len(starts) > 4
