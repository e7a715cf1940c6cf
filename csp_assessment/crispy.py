"""The one way forms get their crispy-forms helper: a submit button, and our own error
messages rather than the browser's (they are clearer and the same in every browser)."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit


def form_helper(submit_label: str, *, multipart: bool = False) -> FormHelper:
    helper = FormHelper()
    helper.attrs = {"novalidate": ""}
    if multipart:
        helper.form_enctype = "multipart/form-data"
    helper.add_input(Submit("submit", submit_label))
    return helper
