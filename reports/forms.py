"""Report forms: they validate and normalise; the services do the writing."""

from datetime import date

from django import forms

from analysis import rules as analysis_rules
from csp_assessment.crispy import CrispyForm
from csp_assessment.edits import SeenField
from cycles.forms import YearChoiceField
from cycles.models import CycleYear

from . import rules
from .models import Report


class NewReportForm(CrispyForm, forms.Form):
    year = YearChoiceField(queryset=CycleYear.objects.none(), empty_label=None)
    kind = forms.ChoiceField(label="Kind of report", choices=Report.Kind.choices)
    authors = forms.CharField(
        max_length=300,
        required=False,
        help_text="As they should appear on the title page. Left empty, last year's are used.",
    )
    marking = forms.CharField(
        label="Protective marking",
        max_length=40,
        initial="OFFICIAL",
        help_text="For example OFFICIAL.",
    )
    # Issue 13: a full assessment may carry the serious violence needs assessment too.
    with_sna = forms.BooleanField(
        label="Include the serious violence strategic needs assessment",
        required=False,
        help_text="Full strategic assessments only: adds the needs assessment's sections, so "
        "one report meets both duties.",
    )

    submit_label = "Start the report"

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].queryset = years


class ReportDetailsForm(CrispyForm, forms.Form):
    title = forms.CharField(max_length=200)
    authors = forms.CharField(max_length=300, required=False)
    marking = forms.CharField(label="Protective marking", max_length=40)

    submit_label = "Save the details"


class AnalysisPeriodForm(CrispyForm, forms.Form):
    """The month the report's analysis ends, as YYYY-MM; the service checks it has data."""

    end = forms.CharField(
        label="Analysis period ends with",
        required=False,
        widget=forms.Select,
        help_text="The report analyses the twelve months to this month.",
    )

    submit_label = "Save the analysis period"

    def __init__(self, *args, months, **kwargs):
        super().__init__(*args, **kwargs)
        latest = f" ({analysis_rules.month_label(months[-1])})" if months else ""
        self.fields["end"].widget.choices = [
            ("", f"The latest month with data{latest}"),
            *[(f"{m:%Y-%m}", analysis_rules.month_label(m)) for m in reversed(months)],
        ]

    def clean_end(self):
        value = self.cleaned_data["end"].strip()
        if not value:
            return None
        try:
            year, month = value.split("-")
            return date(int(year), int(month), 1)
        except ValueError:
            raise forms.ValidationError("Choose a month from the list.") from None


class SectionForm(CrispyForm, forms.Form):
    narrative = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 18, "class": "font-monospace"}),
        help_text=(
            "Markdown: ## for a heading, - for a list, | between table columns, "
            "[words](https://...) for a link. Images and HTML are removed."
        ),
    )
    components = forms.MultipleChoiceField(
        label="This section addresses",
        choices=rules.COMPONENTS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    internal = forms.BooleanField(label="Leave out of the public summary", required=False)
    seen = SeenField()

    submit_label = "Save the section"


class CommentForm(CrispyForm, forms.Form):
    text = forms.CharField(
        label="Your comment", widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    for_group = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="Comment for a group",
        empty_label="Just for myself",
        help_text="When you give a group's view of the draft.",
    )

    submit_label = "Add the comment"

    def __init__(self, *args, groups=None, **kwargs):
        """`groups`: the groups the commenter belongs to; with none, the choice is left out."""
        super().__init__(*args, **kwargs)
        if groups is not None and groups.exists():
            self.fields["for_group"].queryset = groups
        else:
            del self.fields["for_group"]


class SendToBoardForm(forms.Form):
    """Which final version goes to which open board meeting; the service checks both."""

    run = forms.ModelChoiceField(
        label="Version",
        queryset=None,
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the final version to send.",
            "invalid_choice": "Choose a final version from the list.",
        },
    )
    meeting = forms.ModelChoiceField(
        label="Board meeting",
        queryset=None,
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the board meeting to send it to.",
            "invalid_choice": "Choose an open board meeting from the list.",
        },
    )

    def __init__(self, *args, runs, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["run"].queryset = runs
        self.fields["run"].label_from_instance = lambda run: run.label
        self.fields["meeting"].queryset = meetings
        self.fields["meeting"].label_from_instance = str
