"""One check for every list table: the queries its page takes do not grow with its rows,
and sorting by any column, related ones included, takes no more queries than not sorting.

Each list's tests (tests/<app>/test_list_tables.py and the like) call
``assert_queries_stay_flat`` with a signed-in client, the page and a maker that adds
rows with every related field the columns read filled in (owner, partnership, issue,
year ...)."""

import re
from collections.abc import Callable

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

SORT_LINK = re.compile(r'<th [^>]*scope="col"[^>]*><a href="\?([^"]*sort=[^"]*)">')
BODY_ROW = re.compile(r"<tr ")  # the heading row is a bare <tr>


def _main(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode().split('<main id="main"', 1)[1]


def _read(client: Client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        text = _main(client.get(url))
    return len(queries), text


def _sql(client: Client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return [query["sql"] for query in queries.captured_queries]


def assert_queries_stay_flat(
    client: Client,
    url: str,
    add_rows: Callable[[int, int], None],
    *,
    few: int = 2,
    more: int = 4,
    tables: int = 1,
    sortable: bool = True,
) -> None:
    """``add_rows(start, count)`` adds ``count`` rows to the list at ``url``, numbered from
    ``start`` (a row to each of the page's ``tables``). The page with ``few`` rows and
    with ``few + more`` takes as many queries, and so does every sort its column headings
    offer, each way (unless the page's tables do not sort: ``sortable=False``)."""
    add_rows(1, few)
    client.get(url)  # the session and any first-visit work, out of the count
    small, small_text = _read(client, url)
    add_rows(few + 1, more)
    large, large_text = _read(client, url)
    assert len(BODY_ROW.findall(large_text)) - len(BODY_ROW.findall(small_text)) == more * tables, (
        "the rows added do not show on the page"
    )
    assert large == small, _sql(client, url)
    if not sortable:
        return
    sorts = SORT_LINK.findall(large_text)
    assert sorts, f"{url} offers no column to sort by"
    for query in sorts:
        for asked in (query, _reversed(query)):
            sorted_url = f"{url}?{asked.replace('&amp;', '&')}"
            count, text = _read(client, sorted_url)
            assert "aria-sort=" in text, f"{asked} did not sort the list"
            assert count == large, (asked, _sql(client, sorted_url))


def _reversed(query: str) -> str:
    def flip(match):
        key, value = match.group(1), match.group(2)
        return f"{key}={value[1:] if value.startswith('-') else '-' + value}"

    return re.sub(r"((?:[\w-]+-)?sort)=([^&]+)", flip, query)
