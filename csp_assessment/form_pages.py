"""One way to run a form page: validate the form, call the service, show the service's
objections on the form, then say what happened and move on.

Views check access first, then hand this the form and the service call:

    return form_page(
        request, form,
        save=partial(services.add_kpi, priority=priority),
        message=lambda kpi: f"KPI added: {kpi.name}.",
        then=priority,
        heading=f"Add a KPI to {priority.title}",
        crumbs=[("Priorities", index_url), (priority.title, priority.get_absolute_url())],
    )

`save` is called with the form's cleaned data as keyword arguments. A ValidationError
it raises lands on the form, field by field where the service named a field.
"""

from collections.abc import Callable, Sequence
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from . import uploads

FORM_TEMPLATE = "form_page.html"


class _NotSaved:
    """The answer when nothing was saved. Falsy, so `if result:` reads naturally."""

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "NOT_SAVED"


NOT_SAVED = _NotSaved()


def add_service_errors(form: Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form it came from."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def submitted(request: HttpRequest, form: Form, save: Callable[..., Any]) -> Any:
    """The service's result if the form was posted, valid, and the service accepted
    it; otherwise NOT_SAVED, with any objection on the form."""
    if request.method != "POST" or uploads.refused(request, form) or not form.is_valid():
        return NOT_SAVED
    try:
        return save(**form.cleaned_data)
    except ValidationError as error:
        add_service_errors(form, error)
        return NOT_SAVED


def render_page(request: HttpRequest, template: str, **context) -> HttpResponse:
    """Render a partnership page: every partnership template reads `partnership`."""
    membership = getattr(request, "membership", None)
    if membership is not None:
        context.setdefault("partnership", membership.partnership)
    return render(request, template, context)


def saved_page(result: Any) -> Any:
    """`then` for a page that goes on to the page of the record it saved."""
    return result


def _resolve(value, result):
    return value(result) if callable(value) and not hasattr(value, "get_absolute_url") else value


def form_page(
    request: HttpRequest,
    form: Form,
    *,
    save: Callable[..., Any],
    message: str | Callable[[Any], str],
    then: Any,
    heading: str,
    crumbs: Sequence[tuple[str, str]] = (),
    intro: str = "",
    template: str = FORM_TEMPLATE,
    **context,
) -> HttpResponse:
    """Show the form; on a good post, save, flash `message` and redirect to `then`.

    `message` and `then` may be callables of the saved result. `then` is anything
    `redirect` takes: a URL, a model with get_absolute_url, or a view name; `saved_page`
    goes on to the saved record's own page.
    """
    result = submitted(request, form, save)
    if result is not NOT_SAVED:
        messages.success(request, _resolve(message, result))
        return redirect(_resolve(then, result))
    return render_page(
        request, template, form=form, heading=heading, crumbs=crumbs, intro=intro, **context
    )


def confirmed(request: HttpRequest) -> bool:
    """A confirmation page came back with its yes: posted, with `confirm=yes`."""
    return request.method == "POST" and request.POST.get("confirm") == "yes"


def press(request: HttpRequest, change: Callable[[], Any], done: Any = None) -> Any:
    """A one-button change (publish, close, carry over, resend): run the service, then
    say what it did (`done`, text or a function of the result) or why it was refused.
    Returns the result, or NOT_SAVED after a refusal."""
    try:
        result = change()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return NOT_SAVED
    if done:
        messages.success(request, done(result) if callable(done) else done)
    return result
