"""Forms for the partnership plan (a county's community safety agreement: views pass
`short`, the document's short name). They validate; services.py saves."""

from django import forms

from csp_assessment.crispy import CrispyForm
from csp_assessment.edits import SeenField
from csp_assessment.form_fields import RowsField, long_text
from cycles.forms import DATE_WIDGET, YearChoiceField
from priorities.forms import AgendaItemField, BoardDecisionForm

from . import rules
from .models import MOST_PLAN_YEARS, PlanSending


class StartForm(CrispyForm, forms.Form):
    year = YearChoiceField(
        queryset=None,
        label="The year the plan starts from",
        empty_label=None,
        help_text="The plan is drafted from the priorities the board has agreed for this year.",
    )

    submit_label = "Start the draft"

    def __init__(self, *args, years, short: str = "plan", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].queryset = years
        self.fields["year"].label = f"The year the {short} starts from"
        self.fields[
            "year"
        ].help_text = (
            f"The {short} is drafted from the priorities the board has agreed for this year."
        )


class PlanForm(CrispyForm, forms.Form):
    seen = SeenField()
    years = forms.TypedChoiceField(
        label="Years it covers",
        choices=[(n, "1 year" if n == 1 else f"{n} years") for n in range(1, MOST_PLAN_YEARS + 1)],
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": f"Choose from 1 to {MOST_PLAN_YEARS} years."},
        help_text="Counted from the year the plan starts. Plans usually cover three "
        "years; many partnerships now plan for four.",
    )
    summary = long_text(
        rules.SECTIONS["summary"],
        "What the partnership will do over the plan's years to meet its priorities.",
        rows=5,
    )
    engagement = long_text(
        rules.SECTIONS["engagement"],
        "How you will tell people about the plan and hear from them.",
        rows=5,
    )
    involvement = long_text(
        rules.SECTIONS["involvement"],
        "How far residents and groups take part in the work, and how.",
        rows=5,
    )
    resources = RowsField(
        "What partners commit",
        "One row a line: agency | what it commits. For example: "
        "Bedfordshire Police | Two problem-solving officers for anti-social behaviour.",
        parse=rules.parse_resources,
    )

    submit_label = "Save draft"


class DecisionForm(BoardDecisionForm):
    item = AgendaItemField(
        help_text="Only the board's open meetings that have taken place are listed."
    )
    confirm = forms.BooleanField(
        label="I confirm this is what the board decided. If it agreed the plan, this "
        "version is frozen.",
        error_messages={"required": "Confirm that this is what the board decided."},
    )

    def __init__(self, *args, short: str = "plan", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["confirm"].label = (
            f"I confirm this is what the board decided. If it agreed the {short}, this "
            "version is frozen."
        )


class SendingForm(CrispyForm, forms.Form):
    sent_on = forms.DateField(
        label="Date sent",
        widget=DATE_WIDGET,
        error_messages={
            "required": "Enter the date it was sent.",
            "invalid": "Enter a real date, for example 23 November 2026.",
        },
    )
    agency = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="Commissioner's office",
        empty_label="Not listed",
    )
    sent_to = forms.CharField(
        label="Sent to",
        max_length=200,
        help_text="The person or office, for example the commissioner's chief executive.",
    )
    method = forms.ChoiceField(
        label="How it was sent", choices=PlanSending.Method.choices, widget=forms.RadioSelect
    )
    confirm = forms.BooleanField(
        label="I confirm the plan was sent as recorded here.",
        error_messages={"required": "Confirm that the plan was sent."},
    )

    submit_label = "Record sending"

    def __init__(self, *args, offices, short: str = "plan", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = offices
        self.fields["confirm"].label = f"I confirm the {short} was sent as recorded here."
        self.fields["confirm"].error_messages["required"] = f"Confirm that the {short} was sent."
