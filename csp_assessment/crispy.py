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


class CrispyForm:
    """Put before `forms.Form` or `forms.ModelForm`: the form gets the helper, its button
    labelled `submit_label` (a class attribute, or a keyword for a page that words it
    differently); `multipart` for a form that takes files."""

    submit_label = "Save"
    multipart = False

    def __init__(self, *args, submit_label: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(submit_label or self.submit_label, multipart=self.multipart)
