"""One-button changes (carry over, publish, draft, withdraw): run the service, then
say what it did or why it was refused."""

from collections.abc import Callable
from typing import TypeVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest

T = TypeVar("T")


def press(
    request: HttpRequest, change: Callable[[], T], done: str | Callable[[T], str] | None = None
) -> T | None:
    """The change's result, with `done` (text, or a function of the result) said; or
    None, with the service's objection said."""
    try:
        result = change()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return None
    if done:
        messages.success(request, done(result) if callable(done) else done)
    return result
