"""Forms for scoring: rounds, scorers, matrices and the per-issue sheet. They validate;
services save."""

from django import forms
from django.db.models import Q
from django.utils import timezone

from csp_assessment.crispy import CrispyForm
from csp_assessment.dates import day
from csp_assessment.form_fields import long_text
from cycles.forms import DATE_WIDGET

from .models import Matrix, Round


def matrices_for(partnership):
    return Matrix.objects.filter(Q(partnership=None) | Q(partnership=partnership)).order_by(
        "name", "-version"
    )


THRESHOLD_MOST = 100_000


class RoundForm(CrispyForm, forms.Form):
    name = forms.CharField(
        max_length=200,
        help_text="For example: Autumn scoring 2026.",
        error_messages={"required": "Enter a name for the round."},
    )
    matrix = forms.ModelChoiceField(queryset=Matrix.objects.none(), empty_label=None)
    deadline = forms.DateField(
        widget=DATE_WIDGET,
        help_text="When scorers should finish: today or later.",
        error_messages={
            "required": "Enter the day scorers should finish by.",
            "invalid": "Enter the deadline as a date, like 18/12/2026.",
        },
    )
    issues = forms.ModelMultipleChoiceField(
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text="Issues from the long list.",
        error_messages={"required": "Choose at least one issue to score."},
    )
    divergence_range = forms.IntegerField(
        label="Flag disagreement when scores differ by",
        min_value=1,
        max_value=20,
        initial=3,
        help_text="Flagged when the highest and lowest scores differ by this or more.",
    )
    threshold_kind = forms.ChoiceField(
        label="Go forward for deeper analysis", choices=Round.Threshold.choices
    )
    # N issues, or the lowest agreed total to go forward. A long list holds tens of
    # issues; the shipped matrices total 112 at most, and a matrix of ours could reach
    # tens of thousands only with every weight at 10 on a scale to 20 (MoRiLE's harm
    # times likelihood). Far past that is a slip of the keyboard.
    threshold_value = forms.IntegerField(
        label="N or minimum score",
        min_value=1,
        max_value=THRESHOLD_MOST,
        initial=5,
        error_messages={
            code: f"Enter a whole number from 1 to {THRESHOLD_MOST:,}."
            for code in ("min_value", "max_value")
        },
    )

    submit_label = "Create round"

    def __init__(self, *args, partnership, year, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["matrix"].queryset = matrices_for(partnership)
        # A copy keeps the name and, at first, the version of the matrix it came from:
        # the list says which is which.
        self.fields["matrix"].label_from_instance = lambda matrix: (
            f"{matrix}, {'our copy' if matrix.partnership_id else 'as shipped'}"
        )
        self.fields["issues"].queryset = year.issues.all()

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        today = timezone.localdate()
        if deadline < today:
            raise forms.ValidationError(
                f"The deadline must be today, {day(today)}, or later: {day(deadline)} has passed."
            )
        return deadline


class MatrixForm(CrispyForm, forms.Form):
    name = forms.CharField(max_length=200)
    description = long_text()
    scale_min = forms.IntegerField(label="Lowest score", min_value=0, max_value=10)
    scale_max = forms.IntegerField(label="Highest score", min_value=1, max_value=20)

    submit_label = "Save matrix"


class CriterionForm(CrispyForm, forms.Form):
    name = forms.CharField(max_length=120)
    meaning = forms.CharField(max_length=300, required=False)
    weight = forms.DecimalField(min_value=0, max_value=10, decimal_places=2, initial=1)

    submit_label = "Save criterion"

    def __init__(self, *args, scale: range, **kwargs):
        super().__init__(*args, **kwargs)
        for value in scale:
            self.fields[f"level_{value}"] = forms.CharField(
                label=f"What {value} means", max_length=200, required=False
            )

    def levels(self) -> dict[str, str]:
        return {
            name.removeprefix("level_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("level_")
        }


class WorkbookForm(CrispyForm, forms.Form):
    workbook = forms.FileField(
        label="Completed workbook (.xlsx)",
        help_text="The workbook exported from this round, or a matrix laid out the same way.",
    )

    submit_label = "Import scores"


class InterestForm(CrispyForm, forms.Form):
    reason = forms.CharField(
        label="Why you have an interest",
        max_length=300,
        help_text="One short sentence. For example: my agency runs the service concerned.",
        error_messages={
            "required": "Say briefly why you have an interest in this issue.",
            "max_length": "Keep the reason to 300 characters or fewer.",
        },
    )

    submit_label = "Declare the interest"
