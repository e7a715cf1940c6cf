"""Links to many records of one kind on one page, without a `reverse` for each.

A page that lists 40 issues with two links each would reverse 80 URLs, about a
twentieth of a millisecond apiece. `for_each` reverses the pattern once, with a
marker where the record's id goes, and then only puts each id in its place. The
result is the same string `reverse` gives: the tests compare the two."""

from collections.abc import Callable

from django.urls import reverse

# An id no table reaches in practice; digits, so an <int:...> converter accepts it.
MARKER = 918273645546372819


def for_each(name: str, key: str, **kwargs) -> Callable[[int], str]:
    """A function from a record's id to reverse(name, kwargs={**kwargs, key: id})."""
    head, found, tail = reverse(name, kwargs={**kwargs, key: MARKER}).rpartition(str(MARKER))
    if not found:
        raise ValueError(f"{name} does not put {key} in its path")
    return lambda pk: f"{head}{int(pk)}{tail}"
