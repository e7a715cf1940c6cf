"""The one way forms get their crispy-forms helper: a submit button, and our own error
messages rather than the browser's (they are clearer and the same in every browser)
or Django's (field_messages words them). A drop-down's empty choice is worded too,
never Django's "---------"."""

from datetime import date

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models.fields import BLANK_CHOICE_DASH
from django.utils.functional import lazy
from django.utils.text import format_lazy, slugify

from . import dates
from .field_messages import PlainMessages

DASH = BLANK_CHOICE_DASH[0][1]
# What a drop-down's empty choice says, where the form does not word it itself.
CHOOSE = "Choose one"  # a choice must be made
NONE = "None"  # leaving it empty is an answer


def form_helper(submit_label: str, *, button_id: str, multipart: bool = False) -> FormHelper:
    helper = FormHelper()
    helper.attrs = {"novalidate": ""}
    if multipart:
        helper.form_enctype = "multipart/form-data"
    helper.add_input(Submit("submit", submit_label, css_id=button_id))
    return helper


class CrispyForm(PlainMessages):
    """Put before `forms.Form` or `forms.ModelForm`: the form gets the helper, its button
    labelled `submit_label` (a class attribute, or a keyword for a page that words it
    differently); `multipart` for a form that takes files. Its fields' messages are
    plain words (PlainMessages)."""

    submit_label = "Save"
    multipart = False

    def __init__(self, *args, submit_label: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # The button's id is the form's own: a page with two forms (a report's comment
        # and its settings, say) would otherwise give both buttons one id. Two forms of
        # one kind on a page tell themselves apart with a prefix.
        self.helper = form_helper(
            submit_label or self.submit_label,
            button_id=f"submit-{self.prefix or slugify(type(self).__name__)}",
            multipart=self.multipart,
        )
        word_empty_choices(self.fields.values())
        bound_dates(self.fields.values())


# Partnerships began under the Crime and Disorder Act 1998; a date before then, or
# this far ahead, is a slip of the keyboard (year 1 for 2001, 9999 for 2026).
FIRST_DAY = date(1998, 1, 1)
LAST_DAY = date(2099, 12, 31)
# Written out from the two dates when a form first shows it (the date formats are not
# read until then): "Enter a date from 1 January 1998 to 31 December 2099."
_day = lazy(dates.day, str)
OUT_OF_RANGE = format_lazy("Enter a date from {} to {}.", _day(FIRST_DAY), _day(LAST_DAY))


def bound_dates(fields) -> None:
    """Hold every date field between FIRST_DAY and LAST_DAY. The fields are the form's
    own copies, so the validators are added once a form."""
    for field in fields:
        if isinstance(field, forms.DateField):
            field.validators += [
                MinValueValidator(FIRST_DAY, OUT_OF_RANGE),
                MaxValueValidator(LAST_DAY, OUT_OF_RANGE),
            ]


def word_empty_choices(fields) -> None:
    """Give each drop-down's empty choice words: "Choose one" where the field is
    required, "None" where empty is an answer. A label the form chose is kept."""
    for field in fields:
        words = CHOOSE if field.required else NONE
        if isinstance(field, forms.ModelChoiceField):
            if field.empty_label == DASH:
                field.empty_label = words  # the choices are read from it when drawn
        elif isinstance(field, forms.ChoiceField):
            if any(value == "" and label == DASH for value, label in field.choices):
                field.choices = [
                    (value, words if value == "" and label == DASH else label)
                    for value, label in field.choices
                ]
