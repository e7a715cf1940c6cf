"""Forms for cycles, years, stages and activities. They validate; services save."""

from django import forms

from csp_assessment.crispy import CrispyForm
from csp_assessment.dates import day
from csp_assessment.field_messages import PlainMessages
from csp_assessment.form_fields import check_dates_in_order, long_text
from partnerships.forms import MemberChoiceField
from partnerships.models import Membership

from .cycle_templates import available_templates
from .models import Activity, CycleYear, Issue, Stage

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class YearChoiceField(forms.ModelChoiceField):
    """A choice of cycle years, each named by its label, like 2026-27."""

    def label_from_instance(self, obj: CycleYear) -> str:
        return obj.label


class NewCycleForm(CrispyForm, forms.Form):
    template = forms.ChoiceField(
        label="Template",
        widget=forms.RadioSelect,
        help_text="You can change every date afterwards.",
    )
    start_year = forms.IntegerField(
        label="First financial year starts in",
        min_value=2000,
        max_value=2100,
        help_text="For example 2026 for a cycle that starts in April 2026.",
    )
    name = forms.CharField(
        max_length=200,
        required=False,
        help_text="Leave blank to name it after the template and years.",
    )

    submit_label = "Create cycle"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].choices = [
            (t.key, f"{t.name}: {t.description}") for t in available_templates()
        ]


class WindowForm(CrispyForm, forms.Form):
    starts_on = forms.DateField(label="Starts on", widget=DATE_WIDGET)
    ends_on = forms.DateField(label="Ends on", widget=DATE_WIDGET)

    def clean(self):
        cleaned = super().clean()
        check_dates_in_order(
            self, "starts_on", "ends_on", "The end date must be on or after the start date."
        )
        return cleaned


class YearForm(WindowForm):
    kind = forms.ChoiceField(choices=CycleYear.Kind.choices, label="Kind of year")
    summary = long_text()

    field_order = ["kind", "starts_on", "ends_on", "summary"]

    submit_label = "Save year"


class StageForm(WindowForm):
    summary = long_text()

    submit_label = "Save stage"


class ActivityForm(CrispyForm, forms.Form):
    title = forms.CharField(max_length=200)
    owner = MemberChoiceField(
        queryset=Membership.objects.none(), required=False, empty_label="Nobody yet"
    )
    due_on = forms.DateField(label="Due on", widget=DATE_WIDGET)
    status = forms.ChoiceField(choices=Activity.Status.choices)
    description = long_text()

    submit_label = "Save activity"

    def __init__(self, *args, stage: Stage, **kwargs):
        super().__init__(*args, **kwargs)
        first, last = stage.activity_due_window()
        self.fields["due_on"].help_text = f"From {day(first)} to {day(last)}."
        self.fields["owner"].queryset = stage.year.cycle.partnership.memberships.choosable(
            [self.initial.get("owner")]
        ).select_related("user")
        self.fields["owner"].label_from_instance = lambda m: (
            f"{m.display_name} ({m.get_role_display()}){' (has left)' if m.has_left else ''}"
        )


class StatusForm(PlainMessages, forms.Form):
    status = forms.ChoiceField(choices=Activity.Status.choices)


class IssueForm(CrispyForm, forms.Form):
    title = forms.CharField(max_length=200)
    description = long_text()
    theme = forms.ChoiceField(required=False, help_text="The partnership's themes.")
    lead_agency = forms.ModelChoiceField(queryset=None, required=False, empty_label="None yet")
    source = forms.ChoiceField(choices=Issue.Source.choices, initial=Issue.Source.NEW)
    pestelo = forms.MultipleChoiceField(
        label="PESTELO factors",
        choices=Issue.Pestelo.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Political, economic, social, technological, environmental, legal or "
        "organisational factors that bear on this issue.",
    )
    pestelo_note = long_text("PESTELO note", rows=2)
    serious_violence = forms.BooleanField(
        label="Part of the serious violence strand",
        required=False,
        help_text="Knife crime, violence with injury and similar issues the Serious Violence "
        "Duty covers. They are scored like any other issue.",
    )

    submit_label = "Save issue"

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_agency"].queryset = partnership.agencies.all()
        names = partnership.themes.values_list("name", flat=True)
        self.fields["theme"].choices = [("", "No theme yet"), *((n, n) for n in names)]


class ThemeForm(CrispyForm, forms.Form):
    name = forms.CharField(label="Theme", max_length=100)

    submit_label = "Add theme"


class ThemeRenameForm(ThemeForm):
    name = forms.CharField(label="New name", max_length=100)
    merge = forms.BooleanField(
        label="Merge into that theme",
        required=False,
        help_text="If another theme already has this name, move this theme's issues to it "
        "and remove this theme. Use it to tidy away a misspelt theme.",
    )

    submit_label = "Save theme"
