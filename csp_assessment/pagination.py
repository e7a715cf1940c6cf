"""Paging through long lists: one way to read ``?page=``, one page size unless a list
says otherwise, and the links ``templates/pagination.html`` draws.

Every list that grows with a partnership's records (issues, uploads, meetings, history
and so on) goes through ``paginate``; exports do not, they carry every row. A page
number that is not a number, or is out of range, shows the nearest page that exists,
never an error: people edit addresses and follow old links after rows were deleted.
"""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.http import HttpRequest
from django_tables2 import RequestConfig

PER_PAGE = 25
PAGE_PARAM = "page"


@dataclass(frozen=True)
class PageLink:
    """One entry of the page list: a number with its address, or a gap (no address)."""

    label: str
    href: str = ""
    current: bool = False


def page_number(raw: str | None, num_pages: int) -> int:
    """The page asked for, moved to the nearest page that exists (1 when not a number)."""
    try:
        number = int(raw or "")
    except ValueError:
        return 1
    return min(max(number, 1), num_pages)


def _href(request: HttpRequest, number: int) -> str:
    # The other parameters (filters, sort) stay, so paging never loses them.
    query = request.GET.copy()
    query[PAGE_PARAM] = str(number)
    return "?" + query.urlencode()


def paginate(request: HttpRequest, items, per_page: int = PER_PAGE) -> Page:
    """The page of ``items`` the request asks for, with ``previous_href``, ``next_href``
    and ``links`` set for ``templates/pagination.html``.

    ``items`` may be a queryset (two queries: a count and the page's rows) or a list.
    """
    paginator = Paginator(items, per_page)
    page = paginator.page(page_number(request.GET.get(PAGE_PARAM), paginator.num_pages))
    page.previous_href = _href(request, page.number - 1) if page.has_previous() else ""
    page.next_href = _href(request, page.number + 1) if page.has_next() else ""
    page.links = [
        PageLink(str(n))
        if n == Paginator.ELLIPSIS
        else PageLink(str(n), _href(request, n), current=n == page.number)
        for n in paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    ]
    return page


def sort_table(request: HttpRequest, table):
    """Sort a django-tables2 table as the request's sort parameter (the table's own,
    with its prefix) asks, leaving paging to ``paginate_table``."""
    RequestConfig(request, paginate=False).configure(table)
    return table


def paginate_table(request: HttpRequest, table, per_page: int = PER_PAGE):
    """Sort a django-tables2 table, then page it the same way as every other list, so its
    rows and its links follow the same rules."""
    sort_table(request, table)
    # Set before counting: tables2 counts a queryset's rows with COUNT only when the
    # table has a paginator, and otherwise fetches every row to measure it.
    table.paginator = None
    table.page = paginate(request, table.rows, per_page)
    table.paginator = table.page.paginator
    return table
