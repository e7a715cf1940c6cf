"""Forms for the terms of reference: the draft, and the board's decision on it. They
validate; services/terms.py saves."""

from django import forms

from csp_assessment.crispy import form_helper
from csp_assessment.edits import SeenField
from csp_assessment.form_fields import long_text

from . import terms_rules
from .forms import AgendaItemField, BoardDecisionForm


class TermsForm(forms.Form):
    seen = SeenField()
    purpose = long_text(help_text="What the assessment is for and who it is for.", rows=4)
    scope = long_text(
        help_text="The area, the period and the subjects it covers, and what it leaves out.", rows=4
    )
    roles = long_text(
        "Who does what",
        "One row a line: role | person or agency | what they do. "
        "For example: Lead analyst | Sam Taylor, council | Writes the assessment.",
        rows=6,
    )
    data = long_text(
        "Data and who supplies it", "Each data set, the partner who supplies it and when.", rows=4
    )
    timetable_note = long_text(
        "Timetable note",
        "The timetable itself comes from the cycle's stages and activities. "
        "Add anything the board should know about it.",
        rows=4,
    )
    sign_off = long_text("Sign-off", "Who signs the assessment off, and how.", rows=4)

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
