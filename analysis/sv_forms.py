"""The form for one authority's part in a year's serious violence work. It validates
and normalises; sv_services saves."""

from django import forms

from csp_assessment.crispy import CrispyForm
from csp_assessment.edits import SeenField
from partnerships.models import Agency

from . import sv_rules
from .sv_models import SvParticipation


class ParticipationForm(CrispyForm, forms.Form):
    seen = SeenField()
    agency = forms.ModelChoiceField(label="Authority", queryset=None, empty_label="Choose one")
    authority = forms.ChoiceField(
        label="Kind of authority",
        choices=[("", "Work it out from the agency's type"), *SvParticipation.KINDS],
        required=False,
        help_text="The kinds the 2022 Act names. Leave it to be worked out for police, fire "
        "and rescue, health, probation and council agencies.",
    )
    contributions = forms.MultipleChoiceField(
        label="What it contributed",
        choices=sv_rules.CONTRIBUTIONS,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one thing the authority contributed."},
    )
    note = forms.CharField(
        label="Note",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, which data it shared or which meetings it attended.",
    )

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        if "seen" not in self.initial:
            del self.fields["seen"]
        self.fields["agency"].queryset = Agency.objects.filter(partnership=partnership)
