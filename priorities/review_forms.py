"""Forms for the six-month review: the analyst's draft with a verdict on each agreed
priority, the board item it is taken to, and the board's decision. They validate;
review_services.py saves."""

from datetime import date

from django import forms

from analysis import rules as analysis_rules
from csp_assessment.crispy import CrispyForm
from csp_assessment.edits import SeenField
from csp_assessment.form_fields import long_text

from .forms import AgendaItemField, BoardDecisionForm
from .review_models import ReviewPriority

NOT_YET = ("", "Not decided yet")


class ReviewForm(CrispyForm, forms.Form):
    """`priorities` are the cycle's agreed priorities; each gets a verdict and a note.
    `months` are the months of police data held, newest first."""

    seen = SeenField()
    data_to = forms.TypedChoiceField(
        label="The assessment's police data ends with",
        required=False,
        coerce=date.fromisoformat,
        empty_value=None,
        help_text="The last month of police data the assessment used. The page compares "
        "the months since with the same months a year earlier.",
    )
    data_summary = long_text(
        "What changed in the data",
        "In your own words: what the figures since the assessment show, and what "
        "the board should know.",
        rows=5,
    )

    submit_label = "Save the review"

    def __init__(self, *args, priorities, months: list[date], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["data_to"].choices = [("", "Choose a month")] + [
            (m.isoformat(), analysis_rules.month_label(m)) for m in months
        ]
        self.priority_ids = []
        for priority in priorities:
            self.priority_ids.append(priority.pk)
            self.fields[f"verdict_{priority.pk}"] = forms.ChoiceField(
                label=f"{priority.display_title}: does it still hold?",
                choices=[NOT_YET, *ReviewPriority.Verdict.choices],
                required=False,
            )
            self.fields[f"note_{priority.pk}"] = forms.CharField(
                label=f"Note on {priority.title}",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text="Why. Needed when it needs change or should retire.",
            )

    def review_values(self) -> dict:
        """The cleaned data as `save_review` takes it."""
        data = self.cleaned_data
        return {
            "data_to": data["data_to"],
            "data_summary": data["data_summary"],
            "seen": data["seen"],
            "verdicts": {
                pk: (data[f"verdict_{pk}"], data[f"note_{pk}"]) for pk in self.priority_ids
            },
        }


class TakeToBoardForm(CrispyForm, forms.Form):
    item = AgendaItemField(help_text="Items of the board's open meetings, newest first.")

    submit_label = "Take it to the board"

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items


class ReviewDecisionForm(BoardDecisionForm):
    pass
