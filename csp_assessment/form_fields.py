"""Form fields the apps' forms share: a box for a few lines of text, a box of rows read
one a line, and the check that a pair of dates runs forwards."""

from collections.abc import Callable

from django import forms

# A few lines, or a few pages at the most: about 1,500 words. Longer belongs in a
# report section or an attached document.
LONG_TEXT_LIMIT = 10_000


def long_text(
    label: str | None = None,
    help_text: str = "",
    *,
    rows: int = 3,
    required: bool = False,
    max_length: int = LONG_TEXT_LIMIT,
) -> forms.CharField:
    """A text box of `rows` lines, optional unless `required`, of at most `max_length`
    characters (the box stops typing there; for a pasted or posted longer text the
    form says so, in field_messages' words: "Keep this to 10,000 characters or fewer.
    It has 10,001.")."""
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class RowsField(forms.CharField):
    """An optional box of rows typed one a line, cleaned into what `parse` makes of the
    text. A line `parse` cannot read (it raises ValueError, saying which) is the field's
    error."""

    def __init__(self, label: str, help_text: str, *, parse: Callable[[str], list], rows: int = 6):
        super().__init__(
            label=label,
            help_text=help_text,
            required=False,
            widget=forms.Textarea(attrs={"rows": rows}),
        )
        self.parse = parse

    def clean(self, value) -> list:
        text = super().clean(value)
        try:
            return self.parse(text)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error


def check_dates_in_order(form: forms.Form, first: str, last: str, message: str) -> None:
    """Put `message` on the `last` date field when both dates are given and it falls
    before the `first`. For a form's `clean`, after the fields are cleaned."""
    first_date, last_date = form.cleaned_data.get(first), form.cleaned_data.get(last)
    if first_date and last_date and last_date < first_date:
        form.add_error(last, message)
