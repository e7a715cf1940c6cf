"""Form fields the apps' forms share: a box for a few lines of text."""

from django import forms


def long_text(
    label: str | None = None, help_text: str = "", *, rows: int = 3, required: bool = False
) -> forms.CharField:
    """A text box of `rows` lines, optional unless `required`."""
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
    )
