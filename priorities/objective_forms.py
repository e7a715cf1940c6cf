"""Forms for other plans' objectives and for choosing those a priority serves. They
validate; services save."""

from django import forms

from csp_assessment.crispy import CrispyForm
from csp_assessment.edits import SeenField

from .models import Objective


class ObjectiveForm(CrispyForm, forms.Form):
    plan = forms.ChoiceField(
        label="Which plan is it from?", choices=Objective.Plan.choices, widget=forms.RadioSelect
    )
    plan_name = forms.CharField(
        label="Name of the plan",
        max_length=200,
        required=False,
        help_text="Only for another plan. For example: Youth justice plan 2026 to 2029.",
    )
    wording = forms.CharField(
        label="The objective",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="As the plan words it.",
    )

    submit_label = "Save objective"


class ObjectiveEditForm(ObjectiveForm):
    seen = SeenField()


class ObjectivesField(forms.ModelMultipleChoiceField):
    """A tick box for each objective a priority may serve, named with its plan."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Other plans' objectives it serves")
        kwargs.setdefault(
            "help_text",
            "For example the police and crime plan's objectives, to which every "
            "responsible authority must have regard.",
        )
        super().__init__(queryset=Objective.objects.none(), required=False, **kwargs)

    def label_from_instance(self, obj: Objective) -> str:
        ended = "" if obj.is_current else " (no longer current)"
        return f"{obj.plan_label}: {obj.wording}{ended}"


class PriorityObjectivesForm(CrispyForm, forms.Form):
    objectives = ObjectivesField(label="Objectives it serves")

    submit_label = "Save objectives"

    def __init__(self, *args, offered, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objectives"].queryset = offered
