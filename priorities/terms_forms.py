"""Forms for the terms of reference: the draft, and the board's decision on it. They
validate; services/terms.py saves."""

from django import forms

from csp_assessment.crispy import form_helper
from csp_assessment.edits import SeenField

from . import terms_rules
from .forms import AgendaItemField, BoardDecisionForm

TEXTAREA = {"rows": 4}


class TermsForm(forms.Form):
    seen = SeenField()
    purpose = forms.CharField(
        widget=forms.Textarea(attrs=TEXTAREA),
        required=False,
        help_text="What the assessment is for and who it is for.",
    )
    scope = forms.CharField(
        widget=forms.Textarea(attrs=TEXTAREA),
        required=False,
        help_text="The area, the period and the subjects it covers, and what it leaves out.",
    )
    roles = forms.CharField(
        label="Who does what",
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text="One row a line: role | person or agency | what they do. "
        "For example: Lead analyst | Sam Taylor, council | Writes the assessment.",
    )
    data = forms.CharField(
        label="Data and who supplies it",
        widget=forms.Textarea(attrs=TEXTAREA),
        required=False,
        help_text="Each data set, the partner who supplies it and when.",
    )
    timetable_note = forms.CharField(
        label="Timetable note",
        widget=forms.Textarea(attrs=TEXTAREA),
        required=False,
        help_text="The timetable itself comes from the cycle's stages and activities. "
        "Add anything the board should know about it.",
    )
    sign_off = forms.CharField(
        label="Sign-off",
        widget=forms.Textarea(attrs=TEXTAREA),
        required=False,
        help_text="Who signs the assessment off, and how.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper("Save draft")

    def clean_roles(self):
        try:
            return terms_rules.parse_roles(self.cleaned_data["roles"])
        except terms_rules.RowsError as error:
            raise forms.ValidationError(str(error)) from error


class TermsDecisionForm(BoardDecisionForm):
    item = AgendaItemField(help_text="Only meetings that have taken place are listed.")
