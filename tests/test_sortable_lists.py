"""Every sortable column of every list of records sorts, both ways, on the demo's data:
no column's sort reaches a field the database or the rows do not have, and no mix of
empty and filled values stops a list sorted in memory. The link walk reads each path
once, so it never follows a heading's sort link."""

import re
from datetime import date

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from analysis.models import Dataset
from demo.builder import build_demo

SORT_LINK = re.compile(r'<th [^>]*scope="col"[^>]*><a href="\?([^"]*sort=[^"]*)">')


def _client(email: str) -> Client:
    client = Client()
    client.force_login(
        User.objects.get(email=email), backend="django.contrib.auth.backends.ModelBackend"
    )
    return client


def _reversed(query: str) -> str:
    def flip(match):
        key, value = match.group(1), match.group(2)
        return f"{key}={value[1:] if value.startswith('-') else '-' + value}"

    return re.sub(r"((?:[\w-]+-)?sort)=([^&]+)", flip, query)


@pytest.fixture
def demo(db, media):
    return build_demo(date(2026, 11, 24))


def _lists(demo) -> list[tuple[str, str]]:
    slug = demo["partnership"].slug
    year = demo["cycle"].years.get(number=1)
    dataset = Dataset.objects.filter(partnership=demo["partnership"]).first()

    def url(name, **kwargs):
        return reverse(name, kwargs={"slug": slug, **kwargs})

    analyst = "analyst@example.org"
    return [
        (analyst, url("cycles:list")),
        (analyst, url("cycles:themes")),
        (analyst, url("cycles:issue_list", year_id=year.pk)),
        (analyst, url("consultation:surveys")),
        (analyst, url("consultation:rationales")),
        (analyst, url("consultation:emerging")),
        (analyst, url("analysis:index")),
        (analyst, url("analysis:months", dataset_id=dataset.pk)),
        (analyst, url("analysis:sources")),
        (analyst, url("scoring:matrices")),
        (analyst, url("scoring:rounds")),
        (analyst, url("priorities:groups")),
        (analyst, url("priorities:objectives")),
        (analyst, url("priorities:checklists")),
        (analyst, url("priorities:watchlist", year_id=year.pk)),
        (analyst, url("plans:index")),
        (analyst, url("reports:index")),
        (
            "board@example.org",
            reverse("priorities:escalations", kwargs={"slug": "safer-bedfordshire"}),
        ),
    ]


def test_every_sortable_column_sorts_both_ways(demo):
    problems, sorted_pages = [], 0
    for email, url in _lists(demo):
        client = _client(email)
        page = client.get(url)
        assert page.status_code == 200, url
        queries = SORT_LINK.findall(page.content.decode())
        assert queries, f"{url} offers no column to sort by"
        for query in queries:
            for asked in (query, _reversed(query)):
                response = client.get(f"{url}?{asked.replace('&amp;', '&')}")
                sorted_pages += 1
                if response.status_code != 200 or "<tbody" not in response.content.decode():
                    problems.append(f"{url}?{asked} answered {response.status_code}")
    assert problems == []
    assert sorted_pages > 100
