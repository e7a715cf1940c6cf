"""Every link a page offers works for the person it is offered to (issue 12, item 2).

Each demo role signs in and follows, breadth first, every link the pages show them
inside the partnership, the way a person clicking around would. A page may only offer
what the viewer's role may do, so no link may answer 403 or 404, and no page may fail.
Each form that posts is sent once, empty, and undone: none may be refused.
The public follows the links of the public pages, and none may ask them to sign in.
No page may offer a drop-down whose empty choice is Django's "---------", nor write
"e-mail" (our words follow GOV.UK style, which writes "email"), nor give two elements
one id (a label would then name the first box, and the second would have none).
The walk is bounded: each path is read once (a query string only the first time its
path is met), at most PER_PAGE_KIND paths of one URL pattern (three issues' pages tell
as much as forty), and at most WALK_LIMIT pages a role.
"""

from collections import deque
from datetime import date
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

from django.contrib.auth.models import User
from django.db import transaction
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
SKIP_PREFIXES = ("/accounts/sign-out/", "/static/", "/media/")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.posts: list[str] = []
        self.ids: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.append(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self.posts.append(attrs.get("action") or "")


def _links(page_url: str, html: str, want: str = "hrefs") -> list[str]:
    parser = _Links()
    parser.feed(html)
    found = []
    for href in getattr(parser, want):
        url, _ = urldefrag(urljoin(page_url, href))
        parts = urlsplit(url)
        if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
            continue
        if parts.path.startswith(SKIP_PREFIXES):
            continue
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def _repeated_ids(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return sorted({i for i in parser.ids if parser.ids.count(i) > 1})


def _kind(path: str) -> str:
    try:
        match = resolve(path)
    except Resolver404:
        return path
    return match.route


def _walk(client: Client, start: str, posts: dict | None = None) -> tuple[int, list[str]]:
    """Follow the links from start; with posts, also note each form that posts (its
    address, and the page that offers it), three of a kind."""
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
            if _to_sign_in(response):
                problems.append(f"{url} asks to sign in; offered on {offered_on}")
            continue
        if response.status_code != 200:
            problems.append(f"{url} answered {response.status_code}; offered on {offered_on}")
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        if ">---------<" in html:
            problems.append(f"{url} offers a drop-down whose empty choice reads ---------")
        if "e-mail" in html.lower():
            problems.append(f"{url} writes e-mail, not email")
        if twice := _repeated_ids(html):
            problems.append(f"{url} gives more than one element the id {', '.join(twice)}")
        for action in _links(url, html, "posts") if posts is not None else ():
            kind = "POST " + _kind(urlsplit(action).path)
            if action not in posts and sum(k == kind for k, _ in posts.values()) < PER_PAGE_KIND:
                posts[action] = (kind, url)
        for link in _links(url, html):
            path = urlsplit(link).path
            if path in seen_paths:
                continue
            seen_paths.add(path)
            kind = _kind(path)
            kinds[kind] = kinds.get(kind, 0) + 1
            if kinds[kind] <= PER_PAGE_KIND:
                queue.append((link, url))
    # Every page offered was read: the walk did not stop at its limit.
    assert not queue, f"the walk stopped at {WALK_LIMIT} pages with {len(queue)} unread"
    return visited, problems


def _to_sign_in(response) -> bool:
    return response.status_code in (301, 302) and (
        urlsplit(response["Location"]).path == reverse("accounts:login")
    )


def test_every_link_each_role_is_offered_answers(db, media):
    partnership = build_demo(date(2026, 11, 24))["partnership"]
    for role, email in ROLES.items():
        client = Client()
        client.force_login(
            User.objects.get(email=email), backend="django.contrib.auth.backends.ModelBackend"
        )
        posts: dict = {}
        visited, problems = _walk(client, f"/p/{partnership.slug}/", posts)
        assert problems == [], role
        # The walk really went somewhere: every role's pages link on to many others.
        assert visited > 50, role
        assert _refused_posts(client, posts) == [], role


def _refused_posts(client: Client, posts: dict) -> list[str]:
    """Send each offered form empty, and undo whatever it did: a form the viewer may not
    use answers 403 (or 404) before it looks at what was sent; one they may use answers
    with its errors, or does its work."""
    refused = []
    for action, (_kind_name, offered_on) in posts.items():
        with transaction.atomic():
            response = client.post(action, {})
            transaction.set_rollback(True)
        status = response.status_code
        if status in (403, 404, 405) or status >= 500 or _to_sign_in(response):
            refused.append(f"POST {action} answered {status}; offered on {offered_on}")
    return refused


def test_every_link_the_public_is_offered_answers(db, media):
    partnership = build_demo(date(2026, 11, 24))["partnership"]
    starts = [
        reverse("public_summary", kwargs={"slug": partnership.slug}),
        reverse("public_plan", kwargs={"slug": partnership.slug}),
        reverse("public_assessment", kwargs={"slug": partnership.slug}),
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
