"""A report's versions (10 to a page) and a section's comments (25 to a page, oldest
first) page like every other list; a new or resolved comment brings its
writer back to the page that holds it."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reports.models import Comment, RenderRun
from reports.views import COMMENTS_PER_PAGE, VERSIONS_PER_PAGE

SLUG = "central-bedfordshire"
COMMENT = re.compile(r"Paged comment \d{3}")
VERSION = re.compile(r'<th scope="row">(\d+), ')


@pytest.fixture
def section(report):
    return report.sections.first()


def _comments(section, author, start: int, count: int) -> None:
    Comment.objects.bulk_create(
        Comment(section=section, author=author, text=f"Paged comment {i:03d}")
        for i in range(start, start + count)
    )


def _runs(report, start: int, count: int) -> None:
    RenderRun.objects.bulk_create(
        RenderRun(report=report, version=i, requested_at=timezone.now())
        for i in range(start, start + count)
    )


def _section_url(section) -> str:
    return section.get_absolute_url()


def _shown(response, pattern) -> set[str]:
    return set(pattern.findall(response.content.decode().split('<main id="main"')[1]))


def test_comments_page_oldest_first(client_as, cast, section, membership_of, partnership):
    _comments(section, membership_of(cast["board_member"], partnership), 1, COMMENTS_PER_PAGE + 4)
    client = client_as(cast["analyst"])
    first = client.get(_section_url(section))
    second = client.get(_section_url(section), {"page": 2})
    assert len(_shown(first, COMMENT)) == COMMENTS_PER_PAGE
    assert _shown(second, COMMENT) == {f"Paged comment {i:03d}" for i in range(26, 30)}
    assert "Page 2 of 2" in second.content.decode()
    for bad in ("abc", "0", "999"):
        assert client.get(_section_url(section), {"page": bad}).status_code == 200


def test_comment_queries_do_not_grow(client_as, cast, section, membership_of, partnership):
    author = membership_of(cast["board_member"], partnership)
    client = client_as(cast["analyst"])
    _comments(section, author, 1, COMMENTS_PER_PAGE)
    client.get(_section_url(section))
    with CaptureQueriesContext(connection) as one_page:
        client.get(_section_url(section))
    _comments(section, author, COMMENTS_PER_PAGE + 1, COMMENTS_PER_PAGE * 2)
    with CaptureQueriesContext(connection) as three_pages:
        assert "Page 1 of 3" in client.get(_section_url(section)).content.decode()
    assert len(three_pages) == len(one_page)


def test_a_new_comment_brings_its_writer_to_its_page(
    client_as, cast, report, section, membership_of, partnership
):
    _comments(section, membership_of(cast["board_member"], partnership), 1, COMMENTS_PER_PAGE)
    url = reverse(
        "reports:comment", kwargs={"slug": SLUG, "report_id": report.pk, "key": section.key}
    )
    response = client_as(cast["board_member"]).post(url, {"text": "The last word."})
    comment = Comment.objects.get(text="The last word.")
    assert response.status_code == 302
    assert response.url == f"{_section_url(section)}?page=2#comment-{comment.pk}"
    page = client_as(cast["board_member"]).get(response.url).content.decode()
    assert "The last word." in page and f'id="comment-{comment.pk}"' in page


def test_versions_page(client_as, cast, report):
    _runs(report, 1, VERSIONS_PER_PAGE + 2)
    client = client_as(cast["analyst"])
    url = report.get_absolute_url()
    first = client.get(url).content.decode()
    second = client.get(url, {"page": 2}).content.decode()
    assert "Page 1 of 2" in first and "Page 2 of 2" in second
    shown, rest = VERSION.findall(first), VERSION.findall(second)
    # Newest first: page one holds the latest versions, page two the first two.
    newest = VERSIONS_PER_PAGE + 2
    assert shown == [str(v) for v in range(newest, 2, -1)]
    assert rest == ["2", "1"]
