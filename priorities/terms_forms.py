"""Forms for the terms of reference: the draft, and the board's decision on it. They
validate; services/terms.py saves."""

from django import forms

from csp_assessment.crispy import CrispyForm
from csp_assessment.edits import SeenField
from csp_assessment.form_fields import RowsField, long_text

from . import terms_rules
from .forms import AgendaItemField, BoardDecisionForm


class TermsForm(CrispyForm, forms.Form):
    seen = SeenField()
    purpose = long_text(help_text="What the assessment is for and who it is for.", rows=4)
    scope = long_text(
        help_text="The area, the period and the subjects it covers, and what it leaves out.", rows=4
    )
    roles = RowsField(
        "Who does what",
        "One row a line: role | person or agency | what they do. "
        "For example: Lead analyst | Sam Taylor, council | Writes the assessment.",
        parse=terms_rules.parse_roles,
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

    submit_label = "Save draft"


class TermsDecisionForm(BoardDecisionForm):
    item = AgendaItemField(help_text="Only meetings that have taken place are listed.")
