"""The one way forms get their crispy-forms helper: a submit button, and our own error
messages rather than the browser's (they are clearer and the same in every browser).
A drop-down's empty choice is worded too, never Django's "---------"."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.db.models.fields import BLANK_CHOICE_DASH

DASH = BLANK_CHOICE_DASH[0][1]
# What a drop-down's empty choice says, where the form does not word it itself.
CHOOSE = "Choose one"  # a choice must be made
NONE = "None"  # leaving it empty is an answer


def form_helper(submit_label: str, *, multipart: bool = False) -> FormHelper:
    helper = FormHelper()
    helper.attrs = {"novalidate": ""}
    if multipart:
        helper.form_enctype = "multipart/form-data"
    helper.add_input(Submit("submit", submit_label))
    return helper


class CrispyForm:
    """Put before `forms.Form` or `forms.ModelForm`: the form gets the helper, its button
    labelled `submit_label` (a class attribute, or a keyword for a page that words it
    differently); `multipart` for a form that takes files."""

    submit_label = "Save"
    multipart = False

    def __init__(self, *args, submit_label: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(submit_label or self.submit_label, multipart=self.multipart)
        word_empty_choices(self.fields.values())


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
